"""The tenderboard's panel on the home page: submissions waiting for advice, soonest deadline
first, for the members who advise and those who submit."""

from impactinkoop.accounts.roles import Permission
from impactinkoop.core.home import HomePanel, register_home_panel

from .models import Submission


@register_home_panel
def waiting_reviews_panel(request):
    membership = request.membership
    if not (
        membership.has_permission(Permission.ADVISE_TENDERS)
        or membership.has_permission(Permission.MANAGE_CONTRACTS)
    ):
        return None
    waiting = list(
        Submission.objects.for_organisation(request.organisation)
        .waiting()
        .by_deadline()
        .select_related("tender")[:10]
    )
    if not waiting:
        return None
    return HomePanel("tenderboard/includes/home_panel.html", {"waiting": waiting})
