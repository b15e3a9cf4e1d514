"""Small `make_*` helpers that create what a test needs, in one line each; the standing people
(alice, bob, charlie) are fixtures in conftest.py, built with these."""

from impactinkoop.accounts.models import Membership, Organisation, User

PASSWORD = "een-lang-wachtwoord-42"


def make_organisation(slug: str, name: str | None = None, **fields) -> Organisation:
    return Organisation.objects.create(slug=slug, name=name or slug.title(), **fields)


def make_user(email: str, language: str = "nl", **fields) -> User:
    return User.objects.create_user(email, PASSWORD, language=language, **fields)


def make_member(organisation: Organisation, email: str, role: str, **fields) -> User:
    """A member with `role`; an existing user with this address joins a second organisation."""
    user = User.objects.filter(email=email).first() or make_user(email, **fields)
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user
