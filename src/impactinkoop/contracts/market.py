"""The market for a tender ("social-enterprise potential"): how many social enterprises in the
register and how many offers in the catalogue could answer it, in its region, with links to
them. The catalogue knows categories, not CPV codes, so the catalogue count follows the tender's
catalogue category; the register count follows the region."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from impactinkoop.catalogue.models import Offer
from impactinkoop.registry.models import Company
from impactinkoop.registry.policy import social_enterprise_ids


@dataclass(frozen=True)
class Market:
    social_enterprises: int  # in the register, social under the organisation's policy
    register_url: str
    offers: int | None  # None: no catalogue category chosen
    enterprises_with_offers: int | None
    catalogue_url: str


def market_for(tender) -> Market:
    organisation = tender.organisation
    social = social_enterprise_ids(organisation, timezone.localdate())
    companies = Company.objects.filter(pk__in=social)
    if tender.region:
        companies = companies.filter(labour_market_region=tender.region)
    register_query = {"counts": "yes", **({"region": tender.region} if tender.region else {})}
    register_url = (
        reverse("registry:companies", args=[organisation.slug]) + "?" + urlencode(register_query)
    )
    offers = enterprises = None
    catalogue_query = {"region": tender.region} if tender.region else {}
    if tender.market_category_id:
        found = Offer.objects.published().in_category(tender.market_category)
        if tender.region:
            found = found.filter(
                Q(enterprise__region_served=tender.region) | Q(enterprise__region_served="")
            )
        offers = found.count()
        enterprises = found.values("enterprise").distinct().count()
        catalogue_query["category"] = tender.market_category.slug
    catalogue_url = reverse("catalogue:search_page", args=[organisation.slug])
    if catalogue_query:
        catalogue_url += "?" + urlencode(catalogue_query)
    return Market(companies.count(), register_url, offers, enterprises, catalogue_url)
