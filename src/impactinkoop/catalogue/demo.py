"""The demo catalogue: a page with offers for every company in the demo register, a curator and an
enterprise editor, changes waiting for approval, the demo municipality's short lists, and a few
quote requests and purchases (one of them also in the ledger). Deterministic and idempotent."""

import random
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from impactinkoop.accounts.demo import DEMO_SLUG, demo_user
from impactinkoop.registry.models import Company
from impactinkoop.registry.policy import social_enterprise_ids
from impactinkoop.spend import queries as spend

from . import search
from .models import Category, Enterprise, Offer, Purchase, QuoteRequest, ShortlistEntry
from .purchases import reconcile
from .services.enterprises import free_slug
from .services.revisions import propose_offer, propose_profile

CURATOR_EMAIL = "curator@impactinkoop.example"
EDITOR_EMAIL = f"ondernemer@{DEMO_SLUG}.example"

# What each trade of the demo register offers, by category slug:
# (category, title, description, price indication, lead time, minimum order)
OFFERS = {
    "Catering": [
        (
            "lunch-en-broodjes",
            "Lunch met belegde broodjes",
            "Verse broodjes, soep en fruit, gemaakt door onze leerlingen in de keuken.",
            "vanaf € 11,50 per persoon",
            "2 werkdagen",
            "10 personen",
        ),
        (
            "borrel-en-hapjes",
            "Borrelhapjes",
            "Warme en koude hapjes voor recepties en borrels.",
            "vanaf € 8 per persoon",
            "5 werkdagen",
            "20 personen",
        ),
        (
            "catering",
            "Vergaderarrangement",
            "Koffie, thee, lunch en middagsnack voor een hele dag.",
            "€ 27,50 per persoon",
            "3 werkdagen",
            "8 personen",
        ),
    ],
    "Koffiebranderij": [
        (
            "koffie-en-thee",
            "Koffiebonen voor kantoor",
            "Biologische koffie, lokaal gebrand, in zakken van één kilo.",
            "€ 21 per kilo",
            "1 week",
            "5 kilo",
        ),
        (
            "bedankjes",
            "Koffiepakket als bedankje",
            "Een blik koffie met kaart en eigen tekst.",
            "€ 14,95 per pakket",
            "2 weken",
            "25 stuks",
        ),
    ],
    "Drukkerij": [
        (
            "visitekaartjes-en-folders",
            "Folders en flyers",
            "Drukwerk op gerecycled papier, ook met spoedservice.",
            "vanaf € 95 per 500 stuks",
            "5 werkdagen",
            "100 stuks",
        ),
        (
            "grootformaat",
            "Banners en spandoeken",
            "Spandoeken voor evenementen, binnen en buiten.",
            "vanaf € 60 per stuk",
            "1 week",
            "1 stuk",
        ),
    ],
    "Schoonmaak": [
        (
            "schoonmaak",
            "Kantoorschoonmaak",
            "Dagelijkse schoonmaak van kantoren door een vast team.",
            "op offerte",
            "2 weken",
            "1 locatie",
        ),
    ],
    "Groenonderhoud": [
        (
            "groenonderhoud",
            "Onderhoud van plantsoenen",
            "Maaien, snoeien en onkruid wieden, ook met elektrisch gereedschap.",
            "€ 42 per uur",
            "1 week",
            "4 uur",
        ),
    ],
    "Fietsenmakerij": [
        (
            "fietsen",
            "Onderhoud dienstfietsen",
            "Wij halen de fietsen op, maken ze en brengen ze terug.",
            "€ 45 per fiets per jaar",
            "1 week",
            "5 fietsen",
        ),
    ],
    "Bloemenbinderij": [
        (
            "bloemen",
            "Boeketten en bloemstukken",
            "Seizoensbloemen, gebonden door medewerkers met een afstand tot werk.",
            "vanaf € 17,50",
            "1 werkdag",
            "1 boeket",
        ),
        (
            "bloemen",
            "Kantoorplanten met onderhoud",
            "Planten voor kantoor, met maandelijks onderhoud.",
            "€ 6 per plant per maand",
            "2 weken",
            "10 planten",
        ),
    ],
    "Relatiegeschenken": [
        (
            "kerstpakketten",
            "Kerstpakketten",
            "Kerstpakketten vol producten van sociale ondernemers.",
            "vanaf € 35 per pakket",
            "3 weken",
            "25 pakketten",
        ),
        (
            "bedankjes",
            "Bedankjes voor vrijwilligers",
            "Kleine attenties met een persoonlijke kaart.",
            "vanaf € 7,50",
            "1 week",
            "20 stuks",
        ),
    ],
    "Vergadercentrum": [
        (
            "vergaderlocaties",
            "Vergaderzaal voor 20 personen",
            "Lichte zaal met scherm, koffie en thee, vlak bij het station.",
            "€ 250 per dagdeel",
            "1 week",
            "1 dagdeel",
        ),
    ],
    "Koeriers": [
        (
            "post-en-koeriers",
            "Fietskoerier in de stad",
            "Pakketjes en post binnen de stad per bakfiets.",
            "vanaf € 9 per rit",
            "zelfde dag",
            "1 rit",
        ),
    ],
    "Bakkerij": [
        (
            "taart-en-gebak",
            "Taarten en gebak",
            "Taarten voor jubilea en afscheid, ook glutenvrij.",
            "vanaf € 24 per taart",
            "2 werkdagen",
            "1 taart",
        ),
    ],
    "Meubelmakerij": [
        (
            "meubilair",
            "Vergadertafels van hergebruikt hout",
            "Tafels op maat van oud steigerhout.",
            "op offerte",
            "6 weken",
            "1 tafel",
        ),
    ],
    "Textielatelier": [
        (
            "textiel",
            "Bedrijfskleding met borduring",
            "Polo's en jassen met uw logo geborduurd.",
            "vanaf € 29 per stuk",
            "3 weken",
            "10 stuks",
        ),
    ],
    "Kringloop": [
        (
            "meubilair",
            "Tweedehands kantoormeubilair",
            "Bureaus en stoelen, nagekeken en schoon.",
            "vanaf € 40 per stuk",
            "1 week",
            "1 stuk",
        ),
        (
            "kantoorartikelen",
            "Kantoorartikelen uit hergebruik",
            "Ordners, lampen en opbergkasten.",
            "op offerte",
            "1 week",
            "geen",
        ),
    ],
    "Wasserij": [
        (
            "textiel",
            "Wassen van bedrijfskleding",
            "Ophalen, wassen, strijken en terugbrengen.",
            "€ 2,10 per kilo",
            "3 werkdagen",
            "10 kilo",
        ),
    ],
    "Zeeperij": [
        (
            "bedankjes",
            "Handgemaakte zeep als attentie",
            "Natuurlijke zeep in een doosje met logo.",
            "€ 6,50 per stuk",
            "2 weken",
            "25 stuks",
        ),
    ],
    "Brouwerij": [
        (
            "borrel-en-hapjes",
            "Speciaalbier voor de borrel",
            "Bier van de buurtbrouwerij, ook alcoholvrij.",
            "€ 2,75 per fles",
            "1 week",
            "24 flessen",
        ),
        (
            "relatiegeschenken",
            "Bierpakket met eigen etiket",
            "Drie flesjes met een etiket naar wens.",
            "€ 12,50 per pakket",
            "4 weken",
            "50 pakketten",
        ),
    ],
    "Digitale diensten": [
        (
            "ict-en-recycling",
            "Laptops opknappen en hergebruiken",
            "Gegevens veilig wissen, opknappen en opnieuw inzetten.",
            "€ 35 per laptop",
            "2 weken",
            "10 laptops",
        ),
    ],
}
IMPACT = [
    "Een derde van ons team had eerder geen betaald werk. Bij ons leren ze het vak en stromen ze "
    "door naar een vaste baan.",
    "Wij werken met mensen met een arbeidsbeperking, met begeleiding op de werkvloer.",
    "Statushouders leren bij ons de taal en het vak, met een diploma als doel.",
    "Jongeren zonder startkwalificatie krijgen bij ons een leerwerkplek.",
]


