"""Reminders on the home page: commitments of suppliers whose follow-up date has passed."""

from django.utils import timezone

from impactinkoop.accounts.roles import Permission
from impactinkoop.core.home import HomePanel, register_home_panel

from .models import Commitment


@register_home_panel
def overdue_commitments_panel(request):
    if not request.membership.has_permission(Permission.VIEW_SUPPLIER_TALKS):
        return None
    overdue = list(
        Commitment.objects.for_organisation(request.organisation)
        .overdue(timezone.localdate())
        .select_related("conversation", "owner")[:10]
    )
    if not overdue:
        return None
    return HomePanel("conversations/includes/home_panel.html", {"overdue": overdue})
