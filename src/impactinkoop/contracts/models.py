"""Contracts (the register of what the organisation has bought under contract), the rules on
tenders per organisation (versioned), the tender pipeline, and per tender its decision on each
MVI theme (comply or explain).

Money is kept as Decimal euros with cents. Suppliers are linked to the ledger supplier (spend)
and to the register company (registry) by id, as the other apps do; contracts reads them through
their query modules."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from impactinkoop.core.imports.batch import ImportBatch
from impactinkoop.core.querysets import TenantQuerySet

from .querysets import ContractQuerySet, RuleVersionQuerySet, TenderQuerySet

MONEY = {"max_digits": 14, "decimal_places": 2}


def _optional(model, label, related_name="+"):
    return models.ForeignKey(
        model,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name=related_name,
        verbose_name=label,
    )


class RuleVersion(models.Model):
    """The organisation's rules on tenders as they were from `created_at` on. A change makes a
    new version; a tender keeps the version in force when it was created."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    number = models.PositiveIntegerField(_("version"))
    mvoi_threshold = models.DecimalField(
        _("MVOI required from (euros)"),
        default=Decimal("50000.00"),
        validators=[MinValueValidator(Decimal("0"))],
        **MONEY,
    )
    social_return_threshold = models.DecimalField(
        _("social return required from (euros)"),
        default=Decimal("100000.00"),
        validators=[MinValueValidator(Decimal("0"))],
        **MONEY,
    )
    social_return_percentage = models.DecimalField(
        _("social return percentage"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("5.00"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    tenderboard_threshold = models.DecimalField(
        _("tenderboard reviews from (euros)"),
        default=Decimal("250000.00"),
        validators=[MinValueValidator(Decimal("0"))],
        **MONEY,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("in force from"), auto_now_add=True)

    objects = RuleVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("rule version")
        verbose_name_plural = _("rule versions")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "number"], name="contracts_rule_version_once"
            )
        ]

    def __str__(self) -> str:
        return str(_("Rules, version %(number)d") % {"number": self.number})


class Procedure(models.TextChoices):
    OPEN = "open", _("Open procedure")
    RESTRICTED = "restricted", _("Restricted procedure")
    NEGOTIATED = "negotiated", _("Negotiated procedure")
    DIALOGUE = "dialogue", _("Competitive dialogue")
    MULTIPLE_QUOTES = "multiple", _("Multiple private quotes (meervoudig onderhands)")
    SINGLE_QUOTE = "single", _("Single private quote (enkelvoudig onderhands)")
    OTHER = "other", _("Other")


def is_ocds_name(file_name: str) -> bool:
    """An import file read as OCDS (a release package) rather than as a table."""
    return file_name.lower().endswith(".json")


