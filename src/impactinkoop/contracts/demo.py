"""The demo municipality's contract register (about 60 contracts, some ending soon, some with
social return) and its tender pipeline (about 15 tenders in several states, one awarded).
Dates follow today, so the reminders always have something to show; running it again creates
nothing twice."""

import random
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from impactinkoop.accounts.models import Department
from impactinkoop.spend import queries as spend_queries

from .models import Contract, Procedure, Tender, TenderTheme
from .services import (
    award,
    create_tender,
    decide_themes,
    rules_in_force,
    tender_from_contract,
    tender_from_spend,
)

# title, CPV code, typical yearly value in euros
SUBJECTS = [
    ("Schoonmaak gemeentelijke gebouwen", "90910000-9", 420_000),
    ("Catering stadhuis", "55520000-1", 180_000),
    ("Koffie en thee automaten", "15860000-4", 45_000),
    ("Groenonderhoud wijken", "77310000-6", 650_000),
    ("Kantoorartikelen", "30192000-1", 38_000),
    ("Printers en multifunctionals", "30232110-8", 95_000),
    ("Beveiliging en receptie", "79710000-4", 260_000),
    ("Afvalinzameling bedrijfsafval", "90511000-2", 120_000),
    ("Leerlingenvervoer", "60130000-8", 900_000),
    ("Bedrijfskleding", "18100000-0", 42_000),
    ("Relatiegeschenken en kerstpakketten", "18530000-3", 28_000),
    ("Onderhoud openbare verlichting", "50232100-1", 310_000),
    ("ICT-werkplekken", "30213000-5", 540_000),
    ("Verhuizingen en opslag", "98392000-7", 35_000),
    ("Drukwerk", "79810000-5", 60_000),
    ("Wegonderhoud", "45233141-9", 1_200_000),
    ("Re-integratietrajecten", "85312320-8", 380_000),
    ("Glasbewassing", "90911300-9", 48_000),
]

TENDER_ONLY = [
    ("Zonnepanelen op sportaccommodaties", "09331100-9", 750_000, "preparing"),
    ("Inhuur tolken", "79540000-1", 90_000, "idea"),
    ("Onderhoud speeltoestellen", "50870000-4", 140_000, "published"),
    ("Fietsenstalling centrum", "45213312-3", 480_000, "idea"),
    ("Social return coördinatie", "79600000-0", 65_000, "cancelled"),
    ("Elektrische dienstauto's", "34144900-7", 320_000, "preparing"),
]


def build_demo_contracts(organisation, users: dict) -> None:
    if Contract.objects.filter(organisation=organisation).exists():
        return
    with transaction.atomic():
        _build(organisation, users)


