"""The organisation's plan: themes, ambition-web sessions, the category theme matrix, goals with
their progress, the annual plan's actions, the team, policy documents and the two step plans.

Goal values are kept in the unit of their metric: percent for a share, euros for an amount, a
count for purchases, and the organisation's own unit for a free number."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from impactinkoop.core.querysets import TenantQuerySet

from .querysets import ActionQuerySet, ThemeQuerySet
from .themes import MAX_LEVEL, NATIONAL_DESCRIPTIONS, NATIONAL_NAMES


def _optional(model, label):
    """A link that may be empty and is emptied when what it points to is deleted."""
    return models.ForeignKey(
        model,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=label,
    )


class Theme(models.Model):
    """A national theme (no organisation, named in code) or an organisation's own theme."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="plan_themes",
    )
    key = models.SlugField(max_length=40, blank=True)
    name = models.CharField(_("name"), max_length=100, blank=True)
    description = models.TextField(_("what it covers"), blank=True)
    sdgs = models.JSONField(_("Sustainable Development Goals"), default=list, blank=True)
    position = models.PositiveSmallIntegerField(default=100)

    objects = ThemeQuerySet.as_manager()

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["key"],
                condition=models.Q(organisation=None),
                name="plans_national_theme_key",
            ),
            models.UniqueConstraint(
                fields=["organisation", "name"],
                condition=~models.Q(organisation=None),
                name="plans_own_theme_name",
            ),
        ]

    def __str__(self) -> str:
        return str(self.label)

    @property
    def is_national(self) -> bool:
        return self.organisation_id is None

    @property
    def label(self):
        return NATIONAL_NAMES.get(self.key, self.name) if self.is_national else self.name

    @property
    def explanation(self):
        if self.is_national:
            return NATIONAL_DESCRIPTIONS.get(self.key, self.description)
        return self.description


class ThemeChoice(models.Model):
    """A theme the organisation has chosen, with the reason it gave."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="choices")
    reason = models.TextField(_("why this theme"), blank=True)
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    chosen_at = models.DateTimeField(auto_now_add=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "theme"], name="plans_theme_once")
        ]

    def __str__(self) -> str:
        return str(self.theme)


class AmbitionSession(models.Model):
    """An ambition-web session: a level per theme for the organisation, a department, a
    purchase category or a tender, scored with colleagues and market parties."""

    class Subject(models.TextChoices):
        ORGANISATION = "organisation", _("Whole organisation")
        DEPARTMENT = "department", _("Department")
        CATEGORY = "category", _("Purchase category")
        TENDER = "tender", _("Tender")

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="ambition_sessions"
    )
    title = models.CharField(_("title"), max_length=150)
    held_on = models.DateField(_("date"))
    subject = models.CharField(
        _("scored for"), max_length=20, choices=Subject.choices, default=Subject.ORGANISATION
    )
    department = _optional("accounts.Department", _("department"))
    category = models.ForeignKey(
        "spend.Category",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("purchase category"),
    )
    tender = models.CharField(_("tender"), max_length=200, blank=True)
    internal_participants = models.TextField(
        _("participants from the organisation"),
        blank=True,
        help_text=_("One per line: a role or a name with its role."),
    )
    market_participants = models.TextField(
        _("market parties"), blank=True, help_text=_("One per line.")
    )
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("ambition-web session")
        verbose_name_plural = _("ambition-web sessions")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def subject_label(self) -> str:
        if self.subject == self.Subject.DEPARTMENT and self.department:
            return self.department.name
        if self.subject == self.Subject.CATEGORY and self.category:
            return self.category.name
        if self.subject == self.Subject.TENDER and self.tender:
            return self.tender
        return str(self.get_subject_display())

    def participant_lines(self, field: str) -> list[str]:
        return [line.strip() for line in getattr(self, field).splitlines() if line.strip()]


class AmbitionScore(models.Model):
    session = models.ForeignKey(AmbitionSession, on_delete=models.CASCADE, related_name="scores")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="+")
    level = models.PositiveSmallIntegerField(
        _("level"), validators=[MinValueValidator(0), MaxValueValidator(MAX_LEVEL)]
    )
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "theme"], name="plans_score_once"),
            models.CheckConstraint(
                condition=models.Q(level__lte=MAX_LEVEL), name="plans_level_in_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.theme}: {self.level}"


class CategoryThemeException(models.Model):
    """ "MVI, tenzij": every chosen theme applies to every purchase category, unless a reason
    is recorded here for not applying it."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    category = models.ForeignKey("spend.Category", on_delete=models.CASCADE, related_name="+")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=500)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["category", "theme"], name="plans_exception_once")
        ]

    def __str__(self) -> str:
        return f"{self.category} – {self.theme}"