class ContractImport(ImportBatch):
    """One upload of a contract register, from upload through mapping and check to commit."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="contract_imports"
    )
    file = models.ForeignKey(
        "core.StoredFile", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    file_name = models.CharField(_("file"), max_length=255, blank=True)
    allow_rejected = models.BooleanField(_("import the valid rows only"), default=False)

    objects = TenantQuerySet.as_manager()

    class Meta(ImportBatch.Meta):
        verbose_name = _("contract import")
        verbose_name_plural = _("contract imports")

    def __str__(self) -> str:
        return self.file_name

    @property
    def is_ocds(self) -> bool:
        """Read as OCDS: no columns to map, straight to the check."""
        return is_ocds_name(self.file_name)


class Contract(models.Model):
    class Source(models.TextChoices):
        IMPORT = "import", _("Contract register")
        OCDS = "ocds", _("Open data (OCDS)")
        HAND = "hand", _("Entered by hand")
        TENDER = "tender", _("Awarded tender")

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="contracts"
    )
    # What identifies the contract across imports: its reference, else a hash of its row.
    key = models.CharField(max_length=80, editable=False)
    reference = models.CharField(_("contract number"), max_length=64, blank=True)
    title = models.CharField(_("title"), max_length=300)
    supplier_name = models.CharField(_("supplier"), max_length=200, blank=True)
    supplier_kvk = models.CharField(_("supplier's KvK number"), max_length=8, blank=True)
    supplier = _optional("spend.Supplier", _("supplier in the ledger"))
    company = _optional("registry.Company", _("company in the register"))
    department = _optional("accounts.Department", _("department"))
    category = _optional("spend.Category", _("purchase category"))
    cpv_codes = models.JSONField(_("CPV codes"), default=list, blank=True)
    estimated_value = models.DecimalField(
        _("estimated value (euros)"), null=True, blank=True, **MONEY
    )
    awarded_value = models.DecimalField(_("awarded value (euros)"), null=True, blank=True, **MONEY)
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    extension_until = models.DateField(_("may be extended until"), null=True, blank=True)
    extension_decide_by = models.DateField(_("extension to be decided by"), null=True, blank=True)
    extension_decided = models.BooleanField(_("extension decided"), default=False)
    procedure = models.CharField(
        _("procedure"), max_length=20, choices=Procedure.choices, blank=True
    )
    reserved = models.BooleanField(
        _("reserved (art. 2.82 Aanbestedingswet)"),
        default=False,
        help_text=_(
            "Only firms where at least 30 per cent of the staff are far from the labour market "
            "could bid."
        ),
    )
    mvi_themes = models.JSONField(_("MVI themes applied"), default=list, blank=True)
    social_return = models.BooleanField(_("social-return clause"), default=False)
    social_return_percentage = models.DecimalField(
        _("social return percentage"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.HAND
    )
    contract_import = models.ForeignKey(
        ContractImport, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    tender = models.OneToOneField(
        "contracts.Tender",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="awarded_contract",
        verbose_name=_("tender"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ContractQuerySet.as_manager()

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        ordering = ["end_date", "title", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "key"], name="contracts_key_once"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="contracts_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def value(self) -> Decimal | None:
        """What the contract is worth: the awarded value, else the estimate."""
        return self.awarded_value if self.awarded_value is not None else self.estimated_value

    @property
    def last_day(self):
        """The last day it can run: the end of its extension options, else its end."""
        return self.extension_until or self.end_date


class Tender(models.Model):
    class Status(models.TextChoices):
        IDEA = "idea", _("Idea")
        PREPARING = "preparing", _("Preparing")
        PUBLISHED = "published", _("Published")
        AWARDED = "awarded", _("Awarded")
        CANCELLED = "cancelled", _("Cancelled")

    class Origin(models.TextChoices):
        CONTRACT = "contract", _("Contract ending")
        SPEND = "spend", _("Spend without a contract")
        HAND = "hand", _("Entered by hand")

    class SocialReturnReason(models.TextChoices):
        NO_LABOUR = "no_labour", _("Little labour in the contract (supplies)")
        SHORT = "short", _("Contract too short")
        NO_CANDIDATES = "no_candidates", _("No suitable candidates in the region")
        RESERVED = "reserved", _("Reserved contract: social enterprise already required")
        DISPROPORTIONATE = "disproportionate", _("Disproportionate for the contract")
        OTHER = "other", _("Another reason")

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="tenders"
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    # Empty only for a tender read from open data that withheld its estimate (not published).
    estimated_value = models.DecimalField(
        _("estimated value (euros)"),
        null=True,
        validators=[MinValueValidator(Decimal("0"))],
        **MONEY,
    )
    cpv_codes = models.JSONField(_("CPV codes"), default=list, blank=True)
    category = _optional("spend.Category", _("purchase category"))
    department = _optional("accounts.Department", _("department"))
    # The open-contracting id of a tender read from an OCDS file (its identity on re-import).
    ocid = models.CharField(max_length=120, blank=True, editable=False)
    budget_holder = _optional(settings.AUTH_USER_MODEL, _("budget holder"))
    planned_publication = models.DateField(_("planned publication"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.IDEA
    )
    origin = models.CharField(
        _("origin"), max_length=10, choices=Origin.choices, default=Origin.HAND
    )
    previous_contract = _optional("contracts.Contract", _("ending contract"), "follow_ups")
    # For a tender started from spend without a contract: the ledger supplier it came from.
    origin_supplier = _optional("spend.Supplier", _("supplier in the ledger"))
    rules = models.ForeignKey(
        RuleVersion, on_delete=models.PROTECT, related_name="tenders", verbose_name=_("rules")
    )
    procedure = models.CharField(
        _("procedure"), max_length=20, choices=Procedure.choices, blank=True
    )
    reserved_procurement = models.CharField(
        _("reserved procurement (eForms)"), max_length=20, blank=True, default="none"
    )
    social_objectives = models.JSONField(_("social objectives (eForms)"), default=list, blank=True)
    region = models.CharField(_("region of the market"), max_length=60, blank=True)
    market_category = models.ForeignKey(
        "catalogue.Category",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("category in the catalogue"),
    )
    # None: the rule's percentage applies; a lower one (or 0, a waiver) needs a reason.
    social_return_percentage = models.DecimalField(
        _("social return percentage"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    social_return_reason = models.CharField(
        _("reason for a lower percentage"),
        max_length=20,
        choices=SocialReturnReason.choices,
        blank=True,
    )
    social_return_explanation = models.TextField(_("explanation"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenderQuerySet.as_manager()

    class Meta:
        verbose_name = _("tender")
        verbose_name_plural = _("tenders")
        ordering = ["planned_publication", "title", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "ocid"],
                condition=~Q(ocid=""),
                name="contracts_tender_ocid_once",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def _reaches(self, threshold) -> bool:
        return self.estimated_value is not None and self.estimated_value >= threshold

    @property
    def mvoi_required(self) -> bool:
        return self._reaches(self.rules.mvoi_threshold)

    @property
    def social_return_required(self) -> bool:
        return self._reaches(self.rules.social_return_threshold)

    @property
    def tenderboard_review(self) -> bool:
        return self._reaches(self.rules.tenderboard_threshold)

    @property
    def effective_social_return(self) -> Decimal:
        """The percentage the tender asks: its own when recorded, else the rule's when the
        tender is above the threshold, else none."""
        if self.social_return_percentage is not None:
            return self.social_return_percentage
        if self.social_return_required:
            return self.rules.social_return_percentage
        return Decimal("0")

    @property
    def has_social_return(self) -> bool:
        return self.effective_social_return > 0

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.IDEA, self.Status.PREPARING, self.Status.PUBLISHED)


class TenderTheme(models.Model):
    """The buyer's decision on one theme of the matrix for one tender: applied (how, at what
    ambition level, in what words) or explained (why not)."""

    class Decision(models.TextChoices):
        OPEN = "", _("Not decided yet")
        APPLIED = "applied", _("Applied")
        EXPLAINED = "explained", _("Not applied, explained")

    class How(models.TextChoices):
        SELECTION = "selection", _("Selection criterion")
        REQUIREMENT = "requirement", _("Requirement (minimum)")
        AWARD = "award", _("Award criterion")
        CONDITION = "condition", _("Contract condition")

    class Reason(models.TextChoices):
        NO_MARKET = "no_market", _("The market cannot offer it yet")
        NOT_RELEVANT = "not_relevant", _("Not relevant for what is bought")
        COST = "cost", _("Costs out of proportion to the effect")
        COVERED = "covered", _("Already covered by another requirement or law")
        OTHER = "other", _("Another reason")

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="themes")
    theme_key = models.CharField(max_length=60)
    theme_name = models.CharField(_("theme"), max_length=100)
    position = models.PositiveSmallIntegerField(default=0)
    decision = models.CharField(
        _("decision"), max_length=10, choices=Decision.choices, blank=True, default=""
    )
    how = models.CharField(_("applied as"), max_length=12, choices=How.choices, blank=True)
    weight = models.DecimalField(
        _("weight (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    ambition = models.PositiveSmallIntegerField(
        _("ambition level"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(3)],
    )
    text = models.TextField(_("text in the tender"), blank=True)
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices, blank=True)
    explanation = models.TextField(_("explanation"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["tender", "theme_key"], name="contracts_theme_once"),
            models.CheckConstraint(
                condition=Q(ambition__isnull=True) | Q(ambition__gte=1, ambition__lte=3),
                name="contracts_ambition_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tender}: {self.theme_name}"
