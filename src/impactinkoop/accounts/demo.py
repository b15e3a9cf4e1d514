"""Demo organisations and one user per role; running it again creates nothing twice."""

import io
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from .models import Organisation, Theme, User
from .roles import Role
from .services import add_member, assign_token_set, create_organisation, update_theme

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
    build_demo_themes(main, other)
    # Everyone lands in the demo municipality after login.
    User.objects.filter(memberships__organisation=main, last_organisation=None).update(
        last_organisation=main
    )
    return DemoOrganisations(main=main, other=other, users=users)


def demo_logo(initial: str, name: str) -> SimpleUploadedFile:
    """A small white logo drawn in code (a badge with an initial and the name), for dark
    headers: no image file in the repository."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGBA", (300, 64), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((2, 2, 61, 61), radius=14, outline="white", width=4)
    draw.text((32, 33), initial, fill="white", anchor="mm", font=ImageFont.load_default(36))
    draw.text((74, 33), name, fill="white", anchor="lm", font=ImageFont.load_default(28))
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return SimpleUploadedFile(f"{name.lower()}.png", buffer.getvalue(), "image/png")


def build_demo_themes(main: Organisation, other: Organisation) -> None:
    """Two house styles side by side: the demo municipality wears a published token set (in a
    real installation only that municipality's own), the water authority its own colours."""
    if not Theme.objects.filter(organisation=main).exists():
        assign_token_set(actor="demo", organisation=main, token_set="utrecht")
        update_theme(
            actor="demo", organisation=main, changes={}, logo=demo_logo("V", "Voorbeeldstad")
        )
    if not Theme.objects.filter(organisation=other).exists():
        update_theme(
            actor="demo",
            organisation=other,
            changes={
                "primary_colour": "#006a70",
                "header_background_colour": "#00494d",
                "link_colour": "#006a70",
                "public_catalogue": True,
            },
            logo=demo_logo("A", "Anderdorp"),
        )
