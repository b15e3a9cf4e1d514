"""The tenant boundary: for every organisation page, an outsider gets 404 and changes nothing."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from impactinkoop.accounts.models import Invitation, Membership, Organisation
from impactinkoop.accounts.roles import Role
from impactinkoop.core.background import start_job
from impactinkoop.core.jobs import AUDIT_EXPORT
from impactinkoop.core.models import AuditEntry, Job

from .conftest import make_member


def organisation_url_names() -> set[str]:
    """Every named URL routed under o/<org_slug>/, found by walking the URLconf."""
    names = set()

    def walk(patterns, namespace, prefix):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace, route)
            elif isinstance(pattern, URLPattern) and pattern.name and "<slug:org_slug>" in route:
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns, None, "")
    return names


@pytest.fixture
def victim(org, alice, django_capture_on_commit_callbacks):
    """Objects of Voorbeeldstad that an outsider will try to reach."""
    member = make_member(org, "dana@voorbeeldstad.example", Role.BUYER)
    invitation, _token = Invitation.new(
        organisation=org, email="eve@example.org", role=Role.VIEWER, invited_by=alice
    )
    invitation.save()
    with django_capture_on_commit_callbacks(execute=True):
        job = start_job(organisation=org, kind=AUDIT_EXPORT, title="Export", actor=alice)
    return {
        "membership": Membership.objects.get(user=member),
        "invitation": invitation,
        "job": job,
    }


def url_kwargs(name: str, victim: dict) -> dict:
    """The extra arguments of each organisation URL, pointing at the victim's objects."""
    objects = {
        "core:job": victim["job"],
        "core:job_status": victim["job"],
        "core:job_download": victim["job"],
        "accounts:member_role": victim["membership"],
        "accounts:member_remove": victim["membership"],
        "accounts:invitation_revoke": victim["invitation"],
    }
    if name == "core:step":
        return {"step_slug": "inventory"}
    if name in objects:
        return {"pk": objects[name].pk}
    return {}


KNOWN_ORGANISATION_URLS = {
    "core:home",
    "core:step",
    "core:audit",
    "core:audit_export",
    "core:jobs",
    "core:job",
    "core:job_status",
    "core:job_download",
    "accounts:members",
    "accounts:member_role",
    "accounts:member_remove",
    "accounts:invitation_revoke",
    "accounts:settings",
}


def test_every_organisation_url_is_covered_by_these_tests():
    # A new organisation page must be added here (and to url_kwargs) to be tested for outsiders.
    assert organisation_url_names() == KNOWN_ORGANISATION_URLS


def state_of_everything() -> dict:
    return {
        "organisations": list(Organisation.objects.values_list("slug", "name", "kvk_number")),
        "memberships": list(Membership.objects.values_list("pk", "role").order_by("pk")),
        "invitations": list(
            Invitation.objects.values_list("pk", "revoked_at", "accepted_at").order_by("pk")
        ),
        "audit": AuditEntry.objects.count(),
        "jobs": Job.objects.count(),
    }


POST_DATA = {
    "role": Role.ADMIN,
    "email": "mallory@example.org",
    "name": "Overgenomen",
    "kind": "gemeente",
    "action": "members",
}


@pytest.mark.parametrize("name", sorted(KNOWN_ORGANISATION_URLS))
@pytest.mark.parametrize("method", ["get", "post"])
def test_outsider_gets_404_and_changes_nothing(name, method, org, victim, charlie, client_for):
    client = client_for(charlie)
    url = reverse(name, kwargs={"org_slug": org.slug, **url_kwargs(name, victim)})
    before = state_of_everything()

    response = getattr(client, method)(url, POST_DATA)

    assert response.status_code == 404
    assert state_of_everything() == before


@pytest.mark.parametrize(
    "name",
    sorted(
        n
        for n in KNOWN_ORGANISATION_URLS
        if n
        in {
            "core:job",
            "core:job_status",
            "core:job_download",
            "accounts:member_role",
            "accounts:member_remove",
            "accounts:invitation_revoke",
        }
    ),
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_outsider_cannot_reach_objects_through_own_organisation(
    name, method, other_org, victim, charlie, client_for
):
    # Charlie is admin of his own organisation but asks for Voorbeeldstad's objects by id.
    client = client_for(charlie)
    url = reverse(name, kwargs={"org_slug": other_org.slug, **url_kwargs(name, victim)})
    before = state_of_everything()

    response = getattr(client, method)(url, POST_DATA)

    get_only = name.startswith("core:job")
    method_allowed = (method == "get") == get_only
    assert response.status_code == (404 if method_allowed else 405)
    assert state_of_everything() == before


@pytest.mark.parametrize("name", sorted(KNOWN_ORGANISATION_URLS))
def test_unknown_organisation_is_404(name, victim, alice, client_for):
    client = client_for(alice)
    url = reverse(name, kwargs={"org_slug": "bestaat-niet", **url_kwargs(name, victim)})
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("name", sorted(KNOWN_ORGANISATION_URLS))
def test_anonymous_visitor_is_sent_to_login(name, org, victim, client):
    url = reverse(name, kwargs={"org_slug": org.slug, **url_kwargs(name, victim)})
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
