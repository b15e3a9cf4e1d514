"""The tenderboard's review of how MVI is taken up in a tender: each time the buyer submits,
a submission keeps a snapshot of the tender's theme decisions (so the history stays when the
tender changes afterwards), and the tenderboard's advice per theme and its verdict."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .querysets import SubmissionQuerySet


class Verdict(models.TextChoices):
    APPROVED = "approved", _("Approved")
    CONDITIONS = "conditions", _("Approved with conditions")
    REVISE = "revise", _("Revise and resubmit")


class Submission(models.Model):
    """One round of review: the tender as the buyer submitted it and the tenderboard's answer
    (an empty verdict: still waiting)."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    tender = models.ForeignKey(
        "contracts.Tender",
        on_delete=models.CASCADE,
        related_name="tenderboard_submissions",
        verbose_name=_("tender"),
    )
    number = models.PositiveSmallIntegerField(_("round"))
    note = models.TextField(_("note from the buyer"), blank=True)
    # The themes as decided when submitted: key, name, decision, how, weight, ambition, text,
    # reason and explanation, in the matrix's order.
    themes = models.JSONField(default=list)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"))
    verdict = models.CharField(
        _("verdict"), max_length=12, choices=Verdict.choices, blank=True, default=""
    )
    summary = models.TextField(_("advice and conditions"), blank=True)
    advised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    advised_at = models.DateTimeField(_("advised"), null=True, blank=True)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("tenderboard submission")
        verbose_name_plural = _("tenderboard submissions")
        ordering = ["tender", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["tender", "number"], name="tenderboard_submission_round_once"
            ),
            models.CheckConstraint(
                condition=Q(verdict="") | Q(advised_at__isnull=False),
                name="tenderboard_verdict_has_date",
            ),
        ]

    def __str__(self) -> str:
        return str(
            _("%(tender)s, round %(number)d") % {"tender": self.tender, "number": self.number}
        )

    @property
    def is_waiting(self) -> bool:
        return self.verdict == ""

    @property
    def deadline(self):
        """The tenderboard should advise before the tender is published."""
        return self.tender.planned_publication


class ThemeAdvice(models.Model):
    class Opinion(models.TextChoices):
        AGREE = "agree", _("Agrees")
        IMPROVE = "improve", _("Can be more ambitious")
        REVISE = "revise", _("Must be revised")

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="advice")
    theme_key = models.CharField(max_length=60)
    theme_name = models.CharField(_("theme"), max_length=100)
    opinion = models.CharField(_("opinion"), max_length=10, choices=Opinion.choices)
    advice = models.TextField(_("advice"), blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "theme_key"], name="tenderboard_advice_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.submission}: {self.theme_name}"
