"""The review of a realisation: the contractor submits, the officer accepts or rejects with a
reason, the contractor answers and submits again. Every step is a `RealisationEvent`, so the
history is kept, and every decision is in the audit log.

Only an accepted realisation counts towards the obligation (`valuation.value_realisation`)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from impactinkoop.core.audit import log_action

from .models import RealisationEvent, ReviewStatus

Action = RealisationEvent.Action


def _step(realisation, action, *, actor, message="", by_contractor=False) -> RealisationEvent:
    return RealisationEvent.objects.create(
        realisation=realisation,
        action=action,
        message=message,
        by=actor if getattr(actor, "is_authenticated", False) else None,
        by_contractor=by_contractor,
    )


def _log(name, realisation, actor, **after) -> None:
    log_action(
        name,
        actor=actor,
        organisation=realisation.obligation.organisation,
        obj=realisation.obligation,
        after={"realisation": realisation.pk, "status": realisation.status, **after},
    )


@transaction.atomic
def submit(realisation, *, actor, message: str = "") -> None:
    """A contractor's new realisation waits for review (the realisation is already saved)."""
    realisation.status = ReviewStatus.SUBMITTED
    realisation.submitted_at = timezone.now()
    realisation.save(update_fields=["status", "submitted_at"])
    _step(realisation, Action.SUBMITTED, actor=actor, message=message, by_contractor=True)
    _log("sroi.realisation_submitted", realisation, actor)


@transaction.atomic
def accept(realisation, *, actor, message: str = "") -> None:
    if realisation.status == ReviewStatus.ACCEPTED:
        return
    realisation.status = ReviewStatus.ACCEPTED
    realisation.save(update_fields=["status"])
    _step(realisation, Action.ACCEPTED, actor=actor, message=message)
    _log("sroi.realisation_accepted", realisation, actor)


@transaction.atomic
def reject(realisation, *, actor, reason: str) -> None:
    """Rejected with a reason the contractor reads; it stops counting."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for the rejection."), code="required")
    realisation.status = ReviewStatus.REJECTED
    realisation.save(update_fields=["status"])
    _step(realisation, Action.REJECTED, actor=actor, message=reason)
    _log("sroi.realisation_rejected", realisation, actor, reason=reason)


@transaction.atomic
def answer(realisation, *, actor, message: str, by_contractor: bool) -> None:
    """A message in the realisation's conversation, without changing its status."""
    message = (message or "").strip()
    if not message:
        raise ValidationError(_("Write a message."), code="required")
    _step(realisation, Action.ANSWERED, actor=actor, message=message, by_contractor=by_contractor)


@transaction.atomic
def resubmit(realisation, *, actor, message: str = "") -> None:
    """The contractor changed a rejected realisation (saved by the caller) and submits it again."""
    if realisation.status != ReviewStatus.REJECTED:
        raise ValidationError(_("Only a rejected realisation can be submitted again."))
    realisation.status = ReviewStatus.SUBMITTED
    realisation.submitted_at = timezone.now()
    realisation.save(update_fields=["status", "submitted_at"])
    _step(realisation, Action.RESUBMITTED, actor=actor, message=message, by_contractor=True)
    _log("sroi.realisation_resubmitted", realisation, actor)


@transaction.atomic
def split(realisation, *, actor, reason: str) -> None:
    """The officer decides that a participant in two obligations in overlapping months counts
    in both, each for its own hours (decision 0022); the reason is kept in the history."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for splitting the double count."), code="required")
    if realisation.split:
        return
    realisation.split = True
    realisation.save(update_fields=["split"])
    _step(realisation, Action.SPLIT, actor=actor, message=reason)
    _log("sroi.realisation_split", realisation, actor, reason=reason)
