"""Writes on contracts and tenders: each in one transaction with its audit entry."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from impactinkoop.core.audit import log_action
from impactinkoop.core.locks import lock_organisation

from .models import Contract, RuleVersion, Tender, TenderTheme
from .themes import themes_for_category

RULE_FIELDS = (
    "mvoi_threshold",
    "social_return_threshold",
    "social_return_percentage",
    "tenderboard_threshold",
)


def _jsonable(values: dict) -> dict:
    def plain(value):
        if isinstance(value, (Decimal, date)):
            return str(value)
        if hasattr(value, "pk"):
            return value.pk
        return value

    return {key: plain(value) for key, value in values.items()}


# -- rules -------------------------------------------------------------------------------------


def rules_in_force(organisation) -> RuleVersion:
    """The version a new tender takes; the first, with the defaults, is made when first asked."""
    current = RuleVersion.objects.in_force(organisation)
    if current is not None:
        return current
    with transaction.atomic():
        lock_organisation(organisation.pk, "contract-rules")
        current = RuleVersion.objects.in_force(organisation)
        if current is None:
            current = RuleVersion.objects.create(organisation=organisation, number=1)
    return current


def change_rules(organisation, *, actor, **values) -> RuleVersion:
    """A new version with these values; tenders made before keep theirs."""
    with transaction.atomic():
        lock_organisation(organisation.pk, "contract-rules")
        current = rules_in_force(organisation)
        before = {name: getattr(current, name) for name in RULE_FIELDS}
        after = {**before, **{k: v for k, v in values.items() if k in RULE_FIELDS}}
        if after == before:
            return current
        version = RuleVersion.objects.create(
            organisation=organisation,
            number=current.number + 1,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
            **after,
        )
        log_action(
            "contracts.rules_changed",
            actor=actor,
            organisation=organisation,
            obj=version,
            before=_jsonable(before),
            after=_jsonable(after),
        )
    return version


# -- contracts ---------------------------------------------------------------------------------


def contract_key(reference: str, fallback: str) -> str:
    return f"ref:{reference.strip().casefold()}"[:80] if reference.strip() else fallback[:80]


def save_contract(contract: Contract, *, actor, changed: dict | None = None) -> Contract:
    """Create or update a contract entered by hand (the form has checked its fields)."""
    created = contract.pk is None
    with transaction.atomic():
        if created:
            contract.source = contract.source or Contract.Source.HAND
        # Known by its number when it has one (an import of the register finds it again);
        # an OCDS contract keeps its ocid; without a number, a key of its own.
        if contract.reference.strip() and not contract.key.startswith("ocds:"):
            contract.key = contract_key(contract.reference, "")
        elif not contract.key or contract.key.startswith("ref:"):
            contract.key = f"hand:{timezone.now().timestamp()}:{contract.title}"[:80]
        contract.full_clean(exclude=["key"])
        contract.save()
        log_action(
            "contracts.contract_created" if created else "contracts.contract_updated",
            actor=actor,
            organisation=contract.organisation,
            obj=contract,
            after=_jsonable(changed or {}),
        )
    return contract


def decide_extension(contract: Contract, *, actor, extended: bool) -> Contract:
    """Record that the extension option was decided: used (the end moves to the extension's
    last day) or not (the option lapses)."""
    with transaction.atomic():
        before = {"end_date": contract.end_date, "extension_until": contract.extension_until}
        if extended and contract.extension_until:
            contract.end_date = contract.extension_until
        contract.extension_until = None if not extended else contract.extension_until
        contract.extension_decided = True
        contract.save(update_fields=["end_date", "extension_until", "extension_decided"])
        log_action(
            "contracts.extension_decided",
            actor=actor,
            organisation=contract.organisation,
            obj=contract,
            before=_jsonable(before),
            after={"extended": extended, "end_date": str(contract.end_date)},
        )
    return contract


# -- tenders -----------------------------------------------------------------------------------


def _sync_themes(tender: Tender) -> None:
    """Give the tender a row for every theme of the matrix for its category that it lacks;
    decisions already taken stay, also for a theme no longer in the matrix."""
    have = set(tender.themes.values_list("theme_key", flat=True))
    themes = themes_for_category(tender.organisation, tender.category_id)
    TenderTheme.objects.bulk_create(
        TenderTheme(tender=tender, theme_key=t.key, theme_name=str(t.label)[:100], position=i)
        for i, t in enumerate(themes)
        if t.key not in have
    )


def create_tender(organisation, *, actor, **fields) -> Tender:
    """A tender under the rules in force now, with the matrix's themes to decide."""
    with transaction.atomic():
        tender = Tender(
            organisation=organisation,
            rules=rules_in_force(organisation),
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
            **fields,
        )
        tender.full_clean()
        tender.save()
        _sync_themes(tender)
        log_action(
            "contracts.tender_created",
            actor=actor,
            organisation=organisation,
            obj=tender,
            after=_jsonable({k: v for k, v in fields.items() if k != "description"}),
        )
    return tender


def tender_from_contract(contract: Contract, *, actor) -> Tender:
    """The follow-up tender of an ending contract, with its title, value and codes."""
    return create_tender(
        contract.organisation,
        actor=actor,
        title=contract.title,
        estimated_value=contract.value or Decimal("0"),
        cpv_codes=list(contract.cpv_codes),
        category=contract.category,
        department=contract.department,
        procedure=contract.procedure,
        origin=Tender.Origin.CONTRACT,
        previous_contract=contract,
        planned_publication=contract.end_date,
    )


