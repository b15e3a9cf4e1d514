"""Where an organisation stands in PIANOo step 7 (evaluate) and De Normaalste Zaak's step 7
(share results), read from its evaluations, impact reports and public page, not from a tick."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from impactinkoop.core.steps import StepStatus, register_step_status

from . import home  # noqa: F401  (registers the results panel of the home page)
from .models import Edition, Evaluation, PublicPage, Report

# De Normaalste Zaak's step 7 has no PIANOo step of its own; `plans.step_plans` names this slug.
SHARE_RESULTS = "share-results"


def _published_years(organisation) -> list[int]:
    return list(
        Edition.objects.for_organisation(organisation)
        .published()
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )


@register_step_status("evaluate")
def evaluate_status(organisation) -> StepStatus:
    latest = Evaluation.objects.for_organisation(organisation).order_by("-year").first()
    if latest is None:
        return StepStatus("todo", _("No year evaluated yet."))
    year = latest.year
    published = year in _published_years(organisation)
    if latest.is_closed:
        summary = _("The evaluation of %(year)s is closed.") % {"year": year}
        if published:
            summary += " " + _("Its impact report is published.")
        else:
            summary += " " + _("Its impact report is not published yet.")
        return StepStatus("done", summary)
    counts = latest.goals.aggregate(total=Count("pk"), done=Count("pk", filter=~Q(outcome="")))
    summary = ngettext(
        "The evaluation of %(year)s is under way: %(done)d of %(count)d goal evaluated.",
        "The evaluation of %(year)s is under way: %(done)d of %(count)d goals evaluated.",
        counts["total"],
    ) % {"year": year, "done": counts["done"], "count": counts["total"]}
    if published:
        summary += " " + _("The impact report of %(year)s is published.") % {"year": year}
    return StepStatus("started", summary)


@register_step_status(SHARE_RESULTS)
def share_results_status(organisation) -> StepStatus:
    """Done once the results are out: a published edition of the impact report, or the public
    impact page turned on. Under way while a report has text or a year is being evaluated."""
    parts = []
    years = _published_years(organisation)
    if years:
        parts.append(_("The impact report of %(year)s is published.") % {"year": years[0]})
    if PublicPage.objects.filter(organisation=organisation, enabled=True).exists():
        parts.append(_("The public impact page is on."))
    if parts:
        return StepStatus("done", " ".join(parts))
    written = any(
        any(str(text).strip() for text in (sections or {}).values())
        for sections in Report.objects.for_organisation(organisation).values_list(
            "sections", flat=True
        )
    )
    evaluated = Evaluation.objects.for_organisation(organisation).exists()
    if written:
        return StepStatus("started", _("An impact report is being written; none is published yet."))
    if evaluated:
        return StepStatus(
            "started",
            _(
                "A year is being evaluated; no impact report is published and the public "
                "page is off."
            ),
        )
    return StepStatus(
        "todo", _("Nothing shared yet: publish the impact report or turn the public page on.")
    )
