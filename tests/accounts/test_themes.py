"""An organisation's house style: contrast checks, the admin's page, the stylesheet and logo
every page links to, the public catalogue in the house style, and the token sets only platform
administrators assign."""

import io
import random

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from PIL import Image

from impactinkoop.accounts.models import Theme
from impactinkoop.accounts.roles import Role
from impactinkoop.accounts.services import assign_token_set, update_theme
from impactinkoop.accounts.themes import (
    DEFAULT,
    TOKEN_SETS,
    Colours,
    contrast_problems,
    contrast_ratio,
    readable_text_on,
    theme_stylesheet,
)
from impactinkoop.core.models import AuditEntry

from ..factories import make_member, make_user


def png(colour: str = "#aa0000", size: tuple[int, int] = (40, 20)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


def upload(data: bytes, name: str = "logo.png", content_type: str = "image/png"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def house_style_url(organisation) -> str:
    return reverse("accounts:house_style", args=[organisation.slug])


# --- contrast -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second", "ratio"),
    [
        ("#000000", "#ffffff", 21.0),
        ("#ffffff", "#ffffff", 1.0),
        ("#767676", "#ffffff", 4.54),  # the lightest grey that passes on white
        ("#777777", "#ffffff", 4.48),
        ("#0b4f8a", "#ffffff", 8.4),
        ("#ffcc00", "#ffffff", 1.51),
        ("#ffffff", "#cc0000", 5.89),  # the order does not matter
    ],
)
def test_contrast_ratio_of_known_pairs(first, second, ratio):
    assert round(contrast_ratio(first, second), 2) == ratio


def test_text_on_a_colour_is_white_or_black_whichever_reads_better():
    assert readable_text_on("#0b4f8a") == "#ffffff"
    assert readable_text_on("#ffcc00") == "#000000"
    assert Colours(primary="#ffcc00", link="#0b4f8a", header_background="#ffffff").header_text == (
        "#000000"
    )


def test_a_failing_pair_is_named_with_its_ratio_in_english_and_dutch():
    colours = Colours(primary="#0b4f8a", link="#ffcc00", header_background="#0b4f8a")
    with translation.override("en"):
        assert contrast_problems(colours) == [
            "Link colour on white has a contrast of 1.51:1; it needs at least 4.50:1."
        ]
    with translation.override("nl"):
        assert contrast_problems(colours) == [
            "Linkkleur op wit heeft een contrast van 1,51:1; dat moet minstens 4,50:1 zijn."
        ]


def test_the_defaults_and_every_published_token_set_pass():
    assert contrast_problems(DEFAULT) == []
    for name, colours in TOKEN_SETS.items():
        assert contrast_problems(colours) == [], name


def test_the_stylesheet_sets_only_project_variables():
    css = theme_stylesheet(Colours(primary="#ffcc00", link="#1260a1", header_background="#1e6c35"))
    assert css == (
        ":root {\n"
        "  --ii-color-primary: #ffcc00;\n"
        "  --ii-color-primary-text: #000000;\n"
        "  --ii-color-link: #1260a1;\n"
        "  --ii-color-header-background: #1e6c35;\n"
        "  --ii-color-header-text: #ffffff;\n"
        "}\n"
    )


# --- the administrator's page ---------------------------------------------------------------


def test_admin_saves_colours_and_logo_with_an_audit_entry(client_for, org, alice):
    response = client_for(alice).post(
        house_style_url(org),
        {
            "primary_colour": "#FFCC00",
            "header_background_colour": "#1e6c35",
            "link_colour": "",
            "logo": upload(png()),
        },
    )

    assert response.status_code == 302
    theme = Theme.objects.get(organisation=org)
    assert (theme.primary_colour, theme.header_background_colour, theme.link_colour) == (
        "#ffcc00",
        "#1e6c35",
        "",
    )
    assert theme.logo_content_type == "image/png"
    assert bytes(theme.logo) == png()
    entry = AuditEntry.objects.get(action="organisation.theme_changed")
    assert entry.organisation == org
    assert entry.after == {
        "primary_colour": "#ffcc00",
        "header_background_colour": "#1e6c35",
        "logo": "logo.png",
    }
    log = client_for(alice).get(reverse("portal:audit", args=[org.slug])).content.decode()
    assert "wijzigde de huisstijl van Gemeente Voorbeeldstad" in log


def test_a_theme_failing_contrast_is_refused_and_nothing_is_saved(client_for, org, alice):
    response = client_for(alice).post(
        house_style_url(org), {"primary_colour": "#0b4f8a", "link_colour": "#ffcc00"}
    )

    assert response.status_code == 400
    assert (
        "Linkkleur op wit heeft een contrast van 1,51:1; dat moet minstens 4,50:1 zijn."
        in response.content.decode()
    )
    assert not Theme.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="organisation.theme").exists()


