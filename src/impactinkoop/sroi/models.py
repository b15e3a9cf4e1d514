"""Social return: building-block tables per region and edition (rule sets as data), the
obligation on a contract with a social-return clause, its history, and the realisations the SROI
officer enters against it.

An obligation points at one edition. An edition that an obligation uses is frozen: editing it is
refused and the officer copies it to a new edition instead (decision 0021), so a new edition
never changes what was agreed under an older one."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from impactinkoop.core.imports.batch import ImportBatch
from impactinkoop.core.querysets import TenantQuerySet

MONEY = {"max_digits": 14, "decimal_places": 2}
MAX_HOURS_A_WEEK = Decimal("60")


class RuleSet(models.Model):
    """One edition of a region's building-block table, kept per organisation."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    key = models.SlugField(_("code"), max_length=60)
    name = models.CharField(_("name"), max_length=200)
    region = models.CharField(_("region"), max_length=200)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    hours_basis = models.DecimalField(
        _("hours of a full-time week"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("36"),
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(MAX_HOURS_A_WEEK)],
    )
    bonuses_stack = models.BooleanField(
        _("bonuses stack on the job or learning block"),
        default=True,
        help_text=_("The published tables say bonuses come on top of the amounts above."),
    )
    source = models.TextField(_("source"), blank=True)
    note = models.TextField(_("note"), blank=True)
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("building-block table")
        verbose_name_plural = _("building-block tables")
        ordering = ["region", "-valid_from", "key"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "key"], name="sroi_ruleset_key_once")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def in_use(self) -> bool:
        return self.obligations.exists()


class BlockKind(models.TextChoices):
    JOB = "job", _("Job")
    LEARNING = "learning", _("Learning place")
    PLACEMENT = "placement", _("Work-experience placement")
    PURCHASE = "purchase", _("Purchase at a social enterprise or SW company")
    ACTIVITY = "activity", _("Activity")
    BONUS = "bonus", _("Bonus")


class Unit(models.TextChoices):
    YEAR = "year", _("per year, pro rata to hours and months")
    MONTH = "month", _("per month")
    EMPLOYEE_HOUR = "employee_hour", _("per employee hour")
    PERCENT_PAID_INVOICES = "percent_of_paid_invoices", _("percentage of paid invoices")
    PERCENT_COST_EXCL_VAT = "percent_of_cost_excl_vat", _("percentage of costs excluding VAT")
    PERCENT_COST = "percent_of_cost", _("percentage of the costs made")
    ONCE = "once", _("once")


PERCENT_UNITS = frozenset(
    {Unit.PERCENT_PAID_INVOICES, Unit.PERCENT_COST_EXCL_VAT, Unit.PERCENT_COST}
)