def _trade_of(company: Company) -> str | None:
    return next((trade for trade in OFFERS if trade in company.name), None)


@transaction.atomic
def build_demo_catalogue(organisation, password: str, users: dict) -> int:
    """Create what is missing; returns the number of enterprises created."""
    rng = random.Random(20261122)  # noqa: S311 - demo data, not security
    categories = {c.slug: c for c in Category.objects.platform()}
    curator = demo_user(CURATOR_EMAIL, password, "Cora Curator")
    if not curator.is_staff:
        curator.is_staff = True
        curator.save(update_fields=["is_staff"])
    editor = demo_user(EDITOR_EMAIL, password, "Omar Ondernemer")
    created = 0
    companies = Company.objects.exclude(kvk_number=None).order_by("kvk_number")
    existing = set(Enterprise.objects.values_list("company_id", flat=True))
    for company in companies:
        trade = _trade_of(company)
        if trade is None or company.pk in existing:
            continue
        name = company.name
        enterprise = Enterprise.objects.create(
            company=company,
            slug=free_slug(Enterprise, company.name),
            name=name,
            # Rich text is Markdown (issue 15, item 16).
            summary=f"**{trade}** uit {company.city}. Wij leveren aan overheden, scholen en "
            "bedrijven in de regio.",
            impact=rng.choice(IMPACT),
            region_served="" if rng.random() < 0.25 else company.labour_market_region,
            contact_email=f"info@{company.website.split('www.')[-1]}"
            if company.website
            else "info@onderneming.example",
            contact_phone=f"030 {rng.randint(200, 799)} {rng.randint(1000, 9999)}",
            website=company.website,
            is_published=True,
        )
        Offer.objects.bulk_create(
            Offer(
                enterprise=enterprise,
                category=categories[slug],
                kind=Offer.Kind.SERVICE if "onderhoud" in title.lower() else Offer.Kind.PRODUCT,
                title=title,
                description=description,
                price_indication=price,
                lead_time=lead,
                minimum_order=minimum,
                is_published=True,
            )
            for slug, title, description, price, lead, minimum in OFFERS[trade]
        )
        created += 1
    if created:
        search.rebuild_index()
        _editor_and_pending_changes(editor, categories)
        _shortlists(organisation, users)
        _requests_and_purchases(organisation, users)
    return created


