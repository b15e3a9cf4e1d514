"""Ledger imports, the suppliers and dimensions found in them, and the ledger lines themselves.
Amounts are integer cents: exact, and fast to sum."""

from datetime import datetime

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from impactinkoop.accounts.models import Department
from impactinkoop.core.imports.batch import ImportBatch
from impactinkoop.core.querysets import TenantQuerySet
from impactinkoop.matching import engine


class Supplier(models.Model):
    """A supplier as the organisation's ledger knows it, linked to the register when possible.
    `key` identifies it across imports: the ledger number (with the name where one number
    stands for several suppliers), else the KvK number, else the name (`imports.supplier_keys`)."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="suppliers"
    )
    key = models.CharField(max_length=220)
    name = models.CharField(_("name"), max_length=200)
    ledger_number = models.CharField(_("supplier number"), max_length=64, blank=True)
    kvk_number = models.CharField(_("KvK number"), max_length=8, blank=True)
    company = models.ForeignKey(
        "registry.Company",
        verbose_name=_("company in the register"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="suppliers",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("supplier")
        verbose_name_plural = _("suppliers")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "key"], name="spend_supplier_key_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def lines_key(self) -> str:
        return lines_key(self.key, self.ledger_number)


def lines_key(key: str, ledger_number: str) -> str:
    """What a supplier's lines have in common in the source: its number, else its key (KvK or
    name). Every key made from a number starts with "n:" and keeps the number."""
    return f"n:{ledger_number}" if key.startswith("n:") else key


class _Dimension(models.Model):
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)

    objects = TenantQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CostCentre(_Dimension):
    class Meta(_Dimension.Meta):
        verbose_name = _("cost centre")
        verbose_name_plural = _("cost centres")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="spend_costcentre_name_unique"
            )
        ]


class Category(_Dimension):
    class Meta(_Dimension.Meta):
        verbose_name = _("purchase category")
        verbose_name_plural = _("purchase categories")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="spend_category_name_unique"
            )
        ]


class LedgerMapping(models.Model):
    """A saved column mapping, reused for next year's export of the same finance system."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="ledger_mappings"
    )
    name = models.CharField(_("name"), max_length=100)
    mapping = models.JSONField(default=dict)
    options = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("saved mapping")
        verbose_name_plural = _("saved mappings")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="spend_mapping_name_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name


