"""Demo organisations and one user per role; running it again creates nothing twice."""

from dataclasses import dataclass

from django.db import transaction

from .models import Organisation, User
from .roles import Role
from .services import add_member, create_organisation

DEMO_SLUG = "voorbeeldstad"
OTHER_SLUG = "anderdorp"


@dataclass
class DemoOrganisations:
    main: Organisation
    other: Organisation
    users: dict[str, User]


def _organisation(slug: str, **fields) -> Organisation:
    existing = Organisation.objects.filter(slug=slug).first()
    return existing or create_organisation(actor="demo", slug=slug, **fields)


def demo_user(email: str, password: str, full_name: str, language: str = "nl") -> User:
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        return User.objects.create_user(email, password, full_name=full_name, language=language)
    # The password printed by this run must work, also for users made by an earlier run.
    user.set_password(password)
    user.save(update_fields=["password"])
    return user


DEMO_NAMES = {
    Role.COORDINATOR: "Fatima el Amrani",
    Role.BUYER: "Jeroen de Vries",
    Role.BUDGET_HOLDER: "Anouk Jansen",
    Role.REQUESTER: "Sem Bakker",
    Role.SROI_OFFICER: "Priya Ramdin",
    Role.TENDERBOARD: "Kees Visser",
    Role.VIEWER: "Wethouder Lotte Smit",
    Role.ADMIN: "Ruben Mulder",
}


@transaction.atomic
def build_demo_organisations(password: str) -> DemoOrganisations:
    main = _organisation(
        DEMO_SLUG,
        name="Gemeente Voorbeeldstad",
        kind=Organisation.Kind.GEMEENTE,
        kvk_number="01234567",
        municipality="Voorbeeldstad",
        labour_market_region="Midden-Utrecht",
    )
    other = _organisation(
        OTHER_SLUG,
        name="Waterschap Anderdorp",
        kind=Organisation.Kind.WATERSCHAP,
        kvk_number="07654321",
        municipality="Anderdorp",
        labour_market_region="Rijnmond",
    )
    users = {}
    for role in Role:
        user = demo_user(f"{role.value}@{DEMO_SLUG}.example", password, DEMO_NAMES[role])
        add_member(actor="demo", organisation=main, user=user, role=role)
        users[role.value] = user
    # The coordinator also reads along at the water authority, to show switching organisations.
    add_member(actor="demo", organisation=other, user=users[Role.COORDINATOR], role=Role.VIEWER)
    other_admin = demo_user(f"admin@{OTHER_SLUG}.example", password, "Noor Hendriks")
    add_member(actor="demo", organisation=other, user=other_admin, role=Role.ADMIN)
    # Everyone lands in the demo municipality after login.
    User.objects.filter(memberships__organisation=main, last_organisation=None).update(
        last_organisation=main
    )
    return DemoOrganisations(main=main, other=other, users=users)