def _editor_and_pending_changes(editor, categories) -> None:
    """The editor keeps the first caterer's page, with a new offer and a profile change waiting."""
    enterprise = Enterprise.objects.filter(name__contains="Catering").order_by("pk").first()
    if enterprise is None:
        return
    enterprise.editors.add(editor)
    propose_offer(
        enterprise,
        data={
            "category": categories["taart-en-gebak"],
            "kind": Offer.Kind.PRODUCT,
            "title": "Verjaardagstaart met logo",
            # Rich text is Markdown: the curator sees it rendered, bold and a list.
            "description": "Taart met uw **logo** in eetbare inkt.\n\n- voor 12 personen\n"
            "- voor 24 personen",
            "price_indication": "vanaf € 32",
            "lead_time": "3 werkdagen",
            "minimum_order": "1 taart",
        },
        actor=editor,
    )
    data = {name: getattr(enterprise, name) for name in ("name", "summary", "impact")}
    data.update(
        region_served=enterprise.region_served,
        contact_email=enterprise.contact_email,
        contact_phone="030 123 4567",
        website=enterprise.website,
    )
    propose_profile(enterprise, data=data, actor=editor)


def _shortlists(organisation, users) -> None:
    coordinator = users.get("coordinator")
    social = social_enterprise_ids(organisation, timezone.localdate())
    for category in Category.objects.platform():
        if ShortlistEntry.objects.filter(organisation=organisation, category=category).exists():
            continue
        offers = Offer.objects.published().in_category(category)
        # Enterprises that count under the policy, local ones (own labour-market region) first.
        candidates = sorted(
            Enterprise.objects.published()
            .filter(pk__in=offers.values("enterprise_id"), company_id__in=social)
            .select_related("company"),
            key=lambda e: (
                e.company.labour_market_region != organisation.labour_market_region,
                e.name,
            ),
        )[:3]
        ShortlistEntry.objects.bulk_create(
            ShortlistEntry(
                organisation=organisation,
                category=category,
                enterprise=enterprise,
                position=position,
                added_by=coordinator,
            )
            for position, enterprise in enumerate(candidates)
        )


def _requests_and_purchases(organisation, users) -> None:
    requester = users.get("requester")
    if requester is None or QuoteRequest.objects.filter(organisation=organisation).exists():
        return
    today = timezone.localdate()
    lunch = Offer.objects.published().filter(category__slug="lunch-en-broodjes").order_by("pk")
    flowers = Offer.objects.published().filter(category__slug="bloemen").order_by("pk")
    for offer, status, message in [
        (lunch.first(), QuoteRequest.Status.SENT, "Lunch voor 25 personen op de teamdag, 3 vegan."),
        (flowers.first(), QuoteRequest.Status.ANSWERED, "Tien boeketten voor het afscheid."),
    ]:
        if offer is not None:
            QuoteRequest.objects.create(
                organisation=organisation,
                offer=offer,
                enterprise=offer.enterprise,
                requester=requester,
                message=message,
                status=status,
                reply="Graag! Tien boeketten à € 22,50, bezorgd op vrijdag."
                if status == QuoteRequest.Status.ANSWERED
                else "",
            )
    # One purchase whose invoice is in the ledger (recognised, not counted twice) and one not.
    line = spend.latest_invoiced_line(organisation, Enterprise.objects.values("company_id"))
    if line is not None:
        Purchase.objects.create(
            organisation=organisation,
            enterprise=Enterprise.objects.get(company_id=line.company_id),
            description="Catering nieuwjaarsreceptie",
            amount=_euros(line.amount_cents),
            date=line.date,
            invoice_number=line.invoice_number,
            recorded_by=requester,
        )
    enterprise = Enterprise.objects.published().order_by("pk").first()
    Purchase.objects.create(
        organisation=organisation,
        enterprise=enterprise,
        description="Bedankjes voor vrijwilligers",
        amount=_euros(48750),
        date=today - timedelta(days=3),
        invoice_number="DEMO-2026-001",
        recorded_by=requester,
    )
    reconcile(organisation)


def _euros(cents: int) -> Decimal:
    return Decimal(cents) / 100
