"""The demo's single sign-on: the water authority has its provider filled in as an example of
what an administrator enters (its Keycloak realm, roles by group, a required group, the local
administrator), switched off, because the demo runs no provider: its people keep signing in with
their passwords. Running the demo again changes nothing."""

from django.db import transaction

from impactinkoop.accounts.models import Organisation, User
from impactinkoop.accounts.roles import Role

from .models import IdentityProvider, SignInDomain


@transaction.atomic
def build_demo_provider(organisation: Organisation, local_admin: User) -> IdentityProvider:
    provider, created = IdentityProvider.objects.get_or_create(
        organisation=organisation,
        defaults={
            "enabled": False,
            "issuer": f"https://sso.{organisation.slug}.example/realms/{organisation.slug}",
            "client_id": "impactinkoop",
            "default_role": Role.VIEWER,
            "group_roles": "mvi-team = coordinator\ninkoop = buyer\nsocial-return = sroi_officer",
            "required_group": "impactinkoop",
            "local_admin": local_admin,
        },
    )
    if created:
        SignInDomain.objects.create(provider=provider, domain=f"{organisation.slug}.example")
    return provider
