"""The demo's social return: the shipped tables, and an obligation on about 20 contracts with a
social-return clause, half under Utrecht's current table and half under Haaglanden 2023, with
realisations of every kind (placements with bonuses, learning places, purchases, one at an
unknown KvK number waiting for acceptance, activities). Running it again creates nothing twice."""

from datetime import datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from impactinkoop.accounts.demo import demo_user
from impactinkoop.accounts.models import ContractorAccess
from impactinkoop.contracts.models import Contract
from impactinkoop.contracts.services import save_contract
from impactinkoop.core.models import StoredFile
from impactinkoop.registry.models import Company
from impactinkoop.registry.services import create_company

from .models import (
    Evidence,
    Obligation,
    Realisation,
    RealisationEvent,
    ReviewStatus,
    RuleSet,
    Source,
)
from .rules import load_shipped
from .services import create_obligation, report_deadlines

TABLES = ("utrecht-current", "haaglanden-2023")
# per table: (placement block, bonus or None, learning block, purchase block, activity block)
BLOCKS = {
    "utrecht-current": (
        "Participatiewet",
        "Ouder dan 50 jaar",
        "Mbo bbl niveau 2, 3 en 4",
        "Inkopen bij sociale bedrijven",
        "Scholing, kennis of middelen, sociaal project steunen",
    ),
    "haaglanden-2023": ("Participatiewet", "55+", "Stagiair mbo, hbo", None, None),
}


def _within(obligation, start, months: int):
    start = max(start, obligation.start_date)
    last = start + timedelta(days=round(months * 30.44)) - timedelta(days=1)
    end = min(last, obligation.end_date)
    return start, end


@transaction.atomic
def build_demo_sroi(organisation, users: dict) -> None:
    if Obligation.objects.for_organisation(organisation).exists():
        return
    load_shipped(organisation, actor="demo")
    officer = users.get("sroi_officer") or "demo"
    tables = {key: RuleSet.objects.get(organisation=organisation, key=key) for key in TABLES}
    contracts = list(
        Contract.objects.for_organisation(organisation)
        .filter(social_return=True, start_date__isnull=False, end_date__isnull=False)
        .exclude(awarded_value__isnull=True)
        .order_by("start_date", "pk")[:20]
    )
    today = timezone.localdate()
    for number, contract in enumerate(contracts):
        key = TABLES[number % 2]
        table = tables[key]
        obligation = create_obligation(
            contract,
            actor=officer,
            rule_set=table,
            percentage=contract.social_return_percentage or Decimal("5.00"),
            contact_name=f"Contactpersoon {contract.supplier_name}",
            contact_email=f"sroi{number + 1}@leverancier.example",
        )
        placement, bonus, learning, purchase, activity = BLOCKS[key]
        began = min(obligation.start_date + timedelta(days=45), today)
        start, end = _within(obligation, began, 10 + number % 8)
        if start > end:
            continue
        job = Realisation.objects.create(
            obligation=obligation,
            kind="placement",
            block=table.blocks.get(name=placement),
            participant_code=f"VS-{number + 1:02d}A{number % 7}",
            hours_per_week=Decimal(20 + (number * 4) % 17),
            start_date=start,
            end_date=end,
        )
        if bonus and number % 3 == 0:
            job.bonuses.set([table.blocks.get(name=bonus)])
        if number % 2 == 1 or number % 5 == 0:
            start, end = _within(obligation, began + timedelta(days=30), 12)
            Realisation.objects.create(
                obligation=obligation,
                kind="learning",
                block=table.blocks.get(name=learning),
                participant_code=f"VS-{number + 1:02d}L{number % 5}",
                hours_per_week=Decimal("32"),
                start_date=start,
                end_date=end,
            )
        if purchase:
            unknown = number % 6 == 2
            Realisation.objects.create(
                obligation=obligation,
                kind="purchase",
                block=table.blocks.get(name=purchase),
                invoice_number=f"F-{2025}-{number + 100}",
                amount_excl_vat=Decimal(1500 + 750 * number) + Decimal("0.45"),
                kvk_number="99887766" if unknown else "",
                kvk_known=not unknown,
                status=ReviewStatus.ACCEPTED if not unknown else ReviewStatus.SUBMITTED,
                start_date=began,
                end_date=began,
                description="Catering bij sociale onderneming",
            )
        if activity:
            Realisation.objects.create(
                obligation=obligation,
                kind="activity",
                block=table.blocks.get(name=activity),
                hours=Decimal(8 * (1 + number % 4)),
                start_date=began,
                end_date=began,
                description="Gastlessen op het mbo",
            )
    _describe_participants(organisation)


CONTRACTOR_EMAIL = "leverancier@voorbeeldstad.example"
CONTRACTOR_KVK = "61234567"
# Residences of the demo's placements: the own municipality, the labour-market region, elsewhere.
RESIDENCES = ("Voorbeeldstad", "Utrecht", "Voorbeeldstad", "Zeist", "Rotterdam", "Voorbeeldstad")
TARGET_GROUPS = ("participatiewet", "banenafspraak", "ww", "participatiewet", "wia_wsw")
AGE_BANDS = ("27_49", "50_54", "under_27", "55_plus", "27_49")


