"""Template context for the base layout: the steps, the current organisation, the switcher."""

from impactinkoop.accounts.roles import granted_permissions
from impactinkoop.core.steps import STEPS


def navigation(request):
    organisation = getattr(request, "organisation", None)
    user = getattr(request, "user", None)
    membership = getattr(request, "membership", None)
    context = {
        "steps": STEPS,
        "current_organisation": organisation,
        # Templates ask `{% if "audit.view" in permissions %}`, never for role names.
        "permissions": granted_permissions(membership.role) if membership else frozenset(),
    }
    accesses = getattr(request, "contractor_accesses", None)
    if accesses is not None:
        context["contractor_portal"] = bool(accesses)
    elif membership is None and user is not None and user.is_authenticated:
        # Outside an organisation's pages only (they count their queries), and asked only when
        # the header renders it: a callable in the context is called lazily.
        context["contractor_portal"] = user.contractor_accesses.exists
    if membership is not None and hasattr(membership, "user_organisations"):
        # Read with the membership by the tenancy helper: no query of its own.
        context["user_organisations"] = membership.user_organisations
    elif user is not None and user.is_authenticated:
        from impactinkoop.accounts.models import Organisation

        # Evaluated lazily: pages that do not render the switcher pay no query.
        context["user_organisations"] = Organisation.objects.for_user(user).only("name", "slug")
    return context
