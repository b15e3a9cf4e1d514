"""Writes on an organisation's provider: one transaction, with an audit entry that never holds
the client secret (only that it changed)."""

from django.db import transaction

from impactinkoop.core.audit import log_action, snapshot

from .models import IdentityProvider, SignInDomain

AUDITED_FIELDS = [
    "enabled",
    "issuer",
    "client_id",
    "scopes",
    "email_claim",
    "groups_claim",
    "default_role",
    "group_roles",
    "required_group",
    "max_session_hours",
    "local_admin",
    "authorization_endpoint",
    "token_endpoint",
    "userinfo_endpoint",
    "jwks_uri",
    "end_session_endpoint",
]


def _state(provider: IdentityProvider) -> dict:
    if provider.pk is None:
        return {}
    state = snapshot(provider, AUDITED_FIELDS)
    state["email_domains"] = ", ".join(provider.domains.values_list("domain", flat=True))
    return state


@transaction.atomic
def save_provider(
    *, actor, provider: IdentityProvider, secret: str, domains: list[str]
) -> IdentityProvider:
    """`provider` holds the new values (a bound ModelForm's instance); an empty `secret` keeps
    the stored one."""
    stored = IdentityProvider.objects.filter(pk=provider.pk).first() if provider.pk else None
    before = _state(stored) if stored else {}
    secret_changed = bool(secret)
    if secret_changed:
        provider.set_client_secret(secret)
    provider.save()
    provider.domains.exclude(domain__in=domains).delete()
    for domain in domains:
        SignInDomain.objects.get_or_create(provider=provider, domain=domain)
    after = _state(provider)
    changed_before = {key: value for key, value in before.items() if after.get(key) != value}
    changed_after = {key: value for key, value in after.items() if before.get(key) != value}
    if secret_changed:
        changed_after["client_secret"] = "changed"
    if changed_after or changed_before:
        log_action(
            "sso.settings_changed",
            actor=actor,
            organisation=provider.organisation,
            obj=provider.organisation,
            before=changed_before,
            after=changed_after,
        )
    return provider
