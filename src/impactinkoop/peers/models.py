"""Learning with peers (De Normaalste Zaak's steps 5 and 6): an opt-in benchmark across
organisations, intervision groups that span organisations, and the knowledge a coordinator keeps
per step and theme. The case library reads published stories from the results app. Decision 0025
explains what the benchmark may show."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from impactinkoop.core.querysets import TenantQuerySet

from .querysets import GroupQuerySet, GroupRowQuerySet, SharingQuerySet


class SizeBand(models.TextChoices):
    """How large an organisation is, in inhabitants (a municipality, province or water authority)
    or employees (the others), as its administrator enters it; peers are grouped by kind and
    band."""

    SMALL = "s", _("Small (up to 50,000 inhabitants or 1,000 employees)")
    MEDIUM = "m", _("Medium (50,000 to 100,000 inhabitants or 1,000 to 5,000 employees)")
    LARGE = "l", _("Large (100,000 to 250,000 inhabitants or 5,000 to 15,000 employees)")
    VERY_LARGE = "xl", _("Very large (over 250,000 inhabitants or 15,000 employees)")


class SizeMeasure(models.TextChoices):
    INHABITANTS = "inhabitants", _("inhabitants")
    EMPLOYEES = "employees", _("employees")


class Sharing(models.Model):
    """What an organisation's administrator chose to share with peers: its yearly figures in
    the benchmark (off by default), its name with them, and a contact person for its stories
    in the case library."""

    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="peer_sharing"
    )
    shares_figures = models.BooleanField(_("share our figures in the benchmark"), default=False)
    named = models.BooleanField(_("show our name with our figures"), default=False)
    size_band = models.CharField(_("size"), max_length=2, choices=SizeBand.choices, blank=True)
    size_measure = models.CharField(
        _("counted in"), max_length=12, choices=SizeMeasure.choices, blank=True
    )
    size = models.PositiveIntegerField(
        _("number of inhabitants or employees"), null=True, blank=True
    )
    shares_contact = models.BooleanField(
        _("show a contact person with our case stories"), default=False
    )
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail address"), blank=True)
    changed_at = models.DateTimeField(_("changed"), auto_now=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = SharingQuerySet.as_manager()

    class Meta:
        verbose_name = _("sharing with peers")
        verbose_name_plural = _("sharing with peers")

    def __str__(self) -> str:
        return str(self.organisation)


class Figure(models.TextChoices):
    """The yearly figures an organisation may share."""

    SOCIAL_SPEND = "social_spend", _("Share of spend at social enterprises")
    TENDERS_MVI = "tenders_mvi", _("Share of tenders above the threshold with MVI")
    SROI_REALISED = "sroi_realised", _("Social-return realisation")
    PURCHASES = "purchases", _("Catalogue purchases per 1,000 employees or inhabitants")


class BenchmarkSnapshot(models.Model):
    """The benchmark of one year, taken once on a fixed date and never recomputed: switching
    sharing on and off afterwards cannot reveal a figure by difference."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    taken_on = models.DateField(_("taken on"))
    taken_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("benchmark")
        verbose_name_plural = _("benchmarks")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)


class BenchmarkEntry(models.Model):
    """One sharing organisation's figures in a snapshot, rounded. Shown only to the
    organisation itself (while it still shares), and to others only when it chose to be named."""

    snapshot = models.ForeignKey(
        BenchmarkSnapshot, on_delete=models.CASCADE, related_name="entries"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=20)
    size_band = models.CharField(max_length=2, choices=SizeBand.choices)
    named = models.BooleanField(default=False)
    # Whole percentages (0-100), or None when the organisation has no such figure that year.
    social_spend = models.PositiveSmallIntegerField(null=True)
    tenders_mvi = models.PositiveSmallIntegerField(null=True)
    sroi_realised = models.PositiveSmallIntegerField(null=True)
    purchases = models.DecimalField(max_digits=9, decimal_places=1, null=True)
    # The register sources the organisation's policy counted as social enterprise that year.
    sources = models.JSONField(default=list)

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("benchmark entry")
        verbose_name_plural = _("benchmark entries")
        constraints = [
            models.UniqueConstraint(
                fields=["snapshot", "organisation"], name="peers_entry_once_per_snapshot"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.snapshot}"


class BenchmarkGroup(models.Model):
    """The published aggregate of one peer group (kind and size band) in a snapshot. Only a group
    of at least five sharing organisations has one; the statistics say what may be shown."""

    snapshot = models.ForeignKey(BenchmarkSnapshot, on_delete=models.CASCADE, related_name="groups")
    kind = models.CharField(max_length=20)
    size_band = models.CharField(max_length=2, choices=SizeBand.choices)
    organisations = models.PositiveIntegerField()
    # {register source code: how many of the group's organisations count it}
    sources = models.JSONField(default=dict)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["snapshot", "kind", "size_band"], name="peers_group_once_per_snapshot"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.size_band} {self.snapshot}"


