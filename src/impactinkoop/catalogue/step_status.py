"""Where an organisation stands in step 4 (in the procurement process): its short lists and
what requesters buy through the catalogue."""

from django.utils.translation import gettext as _

from impactinkoop.core.steps import StepStatus, register_step_status

from .models import Category, Purchase, ShortlistEntry


def covered_top_level_categories(organisation) -> tuple[int, int]:
    """(top-level platform categories with at least one recommendation, all of them).

    Recommendations are kept per category at any depth (a subcategory, or the organisation's own
    category under one), so each is counted under its top-level platform ancestor: the first
    number can never exceed the second."""
    parents = dict(Category.objects.visible_to(organisation).values_list("id", "parent_id"))
    top_level = set(Category.objects.platform().top_level().values_list("id", flat=True))
    covered = set()
    for category_id in (
        ShortlistEntry.objects.filter(organisation=organisation)
        .values_list("category_id", flat=True)
        .distinct()
    ):
        seen = set()
        while parents.get(category_id) is not None and category_id not in seen:
            seen.add(category_id)
            category_id = parents[category_id]
        if category_id in top_level:
            covered.add(category_id)
    return len(covered), len(top_level)


@register_step_status("procurement")
def procurement_status(organisation) -> StepStatus:
    covered, total = covered_top_level_categories(organisation)
    purchases = Purchase.objects.filter(organisation=organisation).count()
    summary = _(
        "Recommendations in %(covered)d of %(total)d categories; %(purchases)d purchases recorded "
        "through the catalogue."
    ) % {"covered": covered, "total": total, "purchases": purchases}
    if not covered:
        return StepStatus("todo", summary)
    return StepStatus("done" if covered >= total // 2 else "started", summary)
