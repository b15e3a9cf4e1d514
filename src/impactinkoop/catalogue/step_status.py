"""Where an organisation stands in step 4 (in the procurement process): its short lists and
what requesters buy through the catalogue."""

from django.utils.translation import gettext as _

from impactinkoop.accounts.roles import Permission
from impactinkoop.core.home import HomePanel, register_home_panel
from impactinkoop.core.steps import StepStatus, register_step_status

from .models import Category, Purchase, QuoteRequest, ShortlistEntry

RECENT_REQUESTS = 5


def covered_top_level_categories(organisation) -> tuple[int, int]:
    """(top-level platform categories with at least one recommendation, all of them).

    Recommendations are kept per category at any depth (a subcategory, or the organisation's own
    category under one), so each is counted under its top-level platform ancestor: the first
    number can never exceed the second."""
    rows = Category.objects.visible_to(organisation).values_list("id", "parent_id", "organisation")
    parents = {pk: parent for pk, parent, _owner in rows}
    top_level = {pk for pk, parent, owner in rows if parent is None and owner is None}
    covered = set()
    for category_id in (
        ShortlistEntry.objects.for_organisation(organisation)
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
    purchases = Purchase.objects.for_organisation(organisation).count()
    summary = _(
        "Recommendations in %(covered)d of %(total)d categories; %(purchases)d purchases recorded "
        "through the catalogue."
    ) % {"covered": covered, "total": total, "purchases": purchases}
    if not covered:
        return StepStatus("todo", summary)
    return StepStatus("done" if covered >= total // 2 else "started", summary)


@register_home_panel
def requester_panel(request):
    """The requester's home page: their latest quote requests and where to find the rest."""
    if not request.membership.has_permission(Permission.REQUEST_QUOTE):
        return None
    requests = (
        QuoteRequest.objects.for_organisation(request.organisation)
        .filter(requester=request.user)
        .select_related("enterprise", "offer")
        .order_by("-pk")[:RECENT_REQUESTS]
    )
    return HomePanel(
        "catalogue/includes/requester_home_panel.html", {"requests": requests}, programme=False
    )
