"""The results end of the cycle (PIANOo step 7, De Normaalste Zaak step 7): the evaluation of a
year, the annual impact report and its published editions, case stories, and the public impact
page. Decision 0024 explains what is frozen when."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from impactinkoop.core.querysets import TenantQuerySet

from .querysets import EditionQuerySet, StoryQuerySet


class FrozenError(Exception):
    """A closed evaluation or a published edition was asked to change."""


class Evaluation(models.Model):
    """A year looked back on, goal by goal. While open it reads the live figures; closing it
    freezes each goal's measured value with the data version it came from, as a frozen
    baseline does."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="evaluations"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    summary = models.TextField(_("the year in a few sentences"), blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    data_version = models.CharField(_("data version"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year"], name="reports_one_per_year")
        ]

    def __str__(self) -> str:
        return str(self.year)

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class GoalEvaluation(models.Model):
    """One goal's outcome in an evaluated year and what follows from it."""

    class Outcome(models.TextChoices):
        ACHIEVED = "achieved", _("Achieved")
        PARTLY = "partly", _("Partly achieved")
        NOT = "not", _("Not achieved")

    class FollowUp(models.TextChoices):
        NONE = "", _("Nothing further")
        CARRY_OVER = "carry_over", _("Carry over to next year")
        ADJUST = "adjust", _("Adjust the goal")
        NEW_ACTION = "new_action", _("A new action")

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="goals")
    goal = models.ForeignKey("plans.Goal", on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)
    # Filled from the live figures when the year closes; until then the page computes them.
    measured_value = models.DecimalField(
        _("measured value"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    target_value = models.DecimalField(
        _("target"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    measured_source = models.CharField(_("measured from"), max_length=200, blank=True)
    helped = models.TextField(_("what helped"), blank=True)
    hindered = models.TextField(_("what got in the way"), blank=True)
    follow_up = models.CharField(
        _("what follows"), max_length=12, choices=FollowUp.choices, blank=True
    )
    follow_up_note = models.TextField(_("the follow-up"), blank=True)
    # The action it became in next year's annual plan (a new action, or the goal carried over).
    follow_up_action = models.ForeignKey(
        "plans.Action", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("goal evaluation")
        verbose_name_plural = _("goal evaluations")
        ordering = ["goal__deadline", "goal__title", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "goal"], name="reports_goal_once")
        ]

    def __str__(self) -> str:
        return f"{self.evaluation} · {self.goal}"


class Report(models.Model):
    """The annual impact report of a year as the coordinator writes it: the editable text
    sections and the chosen stories. The figures are live; an edition freezes both."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="impact_reports"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    # {section key: text}; the keys are `reports.sections.SECTIONS`.
    sections = models.JSONField(default=dict, blank=True)
    stories = models.ManyToManyField("reports.Story", blank=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("impact report")
        verbose_name_plural = _("impact reports")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year"], name="reports_one_report_per_year"
            )
        ]

    def __str__(self) -> str:
        return str(self.year)


class Edition(models.Model):
    """A published edition of a year's report: the figures (language-neutral values with their
    drill-down addresses), the text and the stories as they were, with the data version. It
    never changes; a new edition gets the next number."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="report_editions"
    )
    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="editions")
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveSmallIntegerField(_("edition"))
    figures = models.JSONField(encoder=DjangoJSONEncoder)  # reports.snapshot, as data
    sections = models.JSONField(default=dict)
    stories = models.JSONField(default=list)  # the approved stories as published
    data_version = models.CharField(_("data version"), max_length=200)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = EditionQuerySet.as_manager()

    class Meta:
        verbose_name = _("report edition")
        verbose_name_plural = _("report editions")
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year", "number"], name="reports_edition_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} ({self.number})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise FrozenError("A published edition never changes")
        super().save(*args, **kwargs)


class Story(models.Model):
    """A case story: a face for social procurement (seed 000). Staff draft it, the coordinator
    approves it; only approved stories appear in the report, on the public page and on the
    enterprise's catalogue page."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="stories"
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("story"))
    company = models.ForeignKey(
        "registry.Company",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("social enterprise"),
    )
    contract = models.ForeignKey(
        "contracts.Contract",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("contract"),
    )
    goal = models.ForeignKey(
        "plans.Goal",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("goal"),
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = StoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("case story")
        verbose_name_plural = _("case stories")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class StoryPhoto(models.Model):
    """A photo of a story, checked like a logo (`core.uploads.check_logo`); its bytes live in
    the row so every web process can serve it. The alternative text is required."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="photos")
    image = models.BinaryField(editable=False)
    content_type = models.CharField(max_length=20, editable=False)
    file_name = models.CharField(max_length=255, editable=False)
    alt_text = models.CharField(_("what the photo shows"), max_length=300)
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.file_name


class Quote(models.Model):
    """A quote in a story. `speaker` says who, as the story may name them (a role, a first name
    with consent): no more personal data than that."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="quotes")
    text = models.TextField(_("quote"))
    speaker = models.CharField(_("who says it"), max_length=150)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.speaker


class PublicPage(models.Model):
    """An organisation's public impact page: off until an administrator turns it on. It shows
    the chosen figures of the latest published edition and the chosen approved stories."""

    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="public_page"
    )
    enabled = models.BooleanField(_("published"), default=False)
    introduction = models.TextField(_("introduction"), blank=True)
    # Keys of `reports.snapshot` figures and tables to show; nothing else is published.
    figures = models.JSONField(default=list, blank=True)
    stories = models.ManyToManyField(Story, blank=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("public impact page")
        verbose_name_plural = _("public impact pages")

    def __str__(self) -> str:
        return str(self.organisation)
