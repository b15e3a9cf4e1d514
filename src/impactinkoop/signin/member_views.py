"""An administrator resets the second factor of a member who lost their phone and their
recovery codes: the member sets up a new app at the next sign-in (or signs in with the
password only, where no rule asks for two factors)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from impactinkoop.accounts.models import Membership
from impactinkoop.accounts.roles import Permission
from impactinkoop.accounts.tenancy import get_for_organisation, organisation_view

from . import twofactor


@organisation_view(Permission.MANAGE_MEMBERS)
@require_POST
def reset_member(request, pk: int):
    membership = get_for_organisation(request, Membership.objects.select_related("user"), pk=pk)
    person = membership.user
    back = redirect("accounts:members", org_slug=request.organisation.slug)
    if person.pk == request.user.pk:
        messages.error(request, _("Your own app you replace on your page Signing in and sessions."))
        return back
    if person.is_staff:
        # A platform administrator's factor is the platform's to reset, not one organisation's.
        messages.error(
            request,
            _("%(email)s is a platform administrator: ask the platform's operators.")
            % {"email": person.email},
        )
        return back
    if twofactor.confirmed_app(person) is None:
        messages.info(request, _("%(email)s has no authenticator app.") % {"email": person.email})
        return back
    twofactor.remove_second_factor(person, actor=request.user)
    messages.success(
        request,
        _("The second factor of %(email)s is reset: they set up a new app at the next sign-in.")
        % {"email": person.email},
    )
    return back