def _evidence_pdf(title: str) -> bytes:
    """A one-page PDF drawn by the product's own PDF renderer (no file in the repository)."""
    from weasyprint import HTML

    return HTML(string=f"<h1>{title}</h1><p>Voorbeeldbewijs voor de demo.</p>").write_pdf()


def _describe_participants(organisation) -> None:
    """Target group, age band, residence and follow-up on the demo's placements, so the
    monitoring has something to break down (small groups included, to show suppression)."""
    placements = Realisation.objects.filter(
        obligation__organisation=organisation, kind__in=["placement", "learning"]
    ).order_by("pk")
    today = timezone.localdate()
    for number, realisation in enumerate(placements):
        realisation.target_group = TARGET_GROUPS[number % len(TARGET_GROUPS)]
        realisation.residence = RESIDENCES[number % len(RESIDENCES)]
        if realisation.bonuses.exists():
            realisation.age_band = AGE_BANDS[number % len(AGE_BANDS)]
        started = realisation.start_date
        if started and (today - started).days > 183:
            realisation.employed_after_6 = number % 4 != 3
        if started and (today - started).days > 365:
            realisation.employed_after_12 = number % 3 != 2
        realisation.save(
            update_fields=[
                "target_group",
                "residence",
                "age_band",
                "employed_after_6",
                "employed_after_12",
            ]
        )


def _contractor_realisation(obligation, company, user, block_name, submitted_at, **fields):
    table = obligation.rule_set
    realisation = Realisation.objects.create(
        obligation=obligation,
        block=table.blocks.get(name=block_name),
        source=Source.CONTRACTOR,
        company=company,
        status=ReviewStatus.SUBMITTED,
        submitted_at=submitted_at,
        **fields,
    )
    realisation.events.create(action=RealisationEvent.Action.SUBMITTED, by=user, by_contractor=True)
    RealisationEvent.objects.filter(realisation=realisation).update(at=submitted_at)
    stored = StoredFile.from_bytes(
        _evidence_pdf(f"{obligation.contract.title}: {realisation}"),
        name=f"bewijs-{realisation.pk}.pdf",
        content_type="application/pdf",
        organisation=obligation.organisation,
        uploaded_by=user,
    )
    Evidence.objects.create(realisation=realisation, file=stored, uploaded_by=user)
    return realisation


def _decide(realisation, officer, action, message, at) -> None:
    realisation.status = {
        RealisationEvent.Action.ACCEPTED: ReviewStatus.ACCEPTED,
        RealisationEvent.Action.REJECTED: ReviewStatus.REJECTED,
        RealisationEvent.Action.RESUBMITTED: ReviewStatus.SUBMITTED,
    }.get(action, realisation.status)
    realisation.save(update_fields=["status"])
    by_contractor = action in (
        RealisationEvent.Action.RESUBMITTED,
        RealisationEvent.Action.ANSWERED,
    )
    event = realisation.events.create(
        action=action, message=message, by=officer, by_contractor=by_contractor
    )
    RealisationEvent.objects.filter(pk=event.pk).update(at=at)


