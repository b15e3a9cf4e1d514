"""The client secrets of the organisations' providers, encrypted at rest (decision 0027).

Fernet keys come from `SSO_SECRET_KEYS`: the first encrypts, every key decrypts. Rotating is
putting a new key first, running `manage.py rotate_sso_secrets` (every secret is encrypted again
with the new key), then dropping the old key. Without the setting a key is derived from
SECRET_KEY, so changing SECRET_KEY then makes the stored secrets unreadable. The derived key
always decrypts last, so an installation that starts without keys moves to its own with the
same command.
"""

import base64

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.crypto import salted_hmac

__all__ = ["InvalidToken", "decrypt", "encrypt", "re_encrypt"]


def _derived_key() -> bytes:
    digest = salted_hmac("impactinkoop.sso.client-secret", "", algorithm="sha256").digest()
    return base64.urlsafe_b64encode(digest)


def _fernet() -> MultiFernet:
    keys = [*(getattr(settings, "SSO_SECRET_KEYS", []) or []), _derived_key()]
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except ValueError as error:
        raise ImproperlyConfigured(
            "SSO_SECRET_KEYS holds a key that is not a Fernet key (32 url-safe base64-encoded "
            "bytes); make one with `python -c 'from cryptography.fernet import Fernet; "
            "print(Fernet.generate_key().decode())'`."
        ) from error


def encrypt(plain: str) -> str:
    return _fernet().encrypt(plain.encode()).decode()


def decrypt(token: str) -> str:
    """Raises InvalidToken when no configured key opens it (a key was dropped too early)."""
    return _fernet().decrypt(token.encode()).decode()


def re_encrypt(token: str) -> str:
    """The same secret under the first key (MultiFernet.rotate)."""
    return _fernet().rotate(token.encode()).decode()
