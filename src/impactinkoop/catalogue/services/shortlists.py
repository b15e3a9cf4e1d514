"""An organisation's curation of the catalogue: how many enterprises it recommends per
category, which ones, and its own categories that narrow a platform category."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from impactinkoop.core.audit import log_action
from impactinkoop.core.locks import lock_row

from ..models import CatalogueSettings, Category, ShortlistEntry
from .enterprises import free_slug


def shortlist_size(organisation) -> int:
    settings_row = CatalogueSettings.objects.for_organisation(organisation).first()
    return settings_row.shortlist_size if settings_row else 3


@transaction.atomic
def set_shortlist_size(*, size: int, actor, organisation) -> None:
    row, _created = CatalogueSettings.objects.get_or_create(organisation=organisation)
    lock_row(row)
    before = {"shortlist_size": row.shortlist_size}
    row.shortlist_size = size
    row.full_clean()
    row.save()
    log_action(
        "catalogue.shortlist_size_changed",
        actor=actor,
        organisation=organisation,
        obj=row,
        before=before,
        after={"shortlist_size": size},
    )


@transaction.atomic
def set_shortlist(category: Category, *, enterprises: list, actor, organisation) -> None:
    """Recommend these enterprises (in this order) in the category, replacing the list."""
    limit = shortlist_size(organisation)
    unique = list(dict.fromkeys(enterprises))
    if len(unique) > limit:
        raise ValidationError(
            _("Recommend at most %(limit)d enterprises per category.") % {"limit": limit}
        )
    entries = ShortlistEntry.objects.for_organisation(organisation).filter(category=category)
    locked = entries.select_for_update(of=("self",)).select_related("enterprise")
    before = [str(entry.enterprise) for entry in locked]
    entries.delete()
    ShortlistEntry.objects.bulk_create(
        ShortlistEntry(
            organisation=organisation,
            category=category,
            enterprise=enterprise,
            position=position,
            added_by=actor,
        )
        for position, enterprise in enumerate(unique)
    )
    log_action(
        "catalogue.shortlist_changed",
        actor=actor,
        organisation=organisation,
        obj=category,
        before={"enterprises": before},
        after={"enterprises": [str(e) for e in unique]},
    )


@transaction.atomic
def create_own_category(*, parent, name: str, search_words: str, actor, organisation) -> Category:
    slug = free_slug(Category, f"{organisation.slug}-{name}")
    position = (Category.objects.filter(parent=parent).aggregate(m=Max("position"))["m"] or 0) + 1
    category = Category.objects.create(
        slug=slug,
        name_nl=name,
        name_en=name,
        parent=parent,
        organisation=organisation,
        search_words=search_words,
        position=position,
    )
    log_action(
        "catalogue.category_created",
        actor=actor,
        organisation=organisation,
        obj=category,
        after={"parent": str(parent), "search_words": search_words},
    )
    return category


@transaction.atomic
def delete_own_category(category: Category, *, actor, organisation) -> None:
    """Only the organisation's own categories; a platform category is never deleted here."""
    if category.organisation_id != organisation.pk:
        raise PermissionDenied
    lock_row(category)
    log_action(
        "catalogue.category_deleted",
        actor=actor,
        organisation=organisation,
        obj=category,
        before={"parent": str(category.parent), "search_words": category.search_words},
    )
    category.delete()