class LedgerImport(ImportBatch):
    """One upload of a ledger export (or one run of the `import_ledger` command, whose file
    stays on the operator's disk: `file` empty, its checksum kept)."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="ledger_imports"
    )
    file = models.ForeignKey(
        "core.StoredFile", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    file_name = models.CharField(_("file"), max_length=255)
    file_sha256 = models.CharField(max_length=64, db_index=True)
    file_size = models.PositiveBigIntegerField(default=0)
    options = models.JSONField(default=dict, blank=True)
    rows_imported = models.PositiveIntegerField(_("lines imported"), default=0)
    total_cents = models.BigIntegerField(default=0)  # in the import's currency
    # The lines are stored in the file's currency; another currency than the euro counts in
    # the baseline once the exchange rate (euros for one unit) is entered (`imports.currency`).
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    exchange_rate = models.DecimalField(
        _("exchange rate"), max_digits=16, decimal_places=6, null=True, blank=True
    )
    rate_set_at = models.DateTimeField(null=True, blank=True)
    period_start = models.DateField(_("from"), null=True, blank=True)
    period_end = models.DateField(_("until"), null=True, blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("ledger import")
        verbose_name_plural = _("ledger imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.file_name


class LedgerLine(models.Model):
    """One invoice line. A year of a large municipality is a million rows, so the table is
    written in bulk and kept lean: foreign keys are enforced by the code that writes them (ids
    read in the same transaction), not by the database, whose per-row checks would cost more
    than the inserts; and only (organisation, date) is indexed, as reports read by period.
    Deleting still cascades through Django."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    ledger_import = models.ForeignKey(
        LedgerImport,
        on_delete=models.CASCADE,
        related_name="lines",
        db_index=False,
        db_constraint=False,
    )
    line_number = models.PositiveIntegerField(_("line"))
    supplier = models.ForeignKey(
        Supplier,
        on_delete=models.PROTECT,
        related_name="lines",
        db_index=False,
        db_constraint=False,
    )
    invoice_number = models.CharField(_("invoice number"), max_length=64, blank=True)
    invoice_date = models.DateField(_("invoice date"), null=True, blank=True)
    booking_date = models.DateField(_("booking date"), null=True, blank=True)
    date = models.DateField(_("date"))  # the invoice date, else the booking date
    amount_cents = models.BigIntegerField(_("amount"))
    vat_cents = models.BigIntegerField(_("VAT"), null=True, blank=True)
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    cost_centre = models.ForeignKey(
        CostCentre,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    ledger_account = models.CharField(_("ledger account"), max_length=64, blank=True)
    description = models.TextField(_("description"), blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("ledger line")
        verbose_name_plural = _("ledger lines")
        indexes = [models.Index(fields=["organisation", "date"], name="spend_line_org_date_idx")]

    def __str__(self) -> str:
        return f"{self.supplier_id} {self.date} {self.amount_cents}"


def current_engine_version() -> int:
    return engine.ENGINE_VERSION


class SupplierMatch(models.Model):
    """A proposed, accepted or rejected link between a ledger supplier and a register company.
    Decisions are remembered: a rejected pair is never proposed again. An accepted link is the
    supplier's `company`; only accepted links make spend count as social.

    `engine_version` is the matching engine that made the link or proposal: a later engine
    checks the automatic links of an earlier one again (`linking.recheck`). `recheck` marks a
    row that is asked again in the review queue: an accepted link the current engine is no longer
    sure of (`recheck_reason`, `recheck_score`: its view of the same company now), or a proposal
    of another company than the supplier's automatic link."""

    class State(models.TextChoices):
        PROPOSED = "proposed", _("To review")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="matches")
    company = models.ForeignKey("registry.Company", on_delete=models.CASCADE, related_name="+")
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PROPOSED, db_index=True
    )
    score = models.FloatField(_("score"))
    reason = models.CharField(_("reason"), max_length=200)
    alternatives = models.JSONField(default=list, blank=True)  # [[company id, name, kvk, score]]
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    engine_version = models.PositiveSmallIntegerField(default=current_engine_version)
    recheck = models.BooleanField(_("asked again"), default=False)
    recheck_reason = models.CharField(max_length=200, blank=True)
    recheck_score = models.FloatField(null=True, blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("supplier match")
        verbose_name_plural = _("supplier matches")
        constraints = [
            models.UniqueConstraint(fields=["supplier", "company"], name="spend_match_pair_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.supplier} → {self.company} ({self.state})"


class MonthlySpend(models.Model):
    """The ledger lines of one import summed per month, supplier, department, cost centre and
    category: what the baseline reads, so a dashboard over a million lines sums a few thousand
    rows. Written with the lines (and deleted with their import), never edited."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    ledger_import = models.ForeignKey(
        LedgerImport,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    month = models.DateField()  # the first day of the month
    supplier = models.ForeignKey(
        Supplier, on_delete=models.PROTECT, related_name="+", db_index=False, db_constraint=False
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    cost_centre = models.ForeignKey(
        CostCentre,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    amount_cents = models.BigIntegerField()
    lines = models.PositiveIntegerField()

    objects = TenantQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["organisation", "month"], name="spend_monthly_org_month_idx"),
            models.Index(fields=["ledger_import"], name="spend_monthly_import_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.supplier_id} {self.amount_cents}"


class Baseline(models.Model):
    """A period's figures frozen as the organisation's official baseline (nulmeting). The
    figures are stored, not recomputed: later imports, links and policy changes leave them be."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="baselines"
    )
    name = models.CharField(_("name"), max_length=100)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("until"))
    figures = models.JSONField(encoder=DjangoJSONEncoder)
    data_version = models.CharField(_("data version"), max_length=200)
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    frozen_at = models.DateTimeField(_("frozen"), auto_now_add=True)
    is_official = models.BooleanField(_("official baseline"), default=False)

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("baseline")
        verbose_name_plural = _("baselines")
        ordering = ["-frozen_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                condition=models.Q(is_official=True),
                name="spend_one_official_baseline",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def data_as_of(self):
        """When the data it was frozen from last changed (older versions: when it was frozen)."""
        return version_date(self.data_version) or self.frozen_at


def version_date(data_version: str):
    """The moment of the last data change that leads a data version
    (`baseline.figures.data_version`), or None for an empty organisation or a version written
    before versions carried it."""
    moment, _sep, _digest = data_version.partition(" · ")
    try:
        return datetime.fromisoformat(moment)
    except ValueError:
        return None


class BaselineFigures(models.Model):
    """The last computed figures of a period, kept with the data version they were computed
    from: a dashboard view reads them while the version holds, and recomputes once it moves."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    period_start = models.DateField()
    period_end = models.DateField()
    language = models.CharField(max_length=10)  # labels (qualification sources) are translated
    data_version = models.CharField(max_length=200)
    figures = models.JSONField(encoder=DjangoJSONEncoder)
    computed_at = models.DateTimeField(auto_now=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "period_start", "period_end", "language"],
                name="spend_figures_period_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.period_start} – {self.period_end}"
