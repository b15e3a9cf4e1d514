"""The case library: the published case stories of every organisation (`reports.queries`), to
search by words, national theme, catalogue category, kind of organisation and labour-market
region, each with the organisation's contact person when it chose to show one (`Sharing`).

Only what the public impact pages already show is read here, so any signed-in member of any
organisation may see it; decision 0025 explains why."""

from dataclasses import dataclass

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from impactinkoop.accounts.models import Organisation
from impactinkoop.catalogue.models import Category, Enterprise, Offer
from impactinkoop.core.regions import LABOUR_MARKET_REGION_CHOICES
from impactinkoop.plans.models import Theme
from impactinkoop.reports import queries

from .models import Sharing


def _national_themes(request=None):
    return Theme.objects.filter(organisation=None)


def _top_categories(request=None):
    return Category.objects.platform().top_level()


class CaseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_words")
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"),
        queryset=_national_themes,
        method="filter_theme",
        empty_label=_("every theme"),
    )
    category = django_filters.ModelChoiceFilter(
        label=_("Category"),
        queryset=_top_categories,
        method="filter_category",
        empty_label=_("every category"),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind of organisation"),
        choices=Organisation.Kind.choices,
        field_name="organisation__kind",
        empty_label=_("every kind"),
    )
    region = django_filters.ChoiceFilter(
        label=_("Labour-market region"),
        choices=LABOUR_MARKET_REGION_CHOICES,
        field_name="organisation__labour_market_region",
        empty_label=_("every region"),
    )

    def filter_words(self, queryset, name, value):
        for word in value.split()[:8]:  # a few words narrow down; a pasted page does not
            queryset = queryset.filter(
                Q(title__icontains=word)
                | Q(text__icontains=word)
                | Q(company__name__icontains=word)
                | Q(organisation__name__icontains=word)
            )
        return queryset

    def filter_theme(self, queryset, name, value):
        return queryset.filter(goal__theme=value)

    def filter_category(self, queryset, name, value):
        """Stories about an enterprise that offers something in the category (or one under it)
        in the catalogue, as the public sees it."""
        offering = Offer.objects.published().in_category(value).values("enterprise__company_id")
        return queryset.filter(company_id__in=offering)


def cases():
    return queries.published_stories()


@dataclass(frozen=True)
class Contact:
    name: str
    email: str


@dataclass(frozen=True)
class Case:
    """One published story as the library shows it."""

    story: object  # reports.public.ShownStory: title, text, enterprise, photos, quotes
    organisation: Organisation
    theme: Theme | None
    categories: tuple  # the enterprise's catalogue categories (top level), by name
    enterprise_slug: str  # its page in the catalogue, when it has a published one
    contact: Contact | None
    approved_at: object

    @property
    def pk(self) -> int:
        return self.story.pk


def contacts(organisation_ids) -> dict[int, Contact]:
    """The contact person of each organisation that chose to show one with its stories."""
    rows = Sharing.objects.filter(organisation_id__in=organisation_ids, shares_contact=True)
    return {
        row.organisation_id: Contact(row.contact_name, row.contact_email)
        for row in rows
        if row.contact_name or row.contact_email
    }


def _catalogue(company_ids) -> tuple[dict, dict]:
    """Per company: the top-level categories of its published offers, and the slug of its
    published enterprise page."""
    categories: dict[int, set] = {}
    offers = (
        Offer.objects.published()
        .filter(enterprise__company_id__in=company_ids)
        .select_related("category__parent", "enterprise")
    )
    for offer in offers:
        top = offer.category.parent if offer.category.parent_id else offer.category
        categories.setdefault(offer.enterprise.company_id, set()).add(top)
    slugs = dict(
        Enterprise.objects.published()
        .filter(company_id__in=company_ids)
        .values_list("company_id", "slug")
    )
    named = {
        company: tuple(sorted((c.name for c in found), key=str.casefold))
        for company, found in categories.items()
    }
    return named, slugs


def library_cases(stories) -> list[Case]:
    """The cases of a page of published stories, read in a few queries for the whole page."""
    stories = list(stories)
    company_ids = {story.company_id for story in stories if story.company_id}
    categories, slugs = _catalogue(company_ids)
    people = contacts({story.organisation_id for story in stories})
    return [
        Case(
            story=queries.shown(story),
            organisation=story.organisation,
            theme=queries.national_theme(story),
            categories=categories.get(story.company_id, ()),
            enterprise_slug=slugs.get(story.company_id, ""),
            contact=people.get(story.organisation_id),
            approved_at=story.approved_at,
        )
        for story in stories
    ]


def library_case(pk) -> Case | None:
    story = queries.published_story(pk)
    if story is None:
        return None
    return library_cases([story])[0]
