"""The intervision groups' own scope (`accounts.tenancy.group_view`): every page of a group, found
by walking the URLconf, answers 404 to anyone who is not a member (from another organisation or
from the host's own), also for another group's objects asked for through one's own group, and
changes nothing; an anonymous visitor is sent to the login page."""

from datetime import timedelta

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone

from impactinkoop.accounts.roles import Role
from impactinkoop.core.models import AuditEntry
from impactinkoop.peers import group_threads, groups
from impactinkoop.peers.models import Answer, Dilemma, Group, GroupInvitation, GroupMember, Meeting
from tests.factories import make_member, make_user

from .groups_helpers import add, make_group

pytestmark = pytest.mark.django_db


def group_routes() -> dict[str, str]:
    """Every named URL under groups/, with its route."""
    routes = {}

    def walk(patterns, namespace, prefix):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace, route)
            elif isinstance(pattern, URLPattern) and pattern.name and route.startswith("groups/"):
                routes[f"{namespace}:{pattern.name}" if namespace else pattern.name] = route

    walk(get_resolver().url_patterns, None, "")
    return routes


# Every page of a group with the method it accepts; a new one must be added here to be tested.
GROUP_URLS = {
    "peers:group": "get",
    "peers:group_edit": "both",
    "peers:group_members": "both",
    "peers:group_member_host": "post",
    "peers:group_member_remove": "post",
    "peers:group_invitation_withdraw": "post",
    "peers:group_leave": "both",
    "peers:meeting_new": "both",
    "peers:meeting": "get",
    "peers:meeting_edit": "both",
    "peers:meeting_delete": "post",
    "peers:dilemma_new": "both",
    "peers:dilemma": "both",
    "peers:answer_delete": "post",
}
# The user's own pages outside any group: "my groups", starting one, accepting an invitation (by
# the mail's token, or by id for the address of one's own account; tested in test_groups_views).
PERSONAL_URLS = {
    "peers:groups",
    "peers:group_new",
    "peers:group_invitation",
    "peers:group_invitation_accept",
}

# Which object of the group each page's `pk` (and `answer`) points at.
OBJECT_OF_URL = {
    "peers:group_member_host": "member",
    "peers:group_member_remove": "member",
    "peers:group_invitation_withdraw": "invitation",
    "peers:meeting": "meeting",
    "peers:meeting_edit": "meeting",
    "peers:meeting_delete": "meeting",
    "peers:dilemma": "dilemma",
    "peers:answer_delete": "dilemma",
}


def example_kwargs() -> dict[str, dict]:
    """An address for every groups/ page, pointing at nothing (for tests that walk every page
    for its headers, whatever the answer)."""
    values = {"group_pk": 1, "pk": 1, "answer": 1, "token": "unknown"}
    return {
        name: {key: values[key] for key in values if f":{key}>" in route}
        for name, route in group_routes().items()
    }


def test_every_group_url_is_covered_by_these_tests():
    routes = group_routes()
    assert {name for name, route in routes.items() if "<int:group_pk>" in route} == set(GROUP_URLS)
    assert set(routes) - set(GROUP_URLS) == PERSONAL_URLS


@pytest.mark.parametrize("name", sorted(GROUP_URLS))
def test_every_group_page_is_in_the_group_scope(name):
    address = reverse(name, kwargs=example_kwargs()[name])
    assert getattr(resolve(address).func, "group_scope", False)


def filled(host: GroupMember, colleague) -> dict:
    """A group with one of everything: a second member, an open invitation, a meeting, a
    dilemma with an answer."""
    member = add(host, colleague)
    invitation = GroupInvitation.objects.create(
        group=host.group,
        email=f"nieuw-{host.group.pk}@example.org",
        token_hash=f"hash-{host.group.pk}",
        invited_by=host.user,
        expires_at=timezone.now() + timedelta(days=14),
    )
    meeting = group_threads.plan_meeting(
        member=host, starts_at=timezone.now() - timedelta(days=7), agenda="Geheime agenda"
    )
    dilemma = group_threads.post_dilemma(member=host, title="Geheim dilemma", text="Geheim")
    answer = group_threads.answer_dilemma(member=member, dilemma=dilemma, text="Geheim antwoord")
    return {
        "group": host.group,
        "member": member,
        "invitation": invitation,
        "meeting": meeting,
        "dilemma": dilemma,
        "answer": answer,
    }


@pytest.fixture
def victim(org, other_org):
    """A group hosted from Voorbeeldstad, with a member from the water authority."""
    host = make_group(make_member(org, "dana@voorbeeldstad.example", Role.COORDINATOR), org)
    colleague = make_member(other_org, "erik@anderdorp.example", Role.BUYER)
    return filled(host, colleague)


@pytest.fixture
def own(other_org, charlie, victim):
    """Charlie's own group, with objects of its own."""
    host = make_group(charlie, other_org, name="UMC's")
    return filled(host, make_member(other_org, "fien@anderdorp.example", Role.VIEWER))


