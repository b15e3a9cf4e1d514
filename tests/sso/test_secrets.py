"""The client secret is stored encrypted, and the key can be rotated without typing it anew."""

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.management import CommandError, call_command
from django.db import connection

from impactinkoop.sso.models import IdentityProvider

from .helpers import set_provider_user, sign_in

OLD_KEY = Fernet.generate_key().decode()
NEW_KEY = Fernet.generate_key().decode()


def stored_column(provider) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT client_secret_encrypted FROM sso_identityprovider WHERE id = %s", [provider.pk]
        )
        return cursor.fetchone()[0]


def test_the_database_holds_no_plain_secret(provider, client_registration):
    _client_id, secret = client_registration
    column = stored_column(provider)

    assert secret not in column
    assert column.startswith("gAAAA")  # a Fernet token
    assert IdentityProvider.objects.get(pk=provider.pk).client_secret == secret


def test_rotation_encrypts_every_secret_again_with_the_new_key(
    settings, provider, client_registration, client, issuer
):
    settings.SSO_SECRET_KEYS = [OLD_KEY]
    provider.set_client_secret(client_registration[1])
    provider.save()
    under_old_key = stored_column(provider)

    settings.SSO_SECRET_KEYS = [NEW_KEY, OLD_KEY]
    call_command("rotate_sso_secrets", verbosity=0)
    settings.SSO_SECRET_KEYS = [NEW_KEY]

    assert stored_column(provider) != under_old_key
    assert (
        Fernet(NEW_KEY).decrypt(stored_column(provider).encode()).decode()
        == (client_registration[1])
    )
    # And the provider still accepts it: a whole sign-in with only the new key.
    set_provider_user(issuer, "rotated-1", email="rotated@voorbeeldstad.example")
    assert sign_in(client, "voorbeeldstad", "rotated-1")["Location"] == "/o/voorbeeldstad/"


def test_rotation_names_the_organisations_whose_secret_no_key_opens(settings, provider):
    settings.SSO_SECRET_KEYS = [OLD_KEY]
    provider.set_client_secret("geheim")
    provider.save()
    settings.SSO_SECRET_KEYS = [NEW_KEY]  # the old key dropped too early

    with pytest.raises(CommandError, match="voorbeeldstad"):
        call_command("rotate_sso_secrets", verbosity=0)


def test_without_keys_a_key_is_derived_from_secret_key(settings, provider):
    settings.SSO_SECRET_KEYS = []
    provider.set_client_secret("geheim")
    provider.save()

    assert IdentityProvider.objects.get(pk=provider.pk).client_secret == "geheim"
    settings.SECRET_KEY = "another-secret-key-entirely"
    with pytest.raises(InvalidToken):
        IdentityProvider.objects.get(pk=provider.pk).client_secret  # noqa: B018


def test_an_installation_without_keys_moves_to_its_own_key(settings, provider):
    settings.SSO_SECRET_KEYS = []
    provider.set_client_secret("geheim")
    provider.save()

    settings.SSO_SECRET_KEYS = [NEW_KEY]
    call_command("rotate_sso_secrets", verbosity=0)

    assert Fernet(NEW_KEY).decrypt(stored_column(provider).encode()) == b"geheim"
