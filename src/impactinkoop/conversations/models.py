"""Conversations with current suppliers about doing more for social procurement (seed 000: ask
the staffing agency to hire ex-prisoners), and what a supplier committed to, followed up by an
owner on a date. The supplier is the ledger supplier (spend), linked by id as the other apps do."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from impactinkoop.core.querysets import TenantQuerySet

from .querysets import CommitmentQuerySet


class Conversation(models.Model):
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    supplier = models.ForeignKey(
        "spend.Supplier", on_delete=models.PROTECT, related_name="+", verbose_name=_("supplier")
    )
    # The name as the ledger had it when the conversation was recorded.
    supplier_name = models.CharField(_("supplier"), max_length=200)
    held_on = models.DateField(_("date"))
    participants = models.CharField(_("who took part"), max_length=300)
    asked = models.TextField(_("what we asked"))
    offered = models.TextField(_("what the supplier offered"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("supplier conversation")
        verbose_name_plural = _("supplier conversations")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return str(
            _("%(supplier)s on %(day)s") % {"supplier": self.supplier_name, "day": self.held_on}
        )


class Commitment(models.Model):
    class Status(models.TextChoices):
        PROMISED = "promised", _("Promised")
        IN_PROGRESS = "in_progress", _("Under way")
        KEPT = "kept", _("Kept")
        NOT_KEPT = "not_kept", _("Not kept")

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="commitments"
    )
    description = models.CharField(_("commitment"), max_length=300)
    follow_up = models.DateField(_("follow up on"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PROMISED
    )
    # What the commitment became in the plan, if anything: an action, or a measurement of a goal.
    plan_action = models.ForeignKey(
        "plans.Action", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    measurement = models.ForeignKey(
        "plans.ProgressEntry", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["follow_up", "pk"]

    def __str__(self) -> str:
        return self.description

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.PROMISED, self.Status.IN_PROGRESS)

    def is_overdue(self, today) -> bool:
        return self.is_open and self.follow_up < today