def test_a_wrong_colour_notation_is_refused(client_for, org, alice):
    response = client_for(alice).post(house_style_url(org), {"primary_colour": "blue"})
    assert response.status_code == 400
    assert "zes hexadecimale cijfers" in response.content.decode()
    assert not Theme.objects.exists()


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (
            b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
            "logo.svg",
            "is geen PNG-, JPEG- of WebP-afbeelding",
        ),
        (
            b"\x89PNG\r\n\x1a\n not really a png",
            "logo.png",
            "is geen PNG-, JPEG- of WebP-afbeelding",
        ),
        (b"GIF89a" + png()[6:], "logo.gif", "is geen PNG-, JPEG- of WebP-afbeelding"),
    ],
)
def test_a_logo_that_is_not_a_png_jpeg_or_webp_is_refused(
    client_for, org, alice, data, name, message
):
    response = client_for(alice).post(house_style_url(org), {"logo": upload(data, name)})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Theme.objects.exists()


@override_settings(THEME_LOGO_MAX_BYTES=1000)
def test_a_logo_over_the_size_limit_is_refused(client_for, org, alice):
    noisy = Image.frombytes("RGB", (100, 100), random.Random(18).randbytes(30000))
    buffer = io.BytesIO()
    noisy.save(buffer, "PNG")
    assert buffer.tell() > 1000

    response = client_for(alice).post(house_style_url(org), {"logo": upload(buffer.getvalue())})

    assert response.status_code == 400
    assert "mag hoogstens 1 kB zijn" in response.content.decode()
    assert not Theme.objects.exists()


def test_the_logo_can_be_removed(client_for, org, alice):
    update_theme(actor=alice, organisation=org, changes={}, logo=upload(png()))
    client = client_for(alice)
    assert "Verwijder het logo" in client.get(house_style_url(org)).content.decode()

    client.post(house_style_url(org), {"remove_logo": "on"})

    theme = Theme.objects.get(organisation=org)
    assert not theme.has_logo
    assert AuditEntry.objects.filter(action="organisation.theme_changed").order_by(
        "pk"
    ).last().after == {"logo": ""}


def test_a_viewer_may_not_change_the_house_style(client_for, org, bob):
    assert client_for(bob).get(house_style_url(org)).status_code == 403
    assert (
        client_for(bob).post(house_style_url(org), {"primary_colour": "#000000"}).status_code == 403
    )
    assert not Theme.objects.exists()


def test_outsider_gets_404_for_another_organisations_house_style(client_for, org, alice, charlie):
    update_theme(actor=alice, organisation=org, changes={"primary_colour": "#1e6c35"})
    client = client_for(charlie)

    assert client.get(house_style_url(org)).status_code == 404
    assert client.post(house_style_url(org), {"primary_colour": "#000000"}).status_code == 404
    assert Theme.objects.get(organisation=org).primary_colour == "#1e6c35"


# --- every page of the organisation ---------------------------------------------------------