class Block(models.Model):
    rule_set = models.ForeignKey(RuleSet, on_delete=models.CASCADE, related_name="blocks")
    name = models.CharField(_("block"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=BlockKind.choices)
    value = models.DecimalField(_("value"), validators=[MinValueValidator(Decimal("0"))], **MONEY)
    unit = models.CharField(_("unit"), max_length=30, choices=Unit.choices, default=Unit.YEAR)
    max_months = models.PositiveSmallIntegerField(
        _("counts for at most (months)"),
        null=True,
        blank=True,
        help_text=_("Empty: no limit."),
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("building block")
        verbose_name_plural = _("building blocks")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name


class Basis(models.TextChoices):
    CONTRACT_VALUE = "contract_value", _("Percentage of the contract value")
    WAGE_SUM = "wage_sum", _("Percentage of the wage sum")


class Obligation(models.Model):
    """The social return a contract obliges its contractor to: a percentage of the contract
    value (or of the wage sum entered for that contract) under one edition."""

    class Reason(models.TextChoices):
        NO_LABOUR = "no_labour", _("Little labour in the contract (supplies)")
        SHORT = "short", _("Contract too short")
        NO_CANDIDATES = "no_candidates", _("No suitable candidates in the region")
        RESERVED = "reserved", _("Reserved contract: social enterprise already required")
        DISPROPORTIONATE = "disproportionate", _("Disproportionate for the contract")
        OTHER = "other", _("Another reason")

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    contract = models.OneToOneField(
        "contracts.Contract",
        on_delete=models.CASCADE,
        related_name="sroi_obligation",
        verbose_name=_("contract"),
    )
    rule_set = models.ForeignKey(
        RuleSet,
        on_delete=models.PROTECT,
        related_name="obligations",
        verbose_name=_("building-block table"),
    )
    basis = models.CharField(
        _("basis"), max_length=20, choices=Basis.choices, default=Basis.CONTRACT_VALUE
    )
    wage_sum = models.DecimalField(_("wage sum (euros)"), null=True, blank=True, **MONEY)
    base_amount = models.DecimalField(_("base amount (euros)"), **MONEY)
    percentage = models.DecimalField(
        _("percentage"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    default_percentage = models.DecimalField(
        _("default percentage"), max_digits=5, decimal_places=2
    )
    amount = models.DecimalField(_("obligation (euros)"), **MONEY)
    reason = models.CharField(
        _("reason for a lower percentage"), max_length=20, choices=Reason.choices, blank=True
    )
    explanation = models.TextField(_("explanation"), blank=True)
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    interim_every_months = models.PositiveSmallIntegerField(
        _("interim report every (months)"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
    )
    contact_name = models.CharField(_("contractor's contact"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact's email"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("social-return obligation")
        verbose_name_plural = _("social-return obligations")
        ordering = ["end_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="sroi_obligation_period"
            )
        ]

    def __str__(self) -> str:
        return str(self.contract)


class ObligationChange(models.Model):
    """One change of an obligation's figures, with the old and new value (its history)."""

    obligation = models.ForeignKey(Obligation, on_delete=models.CASCADE, related_name="changes")
    field = models.CharField(max_length=40)
    old = models.CharField(max_length=100, blank=True)
    new = models.CharField(max_length=100, blank=True)
    cause = models.CharField(max_length=200, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.field}: {self.old} -> {self.new}"

    @property
    def label(self):
        """The changed field's name in the reader's language."""
        return Obligation._meta.get_field(self.field).verbose_name


class RealisationKind(models.TextChoices):
    PLACEMENT = "placement", _("Placement (job or work experience)")
    LEARNING = "learning", _("Learning place")
    PURCHASE = "purchase", _("Purchase at a social enterprise")
    ACTIVITY = "activity", _("Activity")


# The block kinds a realisation of each kind may use.
KIND_BLOCKS = {
    RealisationKind.PLACEMENT: {BlockKind.JOB, BlockKind.PLACEMENT},
    RealisationKind.LEARNING: {BlockKind.LEARNING},
    RealisationKind.PURCHASE: {BlockKind.PURCHASE},
    RealisationKind.ACTIVITY: {BlockKind.ACTIVITY},
}


class ReviewStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Waiting for review")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class Source(models.TextChoices):
    OFFICER = "officer", _("SROI officer")
    CONTRACTOR = "contractor", _("Contractor")
    IMPORT = "import", _("Import")


class TargetGroup(models.TextChoices):
    PARTICIPATION_ACT = "participatiewet", _("Participation Act benefit")
    JOB_AGREEMENT = "banenafspraak", _("Job agreement (target-group register)")
    DISABILITY = "wia_wsw", _("WIA/WAO, WSW or sheltered work")
    UNEMPLOYMENT = "ww", _("Unemployment benefit (WW)")
    NO_BENEFIT = "nug", _("Job seeker without benefit")
    STUDENT = "student", _("Student (BBL/BOL) or school leaver")
    STATUS_HOLDER = "statushouder", _("Status holder")
    OTHER = "other", _("Other")


class AgeBand(models.TextChoices):
    UNDER_27 = "under_27", _("Under 27")
    FROM_27 = "27_49", _("27 to 49")
    FROM_50 = "50_54", _("50 to 54")
    FROM_55 = "55_plus", _("55 or older")


class Realisation(models.Model):
    obligation = models.ForeignKey(
        Obligation, on_delete=models.CASCADE, related_name="realisations"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=RealisationKind.choices)
    block = models.ForeignKey(
        Block, on_delete=models.PROTECT, related_name="+", verbose_name=_("building block")
    )
    bonuses = models.ManyToManyField(Block, blank=True, related_name="+", verbose_name=_("bonuses"))
    participant_code = models.CharField(_("participant code"), max_length=20, blank=True)
    hours_per_week = models.DecimalField(
        _("hours a week"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    invoice_number = models.CharField(_("invoice number"), max_length=60, blank=True)
    amount_excl_vat = models.DecimalField(
        _("amount excluding VAT (euros)"), null=True, blank=True, **MONEY
    )
    kvk_number = models.CharField(_("KvK number"), max_length=8, blank=True)
    kvk_known = models.BooleanField(default=True, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.ACCEPTED
    )
    source = models.CharField(
        _("reported by"), max_length=10, choices=Source.choices, default=Source.OFFICER
    )
    # The contractor's company in the register, for realisations it reported itself.
    company = models.ForeignKey(
        "registry.Company", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    # Privacy by design (decision 0022): no names, no BSN, no dates of birth. Age band and
    # residence only where a bonus or the local-placement figures need them.
    target_group = models.CharField(
        _("target group"), max_length=20, choices=TargetGroup.choices, blank=True
    )
    age_band = models.CharField(_("age band"), max_length=10, choices=AgeBand.choices, blank=True)
    residence = models.CharField(
        _("municipality of residence"),
        max_length=100,
        blank=True,
        help_text=_("Only the municipality, never an address."),
    )
    employed_after_6 = models.BooleanField(
        _("still employed after 6 months"), null=True, blank=True
    )
    employed_after_12 = models.BooleanField(
        _("still employed after 12 months"), null=True, blank=True
    )
    # The officer's decision that one participant in two obligations in overlapping months
    # may count in both (each for its own hours); otherwise only the first counts.
    split = models.BooleanField(_("double count split by the officer"), default=False)
    # When the retention period ended: the participant code, age band and residence are
    # emptied and only the counted figures remain.
    reduced_at = models.DateTimeField(_("reduced to counts"), null=True, blank=True)
    # Kept when the participant code is emptied: this participant was already counted (as a
    # person, and unless split also in value) by an earlier realisation, so the counts stay the
    # same after the reduction (`sroi.retention`).
    counted_elsewhere = models.BooleanField(
        _("participant counted in another realisation"), default=False, editable=False
    )
    hours = models.DecimalField(_("hours"), max_digits=8, decimal_places=2, null=True, blank=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    key = models.CharField(max_length=120, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("realisation")
        verbose_name_plural = _("realisations")
        ordering = ["start_date", "pk"]

    def __str__(self) -> str:
        return self.participant_code or self.invoice_number or self.description or str(self.pk)


class RealisationEvent(models.Model):
    """One step in a realisation's review: its history, kept for the contractor, the officer and
    the auditor alike."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        RESUBMITTED = "resubmitted", _("Submitted again")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")
        ANSWERED = "answered", _("Answered")
        SPLIT = "split", _("Double count split")
        FOLLOW_UP = "follow_up", _("Follow-up reported")
        REDUCED = "reduced", _("Reduced to counts")

    realisation = models.ForeignKey(Realisation, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("step"), max_length=12, choices=Action.choices)
    message = models.TextField(_("message"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    by_contractor = models.BooleanField(default=False)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("review step")
        verbose_name_plural = _("review steps")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return self.get_action_display()


class Evidence(models.Model):
    """A file a contractor or officer gave as proof of a realisation (PDF or image, checked by
    `core.uploads.check_evidence`)."""

    realisation = models.ForeignKey(Realisation, on_delete=models.CASCADE, related_name="evidence")
    file = models.ForeignKey("core.StoredFile", on_delete=models.PROTECT, related_name="+")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return str(self.file_id)


class Reminder(models.Model):
    """A reminder sent about one report deadline: the unique constraint makes sure no reminder
    is sent twice, whichever worker gets there first."""

    class When(models.TextChoices):
        BEFORE = "before", _("Before the deadline")
        AFTER = "after", _("After the deadline")

    obligation = models.ForeignKey(Obligation, on_delete=models.CASCADE, related_name="reminders")
    due = models.DateField(_("deadline"))
    when = models.CharField(max_length=6, choices=When.choices)
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.TextField(blank=True)

    class Meta:
        ordering = ["due", "when"]
        constraints = [
            models.UniqueConstraint(fields=["obligation", "due", "when"], name="sroi_reminder_once")
        ]

    def __str__(self) -> str:
        return f"{self.obligation_id} {self.due} {self.when}"


class SroiImport(ImportBatch):
    """One import of existing obligations and realisations (a spreadsheet kept by hand)."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    file = models.ForeignKey(
        "core.StoredFile", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    file_name = models.CharField(_("file"), max_length=255, blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta(ImportBatch.Meta):
        verbose_name = _("social-return import")

    def __str__(self) -> str:
        return self.file_name
