"""The plan's goals with their progress: the baseline, the target, the value now and whether the
goal is on track, as `plans.progress` computes them for the goals page."""

from django.urls import path
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from impactinkoop.accounts.roles import Permission
from impactinkoop.accounts.tenancy import get_for_organisation
from impactinkoop.plans import progress
from impactinkoop.plans.models import Goal

from ..base import OrganisationAPIView, OrganisationListView
from ..scopes import Scope
from ..serializers_reads import GoalSerializer

# The status as yes or no for clients that want only that; no measurement or no target is
# neither (None).
ON_TRACK = {
    progress.Status.ON_TRACK: True,
    progress.Status.ACHIEVED: True,
    progress.Status.BEHIND: False,
    progress.Status.MISSED: False,
}


def _goals(organisation):
    return Goal.objects.for_organisation(organisation).select_related("theme")


def goal_row(goal: Goal, today) -> dict:
    """A goal and its progress on `today`, as the goals page shows them."""
    result = progress.progress(goal, today)
    theme = goal.theme
    return {
        "id": goal.pk,
        "title": goal.title,
        "description": goal.description,
        "theme": (
            {
                "id": theme.pk,
                "key": theme.key,
                "name": str(theme.label),
                "national": theme.is_national,
            }
            if theme
            else None
        ),
        "metric": goal.metric,
        "metric_label": str(goal.get_metric_display()) if goal.metric else "",
        "unit": goal.unit,
        "baseline_value": goal.baseline_value,
        "baseline_date": goal.baseline_date,
        "baseline_label": goal.baseline_label,
        "target_value": goal.target_value,
        "deadline": goal.deadline,
        "progress": {
            "status": result.status,
            "status_label": str(result.status_label),
            "on_track": ON_TRACK.get(result.status),
            "current": result.current,
            "expected": result.expected,
            "fraction": result.fraction,
            "points": result.points,
        },
    }


class GoalListView(OrganisationListView):
    permission = Permission.VIEW_PLAN
    scope = Scope.READ_FIGURES
    serializer_class = GoalSerializer
    filter_backends = []  # the query serializer filters

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema, not a request
            return Goal.objects.none()
        return _goals(self.request.organisation)

    @extend_schema(
        operation_id="goals_list",
        description="The plan's goals by deadline, each with its theme, baseline, target, unit, "
        "dates and progress: the latest value, where it should be by now and whether it is on "
        "track, computed as the goals page computes them.",
    )
    def get(self, request, *args, **kwargs):
        today = timezone.localdate()
        page = self.paginate_queryset(self.get_queryset())
        rows = [goal_row(goal, today) for goal in page]
        return self.get_paginated_response(GoalSerializer(rows, many=True).data)


class GoalDetailView(OrganisationAPIView):
    permission = Permission.VIEW_PLAN
    scope = Scope.READ_FIGURES

    @extend_schema(
        operation_id="goals_read",
        responses={200: GoalSerializer},
        description="One goal of the plan with its progress.",
    )
    def get(self, request, org_slug: str, pk: int):
        goal = get_for_organisation(request, _goals(request.organisation), pk=pk)
        return Response(GoalSerializer(goal_row(goal, timezone.localdate())).data)


urlpatterns = [
    path("goals/", GoalListView.as_view(), name="goals"),
    path("goals/<int:pk>/", GoalDetailView.as_view(), name="goal"),
]
