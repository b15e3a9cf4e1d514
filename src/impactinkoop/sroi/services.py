"""Making and keeping obligations: created from the contract and the tender rules, following the
contract when its value or term changes (each change kept with old and new value)."""

import copy
from calendar import monthrange
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from impactinkoop.contracts.services import rules_in_force
from impactinkoop.core.audit import log_action

from .models import Basis, Obligation, ObligationChange

CENT = Decimal("0.01")


def default_percentage(contract) -> Decimal:
    """What the rules ask of this contract: the tender's percentage, else the rules in force."""
    tender = contract.tender
    if tender is not None:
        return tender.rules.social_return_percentage
    return rules_in_force(contract.organisation).social_return_percentage


def percentage_for(contract) -> Decimal:
    """The percentage agreed: the contract's own, else the tender's, else the default."""
    if contract.social_return_percentage is not None:
        return contract.social_return_percentage
    if contract.tender is not None:
        return contract.tender.effective_social_return
    return default_percentage(contract)


def amount_of(base: Decimal, percentage: Decimal) -> Decimal:
    return (base * percentage / Decimal(100)).quantize(CENT, ROUND_HALF_UP)


def final_report_due(end: date) -> date:
    """One month after the end (the same day of the next month, or its last day)."""
    year, month = (end.year + 1, 1) if end.month == 12 else (end.year, end.month + 1)
    return date(year, month, min(end.day, monthrange(year, month)[1]))


def report_deadlines(obligation) -> list[tuple[date, bool]]:
    """Interim reports every N months from the start (before the end), then the final one."""
    deadlines = []
    day = obligation.start_date
    step = obligation.interim_every_months
    while True:
        month = day.month - 1 + step
        year = day.year + month // 12
        month = month % 12 + 1
        day = date(year, month, min(obligation.start_date.day, monthrange(year, month)[1]))
        if day >= obligation.end_date:
            break
        deadlines.append((day, False))
    deadlines.append((final_report_due(obligation.end_date), True))
    return deadlines


def check_reason(obligation) -> None:
    if obligation.percentage < obligation.default_percentage and not (
        obligation.reason and obligation.explanation.strip()
    ):
        raise ValidationError(
            {
                "reason": _(
                    "The percentage is below the %(percentage)s%% the rules ask: record the "
                    "reason and explain it."
                )
                % {"percentage": obligation.default_percentage}
            }
        )


def base_of(obligation, contract) -> Decimal:
    if obligation.basis == Basis.WAGE_SUM:
        return obligation.wage_sum or Decimal("0.00")
    return contract.value or Decimal("0.00")


@transaction.atomic
def create_obligation(contract, *, actor, rule_set, **fields) -> Obligation:
    obligation = Obligation(
        organisation=contract.organisation,
        contract=contract,
        rule_set=rule_set,
        default_percentage=default_percentage(contract),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        **fields,
    )
    if obligation.percentage is None:
        obligation.percentage = percentage_for(contract)
    if obligation.start_date is None:
        obligation.start_date = contract.start_date
    if obligation.end_date is None:
        obligation.end_date = contract.end_date
    obligation.base_amount = base_of(obligation, contract)
    obligation.amount = amount_of(obligation.base_amount, obligation.percentage)
    check_reason(obligation)
    obligation.full_clean(exclude=["contract"])
    obligation.save()
    log_action(
        "sroi.obligation_created",
        actor=actor,
        organisation=contract.organisation,
        obj=obligation,
        after={"amount": str(obligation.amount), "percentage": str(obligation.percentage)},
    )
    return obligation


FOLLOWED = ("base_amount", "amount", "start_date", "end_date")


def contract_end(contract) -> date | None:
    """The end an obligation follows: the decided extension, else the contract's end."""
    if contract.extension_decided and contract.extension_until:
        return contract.extension_until
    return contract.end_date


def contract_terms(contract) -> dict:
    """The contract's figures an obligation follows, to tell afterwards what changed."""
    return {
        "value": contract.value,
        "start_date": contract.start_date,
        "end_date": contract_end(contract),
    }


def follow_contract(
    obligation, *, actor=None, cause: str = "", changed=None
) -> list[ObligationChange]:
    """Bring the obligation in line with its contract; each change is kept. With `changed`
    (the names from contract_terms that changed), only those follow, so a period or amount
    the officer set by hand stays unless the contract's own value or term moved."""
    contract = obligation.contract
    every = changed is None
    new = {}
    if every or "value" in changed:
        new["base_amount"] = base_of(obligation, contract)
        new["amount"] = amount_of(new["base_amount"], obligation.percentage)
    if (every or "start_date" in changed) and contract.start_date:
        new["start_date"] = contract.start_date
    end = contract_end(contract)
    if (every or "end_date" in changed) and end:
        new["end_date"] = end
    return _apply(obligation, new, actor=actor, cause=cause or _("The contract changed."))


def change_obligation(obligation, *, actor, **values) -> list[ObligationChange]:
    """The officer's own change (percentage, basis, wage sum, period, contact); the amount
    follows. A percentage below the rules needs its reason."""
    probe = copy.copy(obligation)
    for name, value in values.items():
        setattr(probe, name, value)
    check_reason(probe)
    new = dict(values)
    new["base_amount"] = base_of(probe, obligation.contract)
    new["amount"] = amount_of(new["base_amount"], probe.percentage)
    return _apply(obligation, new, actor=actor, cause=_("Changed by the officer."))


@transaction.atomic
def _apply(obligation, new: dict, *, actor, cause: str) -> list[ObligationChange]:
    changes = []
    user = actor if getattr(actor, "is_authenticated", False) else None
    for name, value in new.items():
        old = getattr(obligation, name)
        if old == value:
            continue
        changes.append(
            ObligationChange(
                obligation=obligation,
                field=name,
                old="" if old is None else str(old)[:100],
                new="" if value is None else str(value)[:100],
                cause=cause[:200],
                changed_by=user,
            )
        )
        setattr(obligation, name, value)
    if changes:
        obligation.save()
        ObligationChange.objects.bulk_create(changes)
        log_action(
            "sroi.obligation_changed",
            actor=actor or "system",
            organisation=obligation.organisation,
            obj=obligation,
            before={change.field: change.old for change in changes},
            after={change.field: change.new for change in changes},
        )
    return changes


def contract_saving(sender, instance, raw=False, **kwargs):
    """pre_save of a contract: keep the figures it had, so post_save knows what changed."""
    if raw or instance.pk is None:
        return
    before = type(instance).objects.filter(pk=instance.pk).first()
    instance._sroi_terms_before = contract_terms(before) if before is not None else None


def contract_saved(sender, instance, created, raw=False, **kwargs):
    """post_save of a contract: its obligation follows what changed in the contract's value
    and term, and nothing else (an officer's own period stays when only the title changed)."""
    if raw or created:
        return
    before = getattr(instance, "_sroi_terms_before", None)
    instance._sroi_terms_before = None
    if before is None:
        return
    after = contract_terms(instance)
    changed = {name for name, value in after.items() if before[name] != value}
    if not changed:
        return
    obligation = Obligation.objects.filter(contract=instance).first()
    if obligation is not None:
        obligation.contract = instance
        follow_contract(obligation, changed=changed)
