"""Encrypt every stored client secret again with the first key of SSO_SECRET_KEYS: the middle
step of rotating the key (new key first, this command, then drop the old key)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from impactinkoop.core.audit import log_action

from ... import crypto
from ...models import IdentityProvider


class Command(BaseCommand):
    help = "Encrypt every single sign-on client secret again with the first key of SSO_SECRET_KEYS."

    def handle(self, *args, **options):
        unreadable, done = [], 0
        with transaction.atomic():
            providers = IdentityProvider.objects.select_for_update().select_related("organisation")
            for provider in providers.exclude(client_secret_encrypted=""):
                try:
                    provider.client_secret_encrypted = crypto.re_encrypt(
                        provider.client_secret_encrypted
                    )
                except crypto.InvalidToken:
                    unreadable.append(provider.organisation.slug)
                    continue
                provider.save(update_fields=["client_secret_encrypted"])
                log_action(
                    "sso.secrets_re_encrypted",
                    actor=None,
                    organisation=provider.organisation,
                    obj=provider.organisation,
                )
                done += 1
        self.stdout.write(f"Encrypted {done} client secret(s) again with the first key.")
        if unreadable:
            raise CommandError(
                "No key in SSO_SECRET_KEYS opens the client secret of "
                + ", ".join(unreadable)
                + ": put the old key back (after the new one) and run this again, or type the "
                "secret anew on the organisation's sign-in settings page."
            )
