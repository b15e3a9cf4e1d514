"""The demo's social return: the shipped tables, and an obligation on about 20 contracts with a
social-return clause, half under Utrecht's current table and half under Haaglanden 2023, with
realisations of every kind (placements with bonuses, learning places, purchases, one at an
unknown KvK number waiting for acceptance, activities). Running it again creates nothing twice."""

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from impactinkoop.contracts.models import Contract

from .models import Obligation, Realisation, ReviewStatus, RuleSet
from .rules import load_shipped
from .services import create_obligation

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
