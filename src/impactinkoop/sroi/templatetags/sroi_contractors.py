"""`{% contractors_of obligation as found %}`: who may report on an obligation as its
contractor, for the obligation page's contractors section (`sroi/includes/contractors.html`)."""

from django import template

from impactinkoop.accounts.models import ContractorAccess, Invitation

from ..contractor_forms import INVITE_AUTO_ID, ContractorInviteForm

register = template.Library()


@register.simple_tag
def contractors_of(obligation) -> dict:
    company = obligation.contract.company
    if company is None:
        return {"company": None}
    return {
        "company": company,
        "accesses": ContractorAccess.objects.filter(
            organisation_id=obligation.organisation_id, company_id=company.pk
        )
        .select_related("user")
        .order_by("user__email"),
        "invitations": Invitation.objects.filter(
            organisation_id=obligation.organisation_id,
            company_id=company.pk,
            accepted_at=None,
            revoked_at=None,
        ).order_by("email"),
        "form": ContractorInviteForm(auto_id=INVITE_AUTO_ID),
    }
