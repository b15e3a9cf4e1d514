"""A small organisation with something in every section of the impact report of 2025: a ledger
with departments, social and local suppliers and an official baseline; recorded purchases;
tenders with MVI at ambition level 2; social return with placements of which one target group
has 3 people (hidden, and its complement with it); a goal."""

from datetime import date
from decimal import Decimal

from impactinkoop.accounts.models import Department
from impactinkoop.catalogue import purchases
from impactinkoop.contracts.services import create_tender
from impactinkoop.plans.models import Goal, Metric
from impactinkoop.registry.models import Company, Qualification
from impactinkoop.spend.queries import Period
from impactinkoop.spend.services import freeze_baseline
from impactinkoop.sroi.services import create_obligation
from tests.catalogue.helpers import published_enterprise
from tests.contracts.helpers import make_contract
from tests.spend.test_importing import import_text
from tests.sroi.helpers import edition, realisation

YEAR = 2025
TODAY = date(2026, 3, 1)

LEDGER = (
    "Crediteurnummer;Crediteur;KvK-nummer;Factuurnummer;Factuurdatum;Bedrag;Kostenplaats;Afdeling;"
    "Omschrijving;Inkooppakket\n"
    "1001;DE WERKPLAATS B.V.;01234567;F1;15-01-2025;1.234,56;4000;Ruimte;Onderhoud;Groen\n"
    "1001;DE WERKPLAATS B.V.;01234567;F2;16-03-2025;-100,01;4000;Ruimte;Creditnota;Groen\n"
    "1002;Jansen & Zn;;F3;20-02-2025;50,05;4010;Bedrijfsvoering;Koffie;Catering\n"
    "1003;Drukkerij Lokaal;22334455;F4;01-12-2025;999,99;4010;Bedrijfsvoering;Drukwerk;Drukwerk\n"
    "1004;Groen Doen;33445566;F6;10-06-2025;300,00;;;Maaien;Groen\n"
    "1001;DE WERKPLAATS B.V.;01234567;F7;15-01-2024;400,00;4000;Ruimte;Onderhoud;Groen\n"
    "1002;Jansen & Zn;;F8;20-02-2024;600,00;4010;Bedrijfsvoering;Koffie;Catering\n"
)
# A line that arrives after an edition is published: the live figures change, the edition not.
LATER_LEDGER = (
    "Crediteurnummer;Crediteur;KvK-nummer;Factuurnummer;Factuurdatum;Bedrag;Kostenplaats;Afdeling;"
    "Omschrijving;Inkooppakket\n"
    "1001;DE WERKPLAATS B.V.;01234567;F9;15-05-2025;500,00;4000;Ruimte;Onderhoud;Groen\n"
)


def build(org, actor) -> dict:
    org.municipality = "Utrecht"
    org.labour_market_region = "Midden-Utrecht"
    org.save()
    werkplaats = Company.objects.create(
        kvk_number="01234567",
        name="De Werkplaats B.V.",
        municipality="Utrecht",
        labour_market_region="Midden-Utrecht",
    )
    Company.objects.create(
        kvk_number="22334455",
        name="Drukkerij Lokaal",
        municipality="Utrecht",
        labour_market_region="Midden-Utrecht",
    )
    groen = Company.objects.create(
        kvk_number="33445566",
        name="Groen Doen",
        municipality="Houten",
        labour_market_region="Midden-Utrecht",
    )
    Qualification.objects.create(company=werkplaats, source="code_so", valid_from="2020-01-01")
    Qualification.objects.create(company=groen, source="se_nl", valid_from="2020-01-01")
    import_text(org, LEDGER)
    baseline = freeze_baseline(
        actor=actor,
        organisation=org,
        period=Period.year(2024),
        name="Nulmeting 2024",
        official=True,
    )

    # Purchases: one from the ledger's year at a qualifying enterprise.
    enterprise = published_enterprise("70000001", "Bloemen met Betekenis", source="code_so")
    for amount, day in (("225.00", date(2025, 3, 3)), ("80.10", date(2025, 4, 1))):
        purchases.record_purchase(
            org,
            data={
                "enterprise": enterprise,
                "description": "Bloemen",
                "amount": Decimal(amount),
                "date": day,
                "invoice_number": "",
            },
            actor=actor,
        )

    # Tenders planned in 2025 above the threshold; one applies a theme at ambition level 2.
    for number, (value, level) in enumerate(((400000, 2), (300000, 1), (500000, 0))):
        tender = create_tender(
            org,
            actor=actor,
            title=f"Aanbesteding {number}",
            estimated_value=Decimal(value),
            planned_publication=date(2025, 3 + number, 1),
            social_return_percentage=Decimal("5") if number == 0 else None,
        )
        theme = tender.themes.first()
        if level and theme is not None:
            theme.decision = "applied"
            theme.how, theme.ambition, theme.text = "requirement", level, "x"
            theme.save()

    # Social return: 6 placements of unemployed people from Utrecht, 3 on a Participation Act
    # benefit (a small count: hidden, and with it what would reveal it).
    works = Department.objects.create(organisation=org, name="Stadswerken")
    contract = make_contract(
        org,
        "Bouw",
        supplier_name="Bouw B.V.",
        department=works,
        awarded_value="1000000",
        social_return=True,
        social_return_percentage=Decimal("5.00"),
        start_date=date(2025, 1, 1),
        end_date=date(2027, 12, 31),
    )
    obligation = create_obligation(
        contract, actor="test", rule_set=edition(org, "utrecht-current"), interim_every_months=12
    )
    for number in range(9):
        realisation(
            obligation,
            "WW-uitkering",
            kind="placement",
            participant_code=f"SR-{number}",
            hours_per_week=Decimal("36"),
            status="accepted",
            start_date=date(2025, 2, 1),
            end_date=date(2025, 12, 31),
            residence="Utrecht",
            target_group="ww" if number < 6 else "participatiewet",
        )
    goal = Goal.objects.create(
        organisation=org,
        title="Meer sociaal inkopen",
        metric=Metric.SOCIAL_SHARE,
        unit="%",
        target_value=Decimal("60"),
        deadline=date(2026, 12, 31),
    )
    return {"baseline": baseline, "goal": goal, "enterprise": enterprise, "werkplaats": werkplaats}
