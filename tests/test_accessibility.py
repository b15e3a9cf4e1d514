"""Structural WCAG checks on every page: language, one h1, skip link, landmarks, labelled
controls, headings without gaps, images with alt text."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from impactinkoop.accounts.models import Invitation
from impactinkoop.accounts.roles import Role
from impactinkoop.core.models import Job


class PageStructure(HTMLParser):
    def __init__(self):
        super().__init__()
        self.lang = None
        self.headings: list[int] = []
        self.label_targets: set[str] = set()
        self.controls: list[dict] = []
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.landmarks: list[str] = []
        self.images_without_alt = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "html":
            self.lang = attrs.get("lang")
        elif tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            self.headings.append(int(tag[1]))
        elif tag == "label" and attrs.get("for"):
            self.label_targets.add(attrs["for"])
        elif tag in {"input", "select", "textarea"}:
            if attrs.get("type") not in {"hidden", "submit", "button"}:
                self.controls.append(attrs)
        elif tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag in {"main", "nav", "header", "footer"}:
            self.landmarks.append(tag)
        elif tag == "img" and "alt" not in attrs:
            self.images_without_alt += 1


def check(html: str) -> None:
    page = PageStructure()
    page.feed(html)
    assert page.lang in {"nl", "en"}
    assert page.headings.count(1) == 1, "one h1 per page"
    for before, after in zip(page.headings, page.headings[1:], strict=False):
        assert after <= before + 1, f"heading jumps from h{before} to h{after}"
    assert page.links and page.links[0] == "#main", "the skip link comes first"
    assert "main" in page.ids and "main" in page.landmarks
    for control in page.controls:
        labelled = (
            control.get("id") in page.label_targets
            or control.get("aria-label")
            or control.get("aria-labelledby")
        )
        assert labelled, f"control without label: {control}"
    assert page.images_without_alt == 0


ORGANISATION_PAGES = [
    ("core:home", {}),
    ("core:step", {"step_slug": "inventory"}),
    ("core:audit", {}),
    ("core:jobs", {}),
    ("accounts:members", {}),
    ("accounts:settings", {}),
]


@pytest.mark.parametrize("name,kwargs", ORGANISATION_PAGES)
def test_organisation_pages(name, kwargs, org, alice, bob, client_for):
    Invitation.new(organisation=org, email="x@example.org", role=Role.VIEWER, invited_by=alice)[
        0
    ].save()
    response = client_for(alice).get(reverse(name, kwargs={"org_slug": org.slug, **kwargs}))
    assert response.status_code == 200
    check(response.content.decode())


def test_job_page(org, alice, client_for):
    job = Job.objects.create(organisation=org, kind="audit.export", title="Export")
    check(client_for(alice).get(reverse("core:job", args=[org.slug, job.pk])).content.decode())


@pytest.mark.parametrize(
    "name", ["accounts:profile", "accounts:organisations", "accounts:password_change"]
)
def test_account_pages(name, alice, client_for):
    check(client_for(alice).get(reverse(name)).content.decode())


@pytest.mark.parametrize(
    "name", ["accounts:login", "accounts:password_reset", "accounts:password_reset_done"]
)
def test_public_pages(name, client, db):
    check(client.get(reverse(name)).content.decode())


def test_invitation_and_error_pages(client, org, alice, db):
    invitation, token = Invitation.new(
        organisation=org, email="x@example.org", role=Role.VIEWER, invited_by=alice
    )
    invitation.save()
    check(client.get(reverse("accounts:invitation", args=[token])).content.decode())
    check(client.get(reverse("accounts:invitation", args=["onbekend"])).content.decode())
    check(client.get("/bestaat-niet/").content.decode())
