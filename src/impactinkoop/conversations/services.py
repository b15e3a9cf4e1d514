"""Recording conversations with suppliers and following up their commitments. Each takes
keyword-only `actor`, runs in one transaction and writes its audit entry. A commitment becomes
a plan action or a measurement of a goal through the plan's own services."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from impactinkoop.core.audit import log_action
from impactinkoop.core.locks import lock_row
from impactinkoop.plans import services as plan_services
from impactinkoop.spend import queries as spend

from .models import Commitment, Conversation


def record_conversation(
    organisation,
    *,
    actor,
    supplier_id: int,
    held_on: date,
    participants: str,
    asked: str,
    offered: str = "",
) -> Conversation:
    found = spend.suppliers(organisation, [supplier_id])
    if not found:
        raise ValidationError(_("Choose a supplier from your ledger."))
    with transaction.atomic():
        conversation = Conversation.objects.create(
            organisation=organisation,
            supplier_id=found[0].id,
            supplier_name=found[0].name,
            held_on=held_on,
            participants=participants,
            asked=asked,
            offered=offered,
            created_by=actor,
        )
        log_action(
            "conversations.recorded",
            actor=actor,
            organisation=organisation,
            obj=conversation,
            after={"held_on": held_on, "asked": asked, "offered": offered},
        )
    return conversation


def add_commitment(
    conversation: Conversation, *, actor, description: str, follow_up: date, owner=None
) -> Commitment:
    with transaction.atomic():
        commitment = Commitment.objects.create(
            organisation=conversation.organisation,
            conversation=conversation,
            description=description,
            follow_up=follow_up,
            owner=owner,
        )
        log_action(
            "conversations.commitment_added",
            actor=actor,
            organisation=conversation.organisation,
            obj=commitment,
            after={
                "supplier": conversation.supplier_name,
                "follow_up": follow_up,
                # The owner's id: the audit log shows the user it points at.
                "owner": owner.pk if owner else None,
            },
        )
    return commitment


def set_status(commitment: Commitment, *, actor, status: str) -> Commitment:
    if status not in Commitment.Status.values:
        raise ValidationError(_("Choose a status."))
    with transaction.atomic():
        lock_row(commitment)
        before = commitment.status
        commitment.status = status
        commitment.save(update_fields=["status"])
        log_action(
            "conversations.commitment_status",
            actor=actor,
            organisation=commitment.organisation,
            obj=commitment,
            before={"status": before},
            after={"status": status},
        )
    return commitment


def to_plan_action(commitment: Commitment, *, actor, goal=None) -> Commitment:
    """The commitment as an action in the plan, due on its follow-up date, for its owner."""
    with transaction.atomic():
        lock_row(commitment)
        if commitment.plan_action_id is not None:
            raise ValidationError(_("This commitment is already an action in the plan."))
        conversation = commitment.conversation
        action = plan_services.add_action(
            actor=actor,
            organisation=commitment.organisation,
            title=f"{conversation.supplier_name}: {commitment.description}",
            description=_("Commitment from the conversation of %(day)s. Asked: %(asked)s")
            % {"day": conversation.held_on.isoformat(), "asked": conversation.asked},
            due=commitment.follow_up,
            owner=commitment.owner,
            goal=goal,
        )
        commitment.plan_action = action
        commitment.save(update_fields=["plan_action"])
        log_action(
            "conversations.commitment_to_action",
            actor=actor,
            organisation=commitment.organisation,
            obj=commitment,
            after={"plan_action": action.pk},
        )
    return commitment


def to_measurement(
    commitment: Commitment, *, actor, goal, value: Decimal, measured_on: date
) -> Commitment:
    """What the supplier delivered as a measurement of a goal measured by hand, with the
    commitment and its conversation as the evidence."""
    with transaction.atomic():
        lock_row(commitment)
        if commitment.measurement_id is not None:
            raise ValidationError(_("This commitment is already measured for a goal."))
        conversation = commitment.conversation
        entry = plan_services.add_progress(
            goal,
            {
                "measured_on": measured_on,
                "value": value,
                "evidence": _("%(supplier)s: %(commitment)s (conversation of %(day)s)")
                % {
                    "supplier": conversation.supplier_name,
                    "commitment": commitment.description,
                    "day": conversation.held_on.isoformat(),
                },
            },
            actor=actor,
            organisation=commitment.organisation,
        )
        commitment.measurement = entry
        commitment.save(update_fields=["measurement"])
        log_action(
            "conversations.commitment_measured",
            actor=actor,
            organisation=commitment.organisation,
            obj=commitment,
            after={"measurement": entry.pk, "goal": goal.title, "value": value},
        )
    return commitment


def last_conversations(organisation) -> dict[int, date]:
    """The day of the last conversation with each supplier, for the list of priorities."""
    last: dict[int, date] = {}
    for supplier_id, held_on in (
        Conversation.objects.for_organisation(organisation)
        .order_by("held_on")
        .values_list("supplier_id", "held_on")
    ):
        last[supplier_id] = held_on
    return last
