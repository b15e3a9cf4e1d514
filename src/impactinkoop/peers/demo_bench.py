"""The demo's benchmark: five invented municipalities of the same size band as Voorbeeldstad
(50,000 to 100,000 inhabitants), all sharing their figures, one of them with its name;
Voorbeeldstad shares too, and the benchmark of 2025 is taken, so its page shows a group of six
with its range, Voorbeeldstad's own position and one named peer. Idempotent: organisations,
ledgers, purchases and sharing are made once, and a year's snapshot is never taken twice.

Where it is cheap the peers have real source data, so their figures are computed as any
organisation's are: spend's demo ledger, smaller than Voorbeeldstad's, imported and matched to
the demo register as any upload is (their share of spend at social enterprises, under their own
register policy: three count fewer sources than the default), and purchases recorded in the
catalogue by their administrator (per 1,000 inhabitants). Tenders with MVI and social-return
obligations would need a plan of themes and contracts with obligations per peer; for those two
figures `_demo_figures` gives each peer a value from `INVENTED` instead, and the snapshot code
does the rest exactly as for real figures (entries, groups, rounding, ranges)."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

from django.utils import timezone

from impactinkoop.accounts.models import Organisation, User
from impactinkoop.accounts.roles import Role
from impactinkoop.accounts.services import add_member, create_organisation
from impactinkoop.catalogue import purchases as catalogue_purchases
from impactinkoop.catalogue.models import Enterprise
from impactinkoop.registry.policy import accepted_keys
from impactinkoop.registry.services import set_policy
from impactinkoop.registry.sources import DEFAULT_POLICY_KEYS
from impactinkoop.spend.demo import build_demo_ledger

from .benchmark import snapshot_day, take_snapshot
from .benchmark_figures import figures_of
from .benchmark_sharing import save_sharing
from .models import BenchmarkSnapshot, Sharing, SizeBand, SizeMeasure

YEAR = 2025
# Some peers count fewer register sources than the default, so the page's aggregate of sources
# ("4 of 6 count PSO") says something.
POLICIES = {
    "polderhaven": ("code_so:", "pso:pso_2", "pso:pso_3", "pso:pso_30", "sw_company:"),
    "weidebeek": tuple(
        key for key in DEFAULT_POLICY_KEYS if not key.startswith(("badge:", "own_judgement:"))
    ),
    "bosvliet": ("code_so:", "se_nl:", "sw_company:"),
}
MAIN_SIZE = 74_000  # Voorbeeldstad's inhabitants

# slug, name, inhabitants, ledger lines of 2025 (spend's demo ledger, smaller than
# Voorbeeldstad's: each peer's share differs with its lines), catalogue purchases in 2025, named
PEERS = (
    ("rivierstad", "Gemeente Rivierstad", 62_000, 260, 14, True),
    ("polderhaven", "Gemeente Polderhaven", 88_000, 340, 9, False),
    ("weidebeek", "Gemeente Weidebeek", 57_000, 180, 23, False),
    ("bosvliet", "Gemeente Bosvliet", 93_000, 420, 31, False),
    ("dijkhoven", "Gemeente Dijkhoven", 71_000, 300, 6, False),
)
# The figures the peers have no source data for in the demo: (tenders with MVI %, SROI %).
INVENTED = {
    "rivierstad": (52, 81),
    "polderhaven": (35, 64),
    "weidebeek": (61, 92),
    "bosvliet": (44, 58),
    "dijkhoven": (70, 104),
}


def build_demo(main, users: dict) -> None:
    _share(main, actor=users.get("admin") or "demo", size=MAIN_SIZE, named=False)
    for slug, name, size, lines, bought, named in PEERS:
        peer = Organisation.objects.filter(slug=slug).first() or create_organisation(
            actor="demo",
            name=name,
            slug=slug,
            kind=Organisation.Kind.GEMEENTE,
            municipality=name.removeprefix("Gemeente "),
        )
        admin = _administrator(peer)
        if slug in POLICIES and accepted_keys(peer) != frozenset(POLICIES[slug]):
            set_policy(actor=admin, organisation=peer, accepted=list(POLICIES[slug]))
        build_demo_ledger(peer, lines=lines)  # once per organisation
        _purchases(peer, bought, admin)
        _share(peer, actor=admin, size=size, named=named)
    if not BenchmarkSnapshot.objects.filter(year=YEAR).exists():
        taken_on = min(timezone.localdate(), snapshot_day(YEAR))
        take_snapshot(YEAR, taken_on=taken_on, actor="demo", figures=_demo_figures)


def _administrator(peer) -> User:
    """The peer's administrator, who chose to share; no password: nobody logs in as them."""
    email = f"beheer@{peer.slug}.example"
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, None, full_name=f"Beheer {peer.name}")
    add_member(actor="demo", organisation=peer, user=user, role=Role.ADMIN)
    return user


def _share(organisation, *, actor, size: int, named: bool) -> None:
    if Sharing.objects.filter(organisation=organisation, shares_figures=True).exists():
        return
    save_sharing(
        organisation,
        actor=actor,
        values={
            "shares_figures": True,
            "named": named,
            "size_band": SizeBand.MEDIUM,
            "size_measure": SizeMeasure.INHABITANTS,
            "size": size,
        },
    )


def _demo_figures(organisation, year, *, size, today):
    found = figures_of(organisation, year, size=size, today=today)
    invented = INVENTED.get(organisation.slug)
    if invented is None:
        return found
    tenders, sroi = invented
    return replace(
        found,
        tenders_mvi=found.tenders_mvi if found.tenders_mvi is not None else tenders,
        sroi_realised=found.sroi_realised if found.sroi_realised is not None else sroi,
    )


def _purchases(peer, bought: int, actor) -> None:
    """Purchases at the catalogue's published enterprises, spread over 2025."""
    if catalogue_purchases.figures(peer, date(YEAR, 1, 1), date(YEAR, 12, 31)).count:
        return
    enterprises = list(Enterprise.objects.published().order_by("pk")[:4])
    if not enterprises:
        return
    for number in range(bought):
        catalogue_purchases.record_purchase(
            peer,
            data={
                "enterprise": enterprises[number % len(enterprises)],
                "description": "Lunch en bloemen",
                "amount": Decimal(180 + 35 * (number % 7)),
                "date": date(YEAR, 1 + number % 12, 1 + number % 27),
                "invoice_number": "",
            },
            actor=actor,
        )
