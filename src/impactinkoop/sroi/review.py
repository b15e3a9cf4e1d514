"""The review of a realisation: the contractor submits, the officer accepts or rejects with a
reason, the contractor answers and submits again. Every step is a `RealisationEvent`, so the
history is kept, and every decision is in the audit log.

Only an accepted realisation counts towards the obligation (`valuation.value_realisation`)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from impactinkoop.core.audit import log_action

from .models import RealisationEvent, ReviewStatus, Source

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
def submit_from_contractor(form, *, actor, with_saved=None):
    """A contractor's realisation from its checked form (the portal's and the API's): kept as the
    contractor's, for the company the contract names, and submitted for the officer's review.
    `with_saved(realisation)` adds what the form does not save itself (the portal's evidence)."""
    realisation = form.save(commit=False)
    realisation.source = Source.CONTRACTOR
    realisation.company_id = realisation.obligation.contract.company_id
    realisation.save()
    form.save_m2m()
    if with_saved is not None:
        with_saved(realisation)
    submit(realisation, actor=actor)
    return realisation


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


FOLLOW_UP_FIELDS = {6: "employed_after_6", 12: "employed_after_12"}


def follow_up_due(realisation, today) -> list[int]:
    """The follow-ups (6 and 12 months after the start) that can be reported by now, for a
    placement or learning place that was not rejected."""
    if realisation.kind not in ("placement", "learning") or not realisation.start_date:
        return []
    if realisation.status == ReviewStatus.REJECTED:
        return []
    return [
        months
        for months in FOLLOW_UP_FIELDS
        if _months_later(realisation.start_date, months) <= today
    ]


def _months_later(start, months: int):
    year, month = divmod(start.month - 1 + months, 12)
    day = min(start.day, 28)
    return start.replace(year=start.year + year, month=month + 1, day=day)


@transaction.atomic
def report_follow_up(realisation, *, actor, answers: dict[int, bool | None], by_contractor: bool):
    """Whether the participant is still employed 6 and 12 months after the start (the
    auditors' question about lasting effects). Changes nothing about the value."""
    changed = []
    for months, employed in answers.items():
        field = FOLLOW_UP_FIELDS[months]
        if employed is not None and getattr(realisation, field) != employed:
            setattr(realisation, field, employed)
            changed.append((months, employed))
    if not changed:
        return
    realisation.save(update_fields=[FOLLOW_UP_FIELDS[months] for months, _employed in changed])
    message = "; ".join(
        (
            _("still employed after %(months)s months")
            if employed
            else _("no longer employed after %(months)s months")
        )
        % {"months": months}
        for months, employed in changed
    )
    _step(realisation, Action.FOLLOW_UP, actor=actor, message=message, by_contractor=by_contractor)
    _log("sroi.follow_up_reported", realisation, actor, follow_up=dict(changed))