def _build(organisation, users: dict) -> None:
    generator = random.Random(19)
    today = timezone.localdate()
    buyer = users.get("buyer")
    # The largest supplier above the threshold stays without a contract: spend to tender.
    period = spend_queries.recent_year(organisation)
    uncovered = (
        spend_queries.suppliers_with_spend(
            organisation, period, at_least=rules_in_force(organisation).mvoi_threshold
        )[:1]
        if period is not None
        else []
    )
    kept_free = {item.supplier.id for item in uncovered}
    ledger = [s for s in spend_queries.suppliers(organisation) if s.id not in kept_free][:80]
    categories = list(spend_queries.categories(organisation).values())
    departments = list(Department.objects.filter(organisation=organisation))
    contracts = []
    for number in range(60):
        title, cpv, yearly = SUBJECTS[number % len(SUBJECTS)]
        if number >= len(SUBJECTS):
            title = f"{title} perceel {number // len(SUBJECTS) + 1}"
        years = generator.choice([2, 3, 4, 4])
        # A third ends within half a year; the rest spread over the next years.
        ends_in = generator.randint(10, 180) if number % 3 == 0 else generator.randint(200, 1400)
        end = today + timedelta(days=ends_in)
        start = end - timedelta(days=365 * years) + timedelta(days=1)
        value = (Decimal(yearly) * years * Decimal(generator.uniform(0.7, 1.3))).quantize(
            Decimal("1000")
        )
        has_option = number % 4 == 1
        supplier = ledger[number % len(ledger)] if ledger and number % 5 else None
        social_return = value >= 100_000 and number % 2 == 0
        contracts.append(
            Contract(
                organisation=organisation,
                key=f"ref:vs-{2019 + number % 6}-{number + 1:03d}",
                reference=f"VS-{2019 + number % 6}-{number + 1:03d}",
                title=title,
                supplier_name=supplier.name if supplier else f"Leverancier {number + 1} B.V.",
                supplier_kvk=(supplier.kvk_number if supplier else "") or "",
                supplier_id=supplier.id if supplier else None,
                company_id=supplier.company_id if supplier else None,
                department=departments[number % len(departments)] if departments else None,
                category_id=categories[number % len(categories)] if categories else None,
                cpv_codes=[cpv],
                estimated_value=(value * Decimal("1.1")).quantize(Decimal("1000")),
                awarded_value=value,
                start_date=start,
                end_date=end,
                extension_until=end + timedelta(days=730) if has_option else None,
                extension_decide_by=end - timedelta(days=120) if has_option else None,
                procedure=(
                    Procedure.OPEN
                    if value >= 215_000
                    else Procedure.MULTIPLE_QUOTES
                    if value >= 50_000
                    else Procedure.SINGLE_QUOTE
                ),
                reserved=number == 7,
                mvi_themes=["social-return"] if social_return else [],
                social_return=social_return,
                social_return_percentage=Decimal("5.00") if social_return else None,
                source=Contract.Source.IMPORT,
            )
        )
    Contract.objects.bulk_create(contracts)

    ending = list(
        Contract.objects.for_organisation(organisation)
        .filter(end_date__lte=today + timedelta(days=180))
        .order_by("end_date")[:8]
    )
    statuses = ["preparing", "idea", "published", "preparing", "idea", "published", "idea", "idea"]
    tenders = []
    for index, (contract, status) in enumerate(zip(ending, statuses, strict=False)):
        tender = tender_from_contract(contract, actor=buyer or "demo")
        tender.status = status
        tender.budget_holder = users.get("budget_holder")
        tender.planned_publication = today + timedelta(days=30 + 45 * index)
        tender.region = organisation.labour_market_region
        tender.social_objectives = ["opp"] if index % 2 == 0 else []
        tender.save()
        tenders.append(tender)
    for index, (title, cpv, value, status) in enumerate(TENDER_ONLY):
        tenders.append(
            create_tender(
                organisation,
                actor=buyer or "demo",
                title=title,
                estimated_value=Decimal(value),
                cpv_codes=[cpv],
                status=status,
                planned_publication=today + timedelta(days=60 + 70 * index),
                region=organisation.labour_market_region,
                reserved_procurement="res-ws" if title.startswith("Inhuur") else "none",
            )
        )
    for item in uncovered:
        tenders.append(
            tender_from_spend(
                organisation, actor=buyer or "demo", supplier=item.supplier, yearly=item.total
            )
        )
    _decide(tenders[:9], generator, buyer or "demo")
    awarded = tenders[0]
    award(
        awarded,
        actor=buyer or "demo",
        supplier=ledger[0] if ledger else None,
        supplier_name="" if ledger else "Voorbeeldstad Werkt B.V.",
        awarded_value=(awarded.estimated_value * Decimal("0.95")).quantize(Decimal("0.01")),
        start_date=awarded.previous_contract.end_date + timedelta(days=1),
        end_date=awarded.previous_contract.end_date + timedelta(days=4 * 365),
        reference="VS-2026-AWARD",
    )
    # A tender with less social return than the rules ask, with its reason.
    lower = tenders[2]
    lower.social_return_percentage = Decimal("2.00")
    lower.social_return_reason = Tender.SocialReturnReason.NO_LABOUR
    lower.social_return_explanation = "Vooral levering van goederen; weinig arbeid in Nederland."
    lower.save()


def _decide(tenders, generator, actor) -> None:
    """Decisions on the themes of most demo tenders: mostly applied, some explained."""
    for index, tender in enumerate(tenders):
        decisions = []
        for theme in tender.themes.all():
            if index == len(tenders) - 1 and theme.position > 2:
                continue  # one tender still has themes to decide
            if generator.random() < 0.7:
                theme.decision = TenderTheme.Decision.APPLIED
                theme.how = generator.choice(list(TenderTheme.How.values))
                theme.weight = Decimal("10.00") if theme.how == TenderTheme.How.AWARD else None
                theme.ambition = generator.choice([1, 2, 2, 3])
                theme.text = f"{theme.theme_name}: eis of criterium uit de MVI-criteriatool."
            else:
                theme.decision = TenderTheme.Decision.EXPLAINED
                theme.reason = generator.choice(["no_market", "not_relevant", "cost"])
                theme.explanation = "Besproken met de markt; nu niet proportioneel."
            decisions.append(theme)
        decide_themes(tender, decisions, actor=actor)
