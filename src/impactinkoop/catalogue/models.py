"""The catalogue for small purchases: categories, enterprise profiles built on the register and
their offers, changes waiting for a curator, each organisation's short lists, quote requests and
the purchases requesters record."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from impactinkoop.core.querysets import TenantQuerySet
from impactinkoop.core.regions import LABOUR_MARKET_REGION_CHOICES

from .querysets import CategoryQuerySet, EnterpriseQuerySet, OfferQuerySet


class Category(models.Model):
    """A purchase category. Platform categories (`organisation` empty) form the shared tree; an
    organisation's own category sits under a platform category and narrows it with search words
    (for example "Kerstpakketten" under "Relatiegeschenken", words "kerst pakket")."""

    slug = models.SlugField(_("short name in web addresses"), max_length=80, unique=True)
    name_nl = models.CharField(_("name (Dutch)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("own category of"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="own_categories",
    )
    search_words = models.CharField(
        _("search words"),
        max_length=200,
        blank=True,
        help_text=_("Only offers in the parent category that match these words are shown."),
    )
    position = models.PositiveSmallIntegerField(default=0)

    objects = CategoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position", "name_nl"]
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=True) | Q(parent__isnull=False),
                name="catalogue_own_category_has_parent",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "nl").startswith("en") else self.name_nl

    @property
    def is_own(self) -> bool:
        return self.organisation_id is not None


class Enterprise(models.Model):
    """The public profile of a company in the register. Its fields are what the catalogue shows;
    edits by the enterprise wait in `Revision` until a curator approves them."""

    company = models.OneToOneField(
        "registry.Company",
        verbose_name=_("company in the register"),
        on_delete=models.PROTECT,
        related_name="enterprise",
    )
    slug = models.SlugField(_("short name in web addresses"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    summary = models.TextField(_("what the enterprise does"), max_length=2000)
    impact = models.TextField(_("social impact in plain words"), max_length=2000)
    region_served = models.CharField(
        _("region served"),
        max_length=60,
        blank=True,
        choices=LABOUR_MARKET_REGION_CHOICES,
        help_text=_("Leave empty if the enterprise delivers throughout the Netherlands."),
    )
    contact_email = models.EmailField(_("contact e-mail address"))
    contact_phone = models.CharField(_("telephone"), max_length=30, blank=True)
    website = models.URLField(_("website"), blank=True)
    logo = models.ForeignKey(
        "core.StoredFile",
        verbose_name=_("logo"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    is_published = models.BooleanField(_("published"), default=False)
    editors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("editors"),
        blank=True,
        related_name="enterprises",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    objects = EnterpriseQuerySet.as_manager()

    class Meta:
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


# The profile fields an enterprise edits; a revision carries new values for these.
PROFILE_FIELDS = [
    "name",
    "summary",
    "impact",
    "region_served",
    "contact_email",
    "contact_phone",
    "website",
]


class Offer(models.Model):
    """A product, service or work an enterprise offers, in one category."""

    class Kind(models.TextChoices):
        PRODUCT = "product", _("Product")
        SERVICE = "service", _("Service")
        WORK = "work", _("Work")

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.CASCADE, related_name="offers"
    )
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="offers"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PRODUCT)
    title = models.CharField(_("title"), max_length=150)
    description = models.TextField(_("description"), max_length=5000)
    price_indication = models.CharField(_("price indication"), max_length=100, blank=True)
    lead_time = models.CharField(_("lead time"), max_length=100, blank=True)
    minimum_order = models.CharField(_("minimum order"), max_length=100, blank=True)
    is_published = models.BooleanField(_("published"), default=False)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    objects = OfferQuerySet.as_manager()

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["title"]
        indexes = [
            models.Index(fields=["category", "is_published"], name="catalogue_offer_cat_idx")
        ]

    def __str__(self) -> str:
        return self.title


OFFER_FIELDS = [
    "category",
    "kind",
    "title",
    "description",
    "price_indication",
    "lead_time",
    "minimum_order",
]


class Revision(models.Model):
    """A change an enterprise proposes: its profile, a new offer or a changed offer. It is
    published when a curator approves it; `data` holds the proposed values."""

    class Subject(models.TextChoices):
        PROFILE = "profile", _("Profile")
        NEW_OFFER = "new_offer", _("New offer")
        OFFER = "offer", _("Changed offer")

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Published")
        REJECTED = "rejected", _("Not approved")
        # Never decided by a curator, so never "not approved" (issue 15, item 16).
        SUPERSEDED = "superseded", _("Replaced by a newer change")
        WITHDRAWN = "withdrawn", _("Offer withdrawn before approval")

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="revisions")
    offer = models.ForeignKey(
        Offer, on_delete=models.CASCADE, null=True, blank=True, related_name="revisions"
    )
    subject = models.CharField(_("subject"), max_length=12, choices=Subject.choices)
    data = models.JSONField(default=dict)
    logo = models.ForeignKey(
        "core.StoredFile", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING, db_index=True
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    note = models.TextField(_("note from the curator"), blank=True)

    class Meta:
        verbose_name = _("change")
        verbose_name_plural = _("changes")
        ordering = ["submitted_at", "id"]

    def __str__(self) -> str:
        return f"{self.enterprise}: {self.get_subject_display()}"


class CatalogueSettings(models.Model):
    """An organisation's catalogue settings."""

    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="catalogue_settings"
    )
    shortlist_size = models.PositiveSmallIntegerField(
        _("recommended enterprises per category"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_("Research advises about three: choice without overload."),
    )

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("catalogue settings")
        verbose_name_plural = _("catalogue settings")

    def __str__(self) -> str:
        return str(self.organisation)


class ShortlistEntry(models.Model):
    """One enterprise the organisation recommends in one category."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="shortlist_entries"
    )
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="+")
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)
    note = models.CharField(_("why we recommend it"), max_length=200, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("recommended enterprise")
        verbose_name_plural = _("recommended enterprises")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "category", "enterprise"],
                name="catalogue_shortlist_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.category} → {self.enterprise}"


class QuoteRequest(models.Model):
    """A requester asks an enterprise for a quote for one offer."""

    class Status(models.TextChoices):
        SENT = "sent", _("Sent")
        ANSWERED = "answered", _("Answered")
        DECLINED = "declined", _("Declined by the enterprise")
        ORDERED = "ordered", _("Ordered")
        CLOSED = "closed", _("Closed without order")

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="quote_requests"
    )
    offer = models.ForeignKey(
        Offer, verbose_name=_("offer"), on_delete=models.PROTECT, related_name="+"
    )
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="quote_requests",
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requester"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    message = models.TextField(_("what you need"), max_length=3000)
    quantity = models.CharField(_("quantity"), max_length=100, blank=True)
    wanted_by = models.DateField(_("needed by"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SENT, db_index=True
    )
    reply = models.TextField(_("reply from the enterprise"), blank=True, max_length=3000)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("quote request")
        verbose_name_plural = _("quote requests")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.enterprise}: {self.offer}"


class Purchase(models.Model):
    """A purchase a requester recorded. It counts in the organisation's monitoring until the same
    invoice arrives through the ledger; then `ledger_line_id` points at that line and the ledger
    counts it, so it is never counted twice."""

    class Match(models.TextChoices):
        INVOICE = "invoice", _("same invoice number")
        AMOUNT = "amount", _("same amount within 60 days")

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="catalogue_purchases"
    )
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="purchases"
    )
    quote_request = models.OneToOneField(
        QuoteRequest, on_delete=models.SET_NULL, null=True, blank=True, related_name="purchase"
    )
    description = models.CharField(_("what was bought"), max_length=200)
    amount = models.DecimalField(
        _("amount"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(0)],
        help_text=_("Excluding VAT, as on the invoice."),
    )
    date = models.DateField(_("invoice date"))
    invoice_number = models.CharField(_("invoice number"), max_length=64, blank=True)
    department = models.CharField(_("department"), max_length=200, blank=True)
    ledger_line_id = models.BigIntegerField(null=True, blank=True, db_index=True, editable=False)
    ledger_match = models.CharField(max_length=10, choices=Match.choices, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("purchase")
        verbose_name_plural = _("purchases")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.enterprise}: {self.description}"

    @property
    def in_ledger(self) -> bool:
        return self.ledger_line_id is not None


class SearchDocument(models.Model):
    """What search looks through: one row per published offer, and one per published enterprise
    (offer empty) with its profile and all its published offers, which a search without a
    category ranks. PostgreSQL indexes `text` with its Dutch configuration (a generated tsvector
    column with a partial GIN index for each kind of row); SQLite's FTS5 tables (`catalogue_fts`
    for offers, `catalogue_fts_enterprise`) index `stems`, the same words through the Dutch
    Snowball stemmer. Made in migrations 0002 and 0007."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="+")
    # The enterprise's company, copied: ranking puts the companies that count under the
    # organisation's policy first, and reading it here spares a join with every enterprise for
    # every search (issue 15, item 19). Empty only for documents written before migration 0009.
    company = models.ForeignKey(
        "registry.Company",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    offer = models.OneToOneField(
        Offer, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    category = models.ForeignKey(
        Category, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    region = models.CharField(max_length=60, blank=True, db_index=True)
    text = models.TextField()
    stems = models.TextField()

    class Meta:
        indexes = [models.Index(fields=["category", "enterprise"], name="catalogue_doc_cat_idx")]

    def __str__(self) -> str:
        return self.text[:80]


class SearchWord(models.Model):
    """The vocabulary of stems in the search documents, so a query word with a typo can be
    corrected to a word that exists."""

    word = models.CharField(max_length=60, primary_key=True)
    # A typo rarely hits both ends of a word: candidates share the first or the last letter.
    first = models.CharField(max_length=1)
    last = models.CharField(max_length=1)
    length = models.PositiveSmallIntegerField()
    # 0 for a stem that is no indexed word itself (for correcting typos, see search.py).
    documents = models.PositiveIntegerField(default=1)

    class Meta:
        indexes = [
            models.Index(fields=["first", "length"], name="catalogue_word_first_idx"),
            models.Index(fields=["last", "length"], name="catalogue_word_last_idx"),
        ]

    def __str__(self) -> str:
        return self.word


class UsedFormToken(models.Model):
    """A signed "shown at" token of a spam-checked form that has been sent once: it is refused
    the second time. Kept in the database, so every web process sees it, until the token would
    have expired anyway."""

    digest = models.CharField(max_length=64, unique=True)  # sha256 of the token
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return self.digest
