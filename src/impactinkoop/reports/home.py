"""The results panel of the organisation's home page: where the last complete year's evaluation
and report stand, and the case stories waiting for the coordinator."""

from django.utils import timezone

from impactinkoop.accounts.roles import Permission
from impactinkoop.core.home import HomePanel, register_home_panel

from .models import Edition, Evaluation, Story


@register_home_panel
def results_panel(request):
    membership, organisation = request.membership, request.organisation
    if not membership.has_permission(Permission.VIEW_RESULTS):
        return None
    year = timezone.localdate().year - 1
    evaluation = Evaluation.objects.for_organisation(organisation).filter(year=year).first()
    edition = Edition.objects.for_organisation(organisation).published().filter(year=year).first()
    waiting = 0
    if membership.has_permission(Permission.MANAGE_RESULTS):
        waiting = Story.objects.for_organisation(organisation).filter(state="submitted").count()
    return HomePanel(
        "reports/includes/home_panel.html",
        {"year": year, "evaluation": evaluation, "edition": edition, "waiting": waiting},
    )
