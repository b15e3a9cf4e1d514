"""The results at a glance: per year where its evaluation and impact report stand, the case
stories and the public page, with the way to each."""

from dataclasses import dataclass

from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_GET

from impactinkoop.accounts.roles import Permission
from impactinkoop.accounts.tenancy import organisation_view
from impactinkoop.core.urls import ORG

from ..models import Edition, Evaluation, PublicPage, Report, Story


@dataclass(frozen=True)
class YearRow:
    year: int
    evaluation: Evaluation | None
    evaluated: int  # goals with an outcome
    goals: int
    report: Report | None
    latest_edition: Edition | None
    editions: int


def years_of(organisation, today) -> list[int]:
    """The last complete year (the one to evaluate), this year, and every year that already has
    an evaluation, a report or an edition; newest first."""
    years = {today.year - 1, today.year}
    for model in (Evaluation, Report, Edition):
        years.update(model.objects.for_organisation(organisation).values_list("year", flat=True))
    return sorted(years, reverse=True)


def year_rows(organisation, today) -> list[YearRow]:
    evaluations = {
        e.year: e
        for e in Evaluation.objects.for_organisation(organisation).prefetch_related("goals")
    }
    reports = {r.year: r for r in Report.objects.for_organisation(organisation)}
    editions: dict[int, list[Edition]] = {}
    for edition in Edition.objects.for_organisation(organisation).published():
        editions.setdefault(edition.year, []).append(edition)
    rows = []
    for year in years_of(organisation, today):
        evaluation = evaluations.get(year)
        goals = list(evaluation.goals.all()) if evaluation else []
        published = editions.get(year, [])
        rows.append(
            YearRow(
                year=year,
                evaluation=evaluation,
                evaluated=sum(1 for goal in goals if goal.outcome),
                goals=len(goals),
                report=reports.get(year),
                latest_edition=published[0] if published else None,
                editions=len(published),
            )
        )
    return rows


@organisation_view(Permission.VIEW_RESULTS)
@require_GET
def annual(request):
    organisation, membership = request.organisation, request.membership
    stories = Story.objects.for_organisation(organisation)
    page = PublicPage.objects.filter(organisation=organisation).first()
    context = {
        "rows": year_rows(organisation, timezone.localdate()),
        "story_counts": {
            state: stories.filter(state=state).count() for state in Story.State.values
        },
        "public_page": page,
        "may_manage": membership.has_permission(Permission.MANAGE_RESULTS),
        "may_write": membership.has_permission(Permission.WRITE_STORIES),
        "may_publish": membership.has_permission(Permission.PUBLISH_PAGE),
    }
    return render(request, "reports/overview.html", context)


urlpatterns = [path(ORG + "results/", annual, name="annual")]
