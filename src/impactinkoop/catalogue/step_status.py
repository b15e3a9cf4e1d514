"""Where an organisation stands in step 4 (in the procurement process): its short lists and
what requesters buy through the catalogue."""

from django.utils.translation import gettext as _

from impactinkoop.core.steps import StepStatus, register_step_status

from .models import Category, Purchase, ShortlistEntry


@register_step_status("procurement")
def procurement_status(organisation) -> StepStatus:
    covered = (
        ShortlistEntry.objects.filter(organisation=organisation)
        .values("category_id")
        .distinct()
        .count()
    )
    total = Category.objects.platform().top_level().count()
    purchases = Purchase.objects.filter(organisation=organisation).count()
    summary = _(
        "Recommendations in %(covered)d of %(total)d categories; %(purchases)d purchases recorded "
        "through the catalogue."
    ) % {"covered": covered, "total": total, "purchases": purchases}
    if not covered:
        return StepStatus("todo", summary)
    return StepStatus("done" if covered >= total // 2 else "started", summary)
