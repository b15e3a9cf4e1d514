"""Companies, their social-enterprise qualifications over time, each organisation's policy on
which qualifications count, and register imports."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from impactinkoop.core.imports.batch import ImportBatch
from impactinkoop.core.querysets import TenantQuerySet
from impactinkoop.core.regions import LABOUR_MARKET_REGION_CHOICES
from impactinkoop.core.validators import validate_kvk_number
from impactinkoop.matching.normalise import name_key

from .querysets import CompanyQuerySet, QualificationQuerySet
from .sources import Level, Source

validate_establishment_number = RegexValidator(
    r"^\d{12}$", _("An establishment number is exactly 12 digits."), code="invalid_establishment"
)


# The details of a company besides its KvK number: what forms edit and imports fill.
COMPANY_DETAILS = [
    "establishment_number",
    "name",
    "trade_names",
    "legal_form",
    "street",
    "postcode",
    "city",
    "municipality",
    "labour_market_region",
    "sbi_code",
    "website",
]


class Company(models.Model):
    """A company, identified by its KvK number. A company without one is an unverified
    candidate: known by name only (for example from a list of SW companies), kept for matching."""

    kvk_number = models.CharField(
        _("KvK number"),
        max_length=8,
        null=True,
        blank=True,
        unique=True,
        validators=[validate_kvk_number],
    )
    establishment_number = models.CharField(
        _("establishment number"),
        max_length=12,
        blank=True,
        validators=[validate_establishment_number],
    )
    name = models.CharField(_("name"), max_length=200)
    trade_names = models.TextField(_("trade names"), blank=True, help_text=_("One per line."))
    legal_form = models.CharField(_("legal form"), max_length=60, blank=True)
    street = models.CharField(_("address"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("place"), max_length=100, blank=True)
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    labour_market_region = models.CharField(
        _("labour-market region"), max_length=60, blank=True, choices=LABOUR_MARKET_REGION_CHOICES
    )
    sbi_code = models.CharField(_("SBI code"), max_length=10, blank=True)
    website = models.URLField(_("website"), blank=True)
    name_key = models.CharField(max_length=200, db_index=True, editable=False)
    added_by_organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("added by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True, db_index=True)

    objects = CompanyQuerySet.as_manager()

    class Meta:
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name_key = name_key(self.name)
        if self.kvk_number == "":
            self.kvk_number = None
        super().save(*args, **kwargs)

    @property
    def is_candidate(self) -> bool:
        return not self.kvk_number


class Qualification(models.Model):
    """One qualification of a company from one source, valid over a period. Public ones
    (`organisation` empty) are kept by platform administrators; an organisation's own are
    visible only to that organisation."""

    class Origin(models.TextChoices):
        IMPORT = "import", _("import")
        MANUAL = "manual", _("entered by hand")

    company = models.ForeignKey(
        Company, verbose_name=_("company"), on_delete=models.CASCADE, related_name="qualifications"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("own qualification of"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="own_qualifications",
    )
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices, blank=True)
    region = models.CharField(_("region"), max_length=100, blank=True)
    label = models.CharField(_("name of the badge or recognition"), max_length=200, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    evidence_url = models.URLField(_("evidence (link)"), blank=True, max_length=500)
    evidence_file = models.ForeignKey(
        "core.StoredFile",
        verbose_name=_("evidence (file)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.TextField(_("reason"), blank=True)
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.MANUAL)
    register_import = models.ForeignKey(
        "registry.RegisterImport",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="qualifications",
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("verified on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Indexed: the baseline's data version asks for the latest change to any qualification.
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    objects = QualificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("qualification")
        verbose_name_plural = _("qualifications")
        ordering = ["-valid_from", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="registry_qualification_period_in_order",
            ),
            models.CheckConstraint(
                condition=~Q(source=Source.OWN_JUDGEMENT) | ~Q(reason=""),
                name="registry_own_judgement_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["source", "level", "valid_from"], name="registry_q_source_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.company}: {self.describe()}"

    def describe(self) -> str:
        parts = [str(self.get_source_display())]
        if self.level:
            parts.append(str(self.get_level_display()))
        if self.region:
            parts.append(self.region)
        if self.label:
            parts.append(self.label)
        return ", ".join(parts)

    def is_valid_on(self, day) -> bool:
        return self.valid_from <= day and (self.valid_until is None or self.valid_until >= day)


class RegisterPolicy(models.Model):
    """Which sources and levels count as "social enterprise" for one organisation."""

    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="register_policy"
    )
    accepted = models.JSONField(default=list)  # keys "source:level", see sources.policy_key
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("register policy")
        verbose_name_plural = _("register policies")

    def __str__(self) -> str:
        return f"{self.organisation}: {', '.join(self.accepted)}"


class RegisterImport(ImportBatch):
    """One upload of a register file, from upload through mapping and review to commit."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("own qualifications of"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="register_imports",
    )
    # The organisation whose pages the import was started from; `organisation` is empty when a
    # platform administrator imports public register data. Empty too for public register data
    # imported by the `import_register` command, which belongs to no organisation's pages.
    started_in = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    file = models.ForeignKey("core.StoredFile", on_delete=models.PROTECT, related_name="+")
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices, blank=True)
    region = models.CharField(_("region"), max_length=100, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    allow_rejected = models.BooleanField(default=False)

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("register import")
        verbose_name_plural = _("register imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file.name} ({self.get_source_display()})"