def url(name: str, objects: dict, group: Group | None = None) -> str:
    kwargs = {"group_pk": (group or objects["group"]).pk}
    if name in OBJECT_OF_URL:
        kwargs["pk"] = objects[OBJECT_OF_URL[name]].pk
    if name == "peers:answer_delete":
        kwargs["answer"] = objects["answer"].pk
    return reverse(name, kwargs=kwargs)


def state() -> dict:
    return {
        "groups": list(Group.objects.values_list("pk", "name", "description").order_by("pk")),
        "members": list(GroupMember.objects.values_list("pk", "is_host").order_by("pk")),
        "invitations": list(
            GroupInvitation.objects.values_list("pk", "revoked_at", "accepted_at").order_by("pk")
        ),
        "meetings": list(
            Meeting.objects.values_list("pk", "starts_at", "place", "agenda", "notes").order_by(
                "pk"
            )
        ),
        "dilemmas": list(Dilemma.objects.values_list("pk", "title", "text").order_by("pk")),
        "answers": list(Answer.objects.values_list("pk", "text").order_by("pk")),
        # Signing in (the client logs in after `before`) is no change to a group.
        "audit": AuditEntry.objects.exclude(action__startswith="signin.").count(),
    }


POST_DATA = {
    "name": "Overgenomen",
    "description": "Overgenomen",
    "email": "mallory@example.org",
    "host": "1",
    "day": "2030-01-01",
    "start": "10:00",
    "place": "Overgenomen",
    "agenda": "Overgenomen",
    "notes": "Overgenomen",
    "title": "Overgenomen",
    "text": "Overgenomen",
}


@pytest.fixture(params=["other organisation", "same organisation", "no organisation"])
def outsider(request, org, charlie):
    """Someone who is no member of the victim group: an administrator elsewhere, a colleague of
    its host, and a member of another group who belongs to no organisation."""
    if request.param == "other organisation":
        return charlie
    if request.param == "same organisation":
        return make_member(org, "gijs@voorbeeldstad.example", Role.ADMIN)
    return make_user("expert@example.org")


@pytest.mark.parametrize("name", sorted(GROUP_URLS))
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_non_member_gets_404_and_changes_nothing(name, method, victim, outsider, client_for):
    client = client_for(outsider)
    before = state()

    response = getattr(client, method)(url(name, victim), POST_DATA)

    assert response.status_code == 404
    assert state() == before


@pytest.mark.parametrize("name", sorted(OBJECT_OF_URL))
@pytest.mark.parametrize("method", ["get", "post"])
def test_another_groups_objects_cannot_be_reached_through_ones_own(
    name, method, victim, own, charlie, client_for
):
    # Charlie hosts his own group and asks for the victim group's objects by id through it.
    client = client_for(charlie)
    before = state()

    response = getattr(client, method)(url(name, victim, group=own["group"]), POST_DATA)

    method_allowed = GROUP_URLS[name] in ("both", method)
    assert response.status_code == (404 if method_allowed else 405)
    assert state() == before


def test_another_groups_answer_cannot_be_deleted_through_ones_own_dilemma(
    victim, own, charlie, client_for
):
    # The answer of the victim's dilemma, addressed under Charlie's own group and dilemma.
    address = reverse(
        "peers:answer_delete",
        kwargs={
            "group_pk": own["group"].pk,
            "pk": own["dilemma"].pk,
            "answer": victim["answer"].pk,
        },
    )
    before = state()
    assert client_for(charlie).post(address).status_code == 404
    assert state() == before


def test_a_reply_cannot_hang_under_another_groups_answer(victim, own, charlie, client_for):
    address = reverse(
        "peers:dilemma", kwargs={"group_pk": own["group"].pk, "pk": own["dilemma"].pk}
    )
    before = state()
    response = client_for(charlie).post(
        address, {"text": "Overgenomen", "parent": victim["answer"].pk}
    )
    assert response.status_code == 404
    assert state() == before


def test_the_same_pages_open_for_a_member(victim, client_for):
    # The walk above proves 404s; a member reaches the same addresses (so they are not 404 for
    # everyone).
    client = client_for(victim["member"].user)
    for name, method in GROUP_URLS.items():
        if method != "post":
            assert client.get(url(name, victim)).status_code in (200, 403), name


@pytest.mark.parametrize("name", sorted(GROUP_URLS))
@pytest.mark.parametrize("method", ["get", "post"])
def test_an_anonymous_visitor_is_sent_to_login(name, method, victim, client):
    before = state()
    response = getattr(client, method)(url(name, victim), POST_DATA)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert state() == before


def test_a_group_that_does_not_exist_is_the_same_404(victim, charlie, client_for):
    missing = Group.objects.order_by("-pk").first().pk + 100
    response = client_for(charlie).get(reverse("peers:group", kwargs={"group_pk": missing}))
    assert response.status_code == 404


def test_leaving_closes_the_door(victim, client_for):
    member = victim["member"]
    client = client_for(member.user)
    assert client.get(url("peers:group", victim)).status_code == 200
    groups.leave_group(member=member)
    assert client.get(url("peers:group", victim)).status_code == 404
    assert client.get(url("peers:dilemma", victim)).status_code == 404
