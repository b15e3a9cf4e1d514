"""A ledger of five suppliers for the supplier conversation tests: three large ones that are not
social enterprises (one without a contract, one whose contract lacks social return and ends
soon, one with social return running for years), a large social enterprise and a small one."""

from datetime import date
from decimal import Decimal

from impactinkoop.registry.models import Company, Qualification
from impactinkoop.spend import queries as spend
from tests.contracts.helpers import make_contract
from tests.spend.test_importing import import_text

TODAY = date(2026, 6, 1)

LEDGER = (
    "Crediteurnummer;Crediteur;KvK-nummer;Factuurnummer;Factuurdatum;Bedrag;Kostenplaats;Afdeling;"
    "Omschrijving;Inkooppakket\n"
    "2001;Uitzendbureau Flex;11112222;F1;15-01-2026;120.000,00;4000;Personeel;Inhuur;Inhuur\n"
    "2002;Schoonmaak Groot;33334444;F2;15-02-2026;60.000,00;4000;Facilitair;Schoon;Schoon\n"
    "2002;Schoonmaak Groot;33334444;F3;15-03-2026;30.000,00;4000;Facilitair;Schoon;Schoon\n"
    "2003;Catering Plus;55556666;F4;15-04-2026;70.000,00;4000;Facilitair;Lunch;Catering\n"
    "2004;De Werkplaats B.V.;01234567;F5;15-05-2026;200.000,00;4000;Ruimte;Groen;Groen\n"
    "2005;Klein B.V.;77778888;F6;15-05-2026;10.000,00;4000;Ruimte;Klein;Groen\n"
)


def make_ledger(org) -> dict[str, int]:
    """The ledger above, with De Werkplaats a social enterprise; the supplier ids by name."""
    werkplaats = Company.objects.create(kvk_number="01234567", name="De Werkplaats B.V.")
    Qualification.objects.create(company=werkplaats, source="code_so", valid_from="2020-01-01")
    import_text(org, LEDGER)
    ids = {s.name: s.id for s in spend.suppliers(org)}
    make_contract(
        org,
        "Schoonmaak kantoren",
        supplier_id=ids["Schoonmaak Groot"],
        end_date=date(2026, 12, 31),
        social_return=False,
    )
    make_contract(
        org,
        "Catering",
        supplier_id=ids["Catering Plus"],
        end_date=date(2029, 12, 31),
        social_return=True,
        social_return_percentage=Decimal("5"),
    )
    return ids
