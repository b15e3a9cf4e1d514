"""Small helpers for the tenderboard tests: a tender above the tenderboard's threshold with
every theme decided."""

from datetime import date
from decimal import Decimal

from impactinkoop.contracts.models import Tender
from impactinkoop.contracts.services import create_tender, decide_themes


def decide_all(tender: Tender, actor, ambition: int = 1) -> None:
    themes = list(tender.themes.all())
    for theme in themes:
        theme.decision = "applied"
        theme.how = "requirement"
        theme.ambition = ambition
        theme.text = f"Eis op niveau {ambition}"
    decide_themes(tender, themes, actor=actor)


def make_reviewable_tender(org, buyer, title="Schoonmaak", ambition=1, **fields) -> Tender:
    fields.setdefault("estimated_value", Decimal("400000"))
    fields.setdefault("planned_publication", date(2027, 3, 1))
    tender = create_tender(org, actor=buyer, title=title, **fields)
    decide_all(tender, buyer, ambition)
    return tender
