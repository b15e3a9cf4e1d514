"""Template context for the base layout: the steps, the current organisation, the switcher."""

from .steps import STEPS


def navigation(request):
    organisation = getattr(request, "organisation", None)
    user = getattr(request, "user", None)
    context = {"steps": STEPS, "current_organisation": organisation}
    if user is not None and user.is_authenticated:
        from impactinkoop.accounts.models import Organisation

        # Evaluated lazily: pages that do not render the switcher pay no query.
        context["user_organisations"] = Organisation.objects.for_user(user).only("name", "slug")
    return context
