"""One description per API endpoint, which `test_access_matrix.py` calls as the owner, as a
member of a role without the permission, as an outsider and anonymously.

Each area's module in this package has `ENDPOINTS`, a list of `Endpoint`. `setup(org, user)`
makes what the call needs in the organisation (`user` is its administrator) and returns the URL
arguments besides `org_slug`; `body(org, user, made)` returns the JSON (or, with
`multipart=True`, the form with its files) of a writing call.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone

from impactinkoop.accounts.roles import ROLE_PERMISSIONS, Role
from impactinkoop.api import tokens
from impactinkoop.api.models import ApiToken


@dataclass(frozen=True)
class Endpoint:
    name: str  # the URL's name in the `api` namespace
    method: str = "GET"
    permission: str = ""  # the role permission a personal token's member needs
    scope: str = "figures:read"
    query: str = ""
    setup: Callable | None = None
    body: Callable | None = None
    multipart: bool = False
    ok: tuple[int, ...] = (200,)
    # Who the owner is: an organisation token, or ("personal") the personal token of a member
    # whose role has `permission`, for endpoints that answer only a person (`needs_a_person`).
    owner: str = "organisation"
    extra: dict = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.method} {self.name}"


def role_without(permission: str) -> str:
    allowed = ROLE_PERMISSIONS[permission]
    return next(role for role in Role if role not in allowed)


def role_with(permission: str) -> str:
    return next(role for role in Role if role in ROLE_PERMISSIONS[permission])


def raw_token(organisation, kind, *, scopes, user=None, access=None, name="matrix") -> str:
    """A token made without the service's checks, for a test that needs a token whose member
    has since lost the role that allowed it."""
    secret = tokens.new_secret()
    ApiToken.objects.create(
        organisation=organisation,
        kind=kind,
        name=name,
        user=user,
        contractor_access=access,
        scopes=list(scopes),
        prefix=secret[:8],
        token_hash=tokens.hash_of(secret),
        expires_at=timezone.now() + timezone.timedelta(days=1),
    )
    return secret
