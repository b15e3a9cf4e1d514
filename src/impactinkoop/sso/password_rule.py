"""The rule accounts' password login asks (through `accounts.signin_routes`): a member of an
organisation that signs in through its own provider uses that provider, except its local
administrator."""

from django.urls import reverse
from django.utils.translation import gettext as _

from impactinkoop.accounts.roles import Role

from .models import IdentityProvider


def password_sign_in_refusal(user) -> str | None:
    providers = (
        IdentityProvider.objects.enabled()
        .filter(
            organisation__memberships__user=user,
            organisation__memberships__deactivated_at=None,
        )
        .select_related("organisation")
        .order_by("organisation__name")
    )
    for provider in providers:
        is_local_admin = (
            provider.local_admin_id == user.pk
            and provider.organisation.memberships.filter(user=user, role=Role.ADMIN).exists()
        )
        if not is_local_admin:
            return _(
                "%(organisation)s signs in with its own organisation account. Sign in at "
                "%(url)s instead."
            ) % {
                "organisation": provider.organisation.name,
                "url": reverse("sso:start", args=[provider.organisation.slug]),
            }
    return None
