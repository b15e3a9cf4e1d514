"""Published enterprises with offers for the catalogue tests, indexed for search."""

from datetime import date

from impactinkoop.catalogue import search
from impactinkoop.catalogue.models import Category, Enterprise, Offer
from impactinkoop.registry.models import Company, Qualification


def published_enterprise(
    kvk: str,
    name: str,
    offers: list[tuple[str, str, str]] = (),
    *,
    region: str = "",
    source: str | None = None,
    summary: str = "Een sociale onderneming.",
) -> Enterprise:
    """An enterprise with `offers` as (category slug, title, description), all published."""
    company = Company.objects.create(kvk_number=kvk, name=name, labour_market_region=region)
    if source:
        Qualification.objects.create(company=company, source=source, valid_from=date(2020, 1, 1))
    enterprise = Enterprise.objects.create(
        company=company,
        slug=f"e-{kvk}",
        name=name,
        summary=summary,
        impact="Mensen met een afstand tot werk.",
        region_served=region,
        contact_email=f"info@{kvk}.example",
        is_published=True,
    )
    for slug, title, description in offers:
        Offer.objects.create(
            enterprise=enterprise,
            category=Category.objects.get(slug=slug),
            title=title,
            description=description,
            is_published=True,
        )
    search.index_enterprise(enterprise)
    return enterprise
