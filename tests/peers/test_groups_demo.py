"""The demo's intervision group: hosted by the coordinator, with a member of the water authority,
a meeting held and one coming up, a dilemma with answers and a reply; built twice, it adds
nothing."""

from django.urls import reverse

from impactinkoop.accounts.demo import build_demo_organisations
from impactinkoop.accounts.roles import Role
from impactinkoop.core.models import AuditEntry
from impactinkoop.core.steps import status_for_slug
from impactinkoop.peers.demo_groups import GROUP_NAME, build_demo
from impactinkoop.peers.models import Answer, Dilemma, Group, GroupMember, Meeting


def counts() -> dict:
    return {
        model.__name__: model.objects.count()
        for model in (Group, GroupMember, Meeting, Dilemma, Answer, AuditEntry)
    }


def test_the_demo_group_twice_adds_nothing(db, client):
    demo = build_demo_organisations("een-lang-wachtwoord-42")
    group = build_demo(demo.main, demo.users)
    once = counts()
    assert build_demo(demo.main, demo.users) is None
    assert counts() == once

    coordinator = demo.users[Role.COORDINATOR.value]
    members = {m.user.email: m for m in group.members.select_related("user", "organisation")}
    assert members[coordinator.email].is_host
    assert members[f"admin@{demo.other.slug}.example"].organisation == demo.other
    assert group.name == GROUP_NAME
    meetings = list(group.meetings.order_by("starts_at"))
    assert len(meetings) == 2 and meetings[0].notes and meetings[0].agenda and not meetings[1].notes
    dilemma = group.dilemmas.get()
    assert dilemma.answers.filter(parent=None).count() == 2
    assert dilemma.answers.exclude(parent=None).count() == 1
    assert status_for_slug("intervision", demo.main).state == "done"
    assert status_for_slug("intervision", demo.other).state == "done"

    client.force_login(coordinator, backend="django.contrib.auth.backends.ModelBackend")
    page = client.get(reverse("peers:group", args=[group.pk]))
    assert page.status_code == 200 and "Waterschap Anderdorp" in page.content.decode()