class Metric(models.TextChoices):
    SOCIAL_SHARE = "social_share", _("Share of spend at social enterprises (%)")
    SOCIAL_SPEND = "social_spend", _("Spend at social enterprises (euros)")
    SOCIAL_PURCHASES = "social_purchases", _("Number of purchases at social enterprises")
    TENDER_MVI = "tender_mvi", _("Share of tenders above the threshold with MVI applied (%)")
    TENDER_AMBITION = (
        "tender_ambition",
        _("Share of tenders above the threshold at MVI ambition level 2 or 3 (%)"),
    )
    TENDER_SOCIAL_RETURN = (
        "tender_social_return",
        _("Share of tenders above the threshold with social return (%)"),
    )
    SROI_VALUE = "sroi_value", _("Social return value (euros)")
    SROI_JOBS = "sroi_jobs", _("Social return jobs")
    NUMBER = "number", _("A number of your own")


# Metrics that are a percentage: a target between 0 and 100, shown with a percent sign, and a
# value that can still fall before its year is out.
SHARE_METRICS = frozenset(
    {Metric.SOCIAL_SHARE, Metric.TENDER_MVI, Metric.TENDER_AMBITION, Metric.TENDER_SOCIAL_RETURN}
)


class Goal(models.Model):
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="plan_goals"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    theme = models.ForeignKey(
        Theme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("theme"),
    )
    metric = models.CharField(_("measured as"), max_length=20, choices=Metric.choices, blank=True)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    baseline_value = models.DecimalField(
        _("baseline"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    baseline_date = models.DateField(_("baseline date"), null=True, blank=True)
    baseline_label = models.CharField(_("baseline source"), max_length=150, blank=True)
    baseline = models.ForeignKey(
        "spend.Baseline",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("frozen baseline"),
    )
    target_value = models.DecimalField(
        _("target"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    deadline = models.DateField(_("deadline"))
    owner = _optional(settings.AUTH_USER_MODEL, _("owner"))
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["deadline", "title"]

    def __str__(self) -> str:
        return self.title


class ProgressEntry(models.Model):
    """A value measured outside the platform, with its evidence."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="entries")
    measured_on = models.DateField(_("measured on"))
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=2)
    evidence = models.TextField(_("evidence"))
    link = models.URLField(_("link to the evidence"), blank=True)
    file = models.ForeignKey(
        "core.StoredFile", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["measured_on", "pk"]

    def __str__(self) -> str:
        return f"{self.goal}: {self.value} ({self.measured_on})"


class Action(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("Under way")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="plan_actions"
    )
    title = models.CharField(_("action"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    goal = models.ForeignKey(
        Goal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("goal"),
    )
    department = _optional("accounts.Department", _("department"))
    owner = _optional(settings.AUTH_USER_MODEL, _("owner"))
    due = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["due", "title"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.PLANNED, self.Status.IN_PROGRESS)

    def is_overdue(self, today) -> bool:
        return self.is_open and self.due < today


class TeamMember(models.Model):
    """The MVOI team. Only a name and a function are kept: the team page is read by everyone in
    the organisation, and the members need not have an account."""

    class Part(models.TextChoices):
        SPONSOR = "sponsor", _("Sponsor with authority")
        COORDINATOR = "coordinator", _("Coordinator")
        MEMBER = "member", _("Team member")
        AMBASSADOR = "ambassador", _("Ambassador")

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="plan_team"
    )
    name = models.CharField(_("name"), max_length=150)
    function = models.CharField(_("function"), max_length=150)
    part = models.CharField(_("part in the team"), max_length=20, choices=Part.choices)
    department = models.CharField(_("department"), max_length=150, blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["part", "name"]

    def __str__(self) -> str:
        return self.name


class PolicyDocument(models.Model):
    class Kind(models.TextChoices):
        COALITION = "coalition", _("Coalition agreement")
        PROCUREMENT = "procurement", _("Procurement policy")
        ACTION_PLAN = "action_plan", _("Action plan")
        OTHER = "other", _("Other document")

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="policy_documents"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    link = models.URLField(_("link"), blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("policy document")
        verbose_name_plural = _("policy documents")
        ordering = ["kind", "title"]

    def __str__(self) -> str:
        return self.title


class KeyPassage(models.Model):
    document = models.ForeignKey(PolicyDocument, on_delete=models.CASCADE, related_name="passages")
    text = models.TextField(_("passage"))
    reference = models.CharField(_("where in the document"), max_length=100, blank=True)
    goals = models.ManyToManyField(
        Goal, blank=True, related_name="passages", verbose_name=_("goals")
    )

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.text[:60]


class StepCheck(models.Model):
    """A step of one of the two step plans that the organisation has ticked off."""

    class Plan(models.TextChoices):
        PIANOO = "pianoo", _("PIANOo MVOI action plan")
        DNZ = "dnz", _("De Normaalste Zaak: seven steps")

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    plan = models.CharField(max_length=10, choices=Plan.choices)
    number = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(7)]
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    done_at = models.DateTimeField(auto_now_add=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "plan", "number"], name="plans_step_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.plan} {self.number}"