@transaction.atomic
def build_demo_contractor(organisation, users: dict, password: str) -> None:
    """The contractor `leverancier@voorbeeldstad.example`: a company in the register that holds
    two of the demo's contracts with social return, invited by the SROI officer (a contractor,
    not a member), with realisations in every state of the review, one overdue report and one
    participant code that is also placed under another contract in the same months."""
    if ContractorAccess.objects.filter(user__email=CONTRACTOR_EMAIL).exists():
        return
    officer = users["sroi_officer"]
    company = Company.objects.filter(kvk_number=CONTRACTOR_KVK).first() or create_company(
        actor=officer,
        organisation=organisation,
        company=Company(
            kvk_number=CONTRACTOR_KVK,
            name="Bakker Bouw B.V.",
            legal_form="Besloten vennootschap",
            city="Voorbeeldstad",
            municipality="Voorbeeldstad",
            labour_market_region="Midden-Utrecht",
        ),
        reason="Opdrachtnemer met social return (demo)",
    )
    today = timezone.localdate()
    obligations = list(
        Obligation.objects.for_organisation(organisation)
        .filter(end_date__gt=today + timedelta(days=60))
        .select_related("contract", "rule_set")
        .order_by("start_date", "pk")
    )
    if len(obligations) < 3:
        return
    # The contractor holds a contract that started long ago (its interim reports are due) and
    # one that runs now; a third obligation is another contractor's, for the double count.
    # The old one is under Utrecht's table, which values purchases at social enterprises.
    old = next((o for o in obligations if o.rule_set.key == "utrecht-current"), obligations[0])
    mine = [old, obligations[-1] if obligations[-1] != old else obligations[-2]]
    for obligation in mine:
        contract = obligation.contract
        contract.company = company
        contract.supplier_name = company.name
        contract.supplier_kvk = company.kvk_number
        save_contract(
            contract,
            actor=officer,
            changed={"company": company.pk, "supplier_name": company.name},
        )
        obligation.contact_email = CONTRACTOR_EMAIL
        obligation.contact_name = "Hanneke Bakker"
        obligation.save(update_fields=["contact_email", "contact_name"])
    user = demo_user(CONTRACTOR_EMAIL, password, "Hanneke Bakker")
    ContractorAccess.grant(
        user=user, company=company, organisation=organisation, invited_by=officer
    )

    new = mine[1]
    placement, _bonus, _learning, purchase, _activity = BLOCKS[old.rule_set.key]
    # Another contractor's participant placed in the running contract's months.
    shared = (
        Realisation.objects.filter(
            obligation__in=[o for o in obligations if o not in mine],
            kind="placement",
            end_date__gte=mine[1].start_date,
        )
        .exclude(participant_code="")
        .order_by("pk")
        .first()
    )
    # The old contract: its realisations were entered when they started, and the contractor
    # last reported before the deadline before the last, so the report due at the last passed
    # deadline is overdue (nothing reported since the deadline before it).
    for row in Realisation.objects.filter(obligation=old).exclude(start_date=None):
        entered = datetime.combine(row.start_date + timedelta(days=7), datetime.min.time())
        Realisation.objects.filter(pk=row.pk).update(created_at=timezone.make_aware(entered))
    passed = [due for due, _final in report_deadlines(old) if due < today]
    previous = passed[-2] if len(passed) >= 2 else old.start_date + timedelta(days=60)
    reported = timezone.make_aware(
        datetime.combine(previous - timedelta(days=40), datetime.min.time())
    )
    start = max(old.start_date, previous - timedelta(days=300))
    accepted = _contractor_realisation(
        old,
        company,
        user,
        placement,
        reported,
        kind="placement",
        participant_code="VS-BB01",
        hours_per_week=Decimal("32"),
        start_date=start,
        end_date=min(start + timedelta(days=364), old.end_date),
        target_group="participatiewet",
        residence="Voorbeeldstad",
        employed_after_6=True,
    )
    _decide(accepted, officer, RealisationEvent.Action.ACCEPTED, "", reported + timedelta(days=3))
    rejected = _contractor_realisation(
        old,
        company,
        user,
        purchase,
        reported,
        kind="purchase",
        invoice_number="BB-2025-0042",
        amount_excl_vat=Decimal("12480.00"),
        kvk_number="",
        start_date=start + timedelta(days=20),
        end_date=start + timedelta(days=20),
        description="Schoonmaak bouwketen door sociale onderneming",
    )
    _decide(
        rejected,
        officer,
        RealisationEvent.Action.REJECTED,
        "Op de factuur staat geen KvK-nummer van de sociale onderneming. Vul het aan en stuur"
        " de factuur opnieuw mee.",
        reported + timedelta(days=4),
    )
    # The running contract: one waiting for review, one resubmitted after a rejection, and the
    # participant who is also placed under another contractor's obligation (a double count).
    began = max(new.start_date, today - timedelta(days=120))
    _contractor_realisation(
        new,
        company,
        user,
        BLOCKS[new.rule_set.key][0],
        timezone.now() - timedelta(days=5),
        kind="placement",
        participant_code="VS-BB02",
        hours_per_week=Decimal("24"),
        start_date=began,
        end_date=min(began + timedelta(days=180), new.end_date),
        target_group="banenafspraak",
        residence="Zeist",
    )
    again = _contractor_realisation(
        new,
        company,
        user,
        BLOCKS[new.rule_set.key][0],
        timezone.now() - timedelta(days=20),
        kind="placement",
        participant_code="VS-BB03",
        hours_per_week=Decimal("40"),
        start_date=began,
        end_date=min(began + timedelta(days=90), new.end_date),
        target_group="ww",
        residence="Utrecht",
    )
    _decide(
        again,
        officer,
        RealisationEvent.Action.REJECTED,
        "Meer dan 36 uur per week telt niet volgens de tabel; geef de uren volgens het contract.",
        timezone.now() - timedelta(days=15),
    )
    again.hours_per_week = Decimal("36")
    again.save(update_fields=["hours_per_week"])
    _decide(
        again,
        user,
        RealisationEvent.Action.RESUBMITTED,
        "Aangepast naar 36 uur, zoals in de arbeidsovereenkomst.",
        timezone.now() - timedelta(days=12),
    )
    if shared is not None:
        overlap_start = max(shared.start_date, new.start_date)
        overlap_end = min(shared.end_date, new.end_date)
        if overlap_start <= overlap_end:
            double = _contractor_realisation(
                new,
                company,
                user,
                BLOCKS[new.rule_set.key][0],
                timezone.now() - timedelta(days=2),
                kind="placement",
                participant_code=shared.participant_code,
                hours_per_week=Decimal("16"),
                start_date=overlap_start,
                end_date=overlap_end,
                target_group="participatiewet",
                residence="Voorbeeldstad",
            )
            _decide(double, officer, RealisationEvent.Action.ACCEPTED, "", timezone.now())