class BenchmarkStatistic(models.Model):
    """One figure of a group: the range between the lowest and highest quarter, and the median
    only when at least ten organisations have the figure (so it is never one organisation's)."""

    group = models.ForeignKey(BenchmarkGroup, on_delete=models.CASCADE, related_name="statistics")
    figure = models.CharField(max_length=20, choices=Figure.choices)
    count = models.PositiveIntegerField()
    low = models.DecimalField(max_digits=9, decimal_places=1)
    high = models.DecimalField(max_digits=9, decimal_places=1)
    median = models.DecimalField(max_digits=9, decimal_places=1, null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "figure"], name="peers_statistic_once")
        ]

    def __str__(self) -> str:
        return f"{self.group} {self.figure}"


class Group(models.Model):
    """An intervision group: people from several organisations (for example "UMC's" or
    "hogescholen Noord"). It belongs to no organisation; only its members see it."""

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("what the group is for"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = GroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("intervision group")
        verbose_name_plural = _("intervision groups")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class GroupMember(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # The organisation the member speaks for, shown next to the name (none for an outside expert).
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    is_host = models.BooleanField(_("host"), default=False)
    joined_at = models.DateTimeField(auto_now_add=True)

    # The tenant filter reads the members who speak for an organisation (its people in groups).
    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("group member")
        verbose_name_plural = _("group members")
        constraints = [models.UniqueConstraint(fields=["group", "user"], name="peers_member_once")]

    def __str__(self) -> str:
        return f"{self.user} → {self.group}"


class GroupInvitation(models.Model):
    """An invitation by e-mail to join a group; only a hash of the link's token is stored."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("valid until"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    objects = GroupRowQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.group}"


class Meeting(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="meetings")
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place or link"), max_length=300, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = GroupRowQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return f"{self.group} {self.starts_at:%Y-%m-%d}"


class Dilemma(models.Model):
    """A question a member puts to the group; the others answer in a thread."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="dilemmas")
    title = models.CharField(_("question"), max_length=200)
    text = models.TextField(_("the dilemma"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = GroupRowQuerySet.as_manager()

    class Meta:
        verbose_name = _("dilemma")
        verbose_name_plural = _("dilemmas")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class Answer(models.Model):
    dilemma = models.ForeignKey(Dilemma, on_delete=models.CASCADE, related_name="answers")
    # An answer to an answer: the thread is one level deep per reply, shown indented.
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    text = models.TextField(_("answer"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class KnowledgeItem(models.Model):
    """Guidance the coordinator keeps for a step of the approach and, where it fits, a theme: a
    link (for example a PIANOo page) or one of the organisation's own documents."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    step = models.PositiveSmallIntegerField(_("step"))
    theme = models.ForeignKey(
        "plans.Theme",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("theme"),
    )
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("web address"), max_length=500, blank=True)
    # An own document is kept in the database, as photos and logos are (no file storage to back up
    # separately); the upload is checked for type and size first.
    document = models.BinaryField(null=True, editable=False)
    content_type = models.CharField(max_length=100, blank=True, editable=False)
    file_name = models.CharField(max_length=255, blank=True, editable=False)
    note = models.TextField(_("why it helps"), blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("knowledge")
        verbose_name_plural = _("knowledge")
        ordering = ["step", "title"]

    def __str__(self) -> str:
        return self.title