def tender_from_spend(organisation, *, actor, supplier, yearly: Decimal, years: int = 4) -> Tender:
    """A tender for spend that no contract covers: a year's spend at one supplier, estimated
    over the usual four years of a contract."""
    return create_tender(
        organisation,
        actor=actor,
        title=_("Purchases now at %(supplier)s") % {"supplier": supplier.name},
        estimated_value=(yearly * years).quantize(Decimal("0.01")),
        origin=Tender.Origin.SPEND,
        origin_supplier_id=supplier.id,
    )


def update_tender(tender: Tender, *, actor, changed: dict) -> Tender:
    with transaction.atomic():
        check_social_return(tender)
        tender.full_clean()
        tender.save()
        _sync_themes(tender)
        log_action(
            "contracts.tender_updated",
            actor=actor,
            organisation=tender.organisation,
            obj=tender,
            after=_jsonable(changed),
        )
    return tender


def check_social_return(tender: Tender) -> None:
    """Proportionality: a percentage below the rule's, or a waiver, on a tender the rule covers
    needs a recorded reason."""
    if tender.social_return_percentage is None or not tender.social_return_required:
        return
    lower = tender.social_return_percentage < tender.rules.social_return_percentage
    if lower and not (tender.social_return_reason and tender.social_return_explanation.strip()):
        raise ValidationError(
            {
                "social_return_reason": _(
                    "The rules ask %(percentage)s%% social return for this tender: give the "
                    "reason and an explanation for asking less."
                )
                % {"percentage": tender.rules.social_return_percentage}
            }
        )


def decide_themes(tender: Tender, decisions: list[TenderTheme], *, actor) -> None:
    """Store the buyer's decisions on the tender's themes (the form has checked each)."""
    now = timezone.now()
    with transaction.atomic():
        for decision in decisions:
            decision.decided_by = actor if getattr(actor, "is_authenticated", False) else None
            decision.decided_at = now if decision.decision else None
            decision.save()
        log_action(
            "contracts.themes_decided",
            actor=actor,
            organisation=tender.organisation,
            obj=tender,
            after={
                d.theme_key: {"decision": d.decision, "ambition": d.ambition, "how": d.how}
                for d in decisions
            },
        )


def set_status(tender: Tender, *, actor, status: str) -> Tender:
    if status == Tender.Status.AWARDED:
        raise ValidationError(_("A tender is awarded by choosing its supplier."))
    with transaction.atomic():
        before = tender.status
        tender.status = status
        tender.save(update_fields=["status", "updated_at"])
        log_action(
            "contracts.tender_status",
            actor=actor,
            organisation=tender.organisation,
            obj=tender,
            before={"status": before},
            after={"status": status},
        )
    return tender


def award(
    tender: Tender,
    *,
    actor,
    supplier_name: str,
    awarded_value: Decimal,
    start_date: date,
    end_date: date,
    supplier=None,
    company_id: int | None = None,
    reference: str = "",
) -> Contract:
    """Award the tender: the contract it creates carries the tender's MVI decisions (the themes
    applied), its social return, codes and category. The tender is then awarded."""
    with transaction.atomic():
        locked = Tender.objects.select_for_update().get(pk=tender.pk)
        if locked.status in (Tender.Status.AWARDED, Tender.Status.CANCELLED):
            raise ValidationError(_("This tender is already awarded or cancelled."))
        if end_date < start_date:
            raise ValidationError({"end_date": _("The end is before the start.")})
        key = contract_key(reference, f"tender:{tender.pk}")
        if Contract.objects.for_organisation(tender.organisation).filter(key=key).exists():
            raise ValidationError({"reference": _("Another contract has this number.")})
        applied = list(
            tender.themes.filter(decision=TenderTheme.Decision.APPLIED).values_list(
                "theme_key", flat=True
            )
        )
        percentage = tender.effective_social_return
        contract = Contract(
            organisation=tender.organisation,
            reference=reference,
            title=tender.title,
            supplier_name=supplier_name or (supplier.name if supplier else ""),
            supplier_kvk=(supplier.kvk_number if supplier else "") or "",
            supplier_id=supplier.id if supplier else None,
            company_id=company_id or (supplier.company_id if supplier else None),
            department=tender.department,
            category=tender.category,
            cpv_codes=list(tender.cpv_codes),
            estimated_value=tender.estimated_value,
            awarded_value=awarded_value,
            start_date=start_date,
            end_date=end_date,
            procedure=tender.procedure,
            reserved=tender.reserved_procurement not in ("", "none"),
            mvi_themes=applied,
            social_return=percentage > 0,
            social_return_percentage=percentage if percentage > 0 else None,
            source=Contract.Source.TENDER,
            tender=tender,
            key=key,
        )
        contract.full_clean()
        contract.save()
        locked.status = Tender.Status.AWARDED
        locked.save(update_fields=["status", "updated_at"])
        tender.status = locked.status
        log_action(
            "contracts.tender_awarded",
            actor=actor,
            organisation=tender.organisation,
            obj=tender,
            after={
                "contract": contract.pk,
                "supplier": contract.supplier_name,
                "value": str(awarded_value),
            },
        )
    return contract