def test_two_organisations_show_their_own_colours_and_logos_on_the_same_page(
    client, client_for, org, other_org, alice, charlie
):
    update_theme(
        actor=alice,
        organisation=org,
        changes={"primary_colour": "#aa0000", "header_background_colour": "#aa0000"},
        logo=upload(png("#aa0000"), "rood.png"),
    )
    update_theme(
        actor=charlie,
        organisation=other_org,
        changes={"primary_colour": "#1e6c35", "header_background_colour": "#ffffff"},
        logo=upload(png("#1e6c35"), "groen.png"),
    )
    both = make_member(org, "dana@voorbeeldstad.example", Role.VIEWER)
    make_member(other_org, both.email, Role.VIEWER)
    ours, theirs = Theme.objects.get(organisation=org), Theme.objects.get(organisation=other_org)
    client = client_for(both)

    pages = {
        organisation.slug: client.get(
            reverse("portal:home", args=[organisation.slug])
        ).content.decode()
        for organisation in (org, other_org)
    }
    for organisation, theme, other in ((org, ours, theirs), (other_org, theirs, ours)):
        page = pages[organisation.slug]
        css_url = f"/themes/{organisation.slug}/{theme.version}/theme.css"
        logo_url = f"/themes/{organisation.slug}/{theme.version}/logo/"
        assert f'<link rel="stylesheet" href="{css_url}">' in page
        assert f'<img class="brand-logo" src="{logo_url}" alt="{organisation.name}">' in page
        assert other.version not in page

    assert (
        "--ii-color-primary: #aa0000;"
        in client.get(f"/themes/{org.slug}/{ours.version}/theme.css").content.decode()
    )
    css = client.get(f"/themes/{other_org.slug}/{theirs.version}/theme.css").content.decode()
    assert "--ii-color-primary: #1e6c35;" in css
    assert "--ii-color-header-text: #000000;" in css
    assert client.get(f"/themes/{org.slug}/{ours.version}/logo/").content == png("#aa0000")
    assert client.get(f"/themes/{other_org.slug}/{theirs.version}/logo/").content == png("#1e6c35")


def test_an_organisation_without_a_theme_gets_only_the_defaults(client_for, org, alice):
    page = client_for(alice).get(reverse("portal:home", args=[org.slug])).content.decode()
    assert "theme.css" not in page
    assert "brand-logo" not in page
    assert "impactinkoop/tokens.css" in page


def test_stylesheet_and_logo_are_kept_a_year_and_served_as_what_they_are(client, org, alice):
    update_theme(
        actor=alice, organisation=org, changes={}, logo=upload(png(), "logo.txt", "text/plain")
    )
    theme = Theme.objects.get(organisation=org)

    css = client.get(f"/themes/{org.slug}/{theme.version}/theme.css")
    logo = client.get(f"/themes/{org.slug}/{theme.version}/logo/")

    assert css["Content-Type"] == "text/css; charset=utf-8"
    assert logo["Content-Type"] == "image/png"  # from the bytes, not from the upload's claim
    for response in (css, logo):
        assert response.status_code == 200
        assert response["Cache-Control"] == "public, max-age=31536000, immutable"
        assert response["X-Content-Type-Options"] == "nosniff"
    assert logo["Content-Security-Policy"] == "default-src 'none'"


def test_a_change_gives_new_addresses_and_old_or_guessed_ones_are_404(client, org, alice):
    update_theme(actor=alice, organisation=org, changes={"primary_colour": "#1e6c35"})
    old = Theme.objects.get(organisation=org).version
    update_theme(actor=alice, organisation=org, changes={"primary_colour": "#aa0000"})
    new = Theme.objects.get(organisation=org).version

    assert new != old
    assert client.get(f"/themes/{org.slug}/{old}/theme.css").status_code == 404
    assert client.get(f"/themes/{org.slug}/{new}/theme.css").status_code == 200
    assert client.get(f"/themes/{org.slug}/{new}/logo/").status_code == 404  # no logo
    assert client.get(f"/themes/nergensdorp/{new}/theme.css").status_code == 404


def test_saving_the_same_values_again_changes_nothing(org, alice):
    update_theme(actor=alice, organisation=org, changes={"primary_colour": "#1e6c35"})
    version = Theme.objects.get(organisation=org).version

    update_theme(actor=alice, organisation=org, changes={"primary_colour": "#1e6c35"})

    assert Theme.objects.get(organisation=org).version == version
    assert AuditEntry.objects.filter(action="organisation.theme_changed").count() == 1


# --- the public catalogue in the house style ------------------------------------------------


def test_public_catalogue_in_the_house_style_only_when_the_organisation_chose_it(
    client, org, alice
):
    update_theme(actor=alice, organisation=org, changes={"primary_colour": "#1e6c35"})
    url = reverse("catalogue:themed_home", args=[org.slug])
    assert client.get(url).status_code == 404
    assert client.get(reverse("catalogue:themed_home", args=["nergensdorp"])).status_code == 404

    update_theme(actor=alice, organisation=org, changes={"public_catalogue": True})
    theme = Theme.objects.get(organisation=org)
    page = client.get(url).content.decode()

    assert f"/themes/{org.slug}/{theme.version}/theme.css" in page
    # Its links and search stay in the house style, and show nothing of the organisation's own.
    assert f'action="/p/{org.slug}/catalogue/search/"' in page
    assert f"/o/{org.slug}/" not in page


# --- published token sets -------------------------------------------------------------------


def test_the_organisations_admin_cannot_choose_a_published_token_set(client_for, org, alice):
    client = client_for(alice)
    assert "token_set" not in client.get(house_style_url(org)).content.decode()

    client.post(house_style_url(org), {"primary_colour": "#1e6c35", "token_set": "utrecht"})

    assert Theme.objects.get(organisation=org).token_set == ""
    assert client.get(reverse("accounts:house_styles")).status_code == 404
    assert (
        client.post(
            reverse("accounts:house_styles"), {"organisation": org.slug, "token_set": "utrecht"}
        ).status_code
        == 404
    )
    assert Theme.objects.get(organisation=org).token_set == ""
    with pytest.raises(PermissionDenied):
        assign_token_set(actor=alice, organisation=org, token_set="utrecht")
    with pytest.raises(ValueError):
        update_theme(actor=alice, organisation=org, changes={"token_set": "utrecht"})
    assert Theme.objects.get(organisation=org).token_set == ""


def test_a_platform_administrator_assigns_a_token_set_that_then_applies(client_for, org, alice):
    staff = make_user("beheer@impactinkoop.example", is_staff=True)
    response = client_for(staff).post(
        reverse("accounts:house_styles"), {"organisation": org.slug, "token_set": "utrecht"}
    )

    assert response.status_code == 302
    theme = Theme.objects.get(organisation=org)
    assert theme.token_set == "utrecht"
    entry = AuditEntry.objects.get(action="organisation.token_set_assigned")
    assert (entry.before, entry.after) == ({"token_set": ""}, {"token_set": "utrecht"})
    css = client_for(staff).get(f"/themes/{org.slug}/{theme.version}/theme.css").content.decode()
    assert "--ii-color-header-background: #cc0000;" in css
    page = client_for(alice).get(house_style_url(org)).content.decode()
    assert "Gemeente Utrecht (@utrecht/design-tokens)" in page


def test_an_unknown_token_set_is_refused(client_for, org):
    staff = make_user("beheer@impactinkoop.example", is_staff=True)
    client_for(staff).post(
        reverse("accounts:house_styles"), {"organisation": org.slug, "token_set": "rotterdam"}
    )
    assert not Theme.objects.exists()


def test_own_colours_failing_contrast_are_refused_even_under_a_token_set(org, alice):
    staff = make_user("beheer@impactinkoop.example", is_staff=True)
    assign_token_set(actor=staff, organisation=org, token_set="amsterdam")
    with pytest.raises(ValidationError):
        update_theme(actor=alice, organisation=org, changes={"link_colour": "#ffcc00"})
    assert Theme.objects.get(organisation=org).link_colour == ""
