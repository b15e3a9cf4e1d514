"""De Normaalste Zaak's step 6 (intervision) reads where the organisation stands from the groups
its people take part in on its behalf, and links to the groups, whose address has no
organisation."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from impactinkoop.accounts.roles import Role
from impactinkoop.core.steps import status_for_slug
from impactinkoop.peers import group_threads
from impactinkoop.peers.step_status import INTERVISION
from impactinkoop.plans import step_plans
from impactinkoop.plans.models import StepCheck
from tests.factories import make_member

from .groups_helpers import add, make_group

pytestmark = pytest.mark.django_db


def status(organisation):
    with translation.override("en"):
        return status_for_slug(INTERVISION, organisation)


def test_not_started_without_a_group(org, other_org, alice):
    # A group of another organisation's people does not count for this one.
    make_group(make_member(other_org, "erik@anderdorp.example", Role.COORDINATOR), other_org)
    found = status(org)
    assert found.state == "todo"
    assert "Nobody takes part" in found.summary


def test_under_way_in_a_group_that_has_not_met(org, alice):
    host = make_group(alice, org)
    coming = timezone.now() + timedelta(days=10)
    group_threads.plan_meeting(member=host, starts_at=coming)
    found = status(org)
    assert found.state == "started"
    assert found.summary.startswith("Your organisation takes part in 1 intervision group.")
    assert "None of them met in the last twelve months." in found.summary
    assert "The next meeting is on" in found.summary


def test_done_once_a_group_met_within_twelve_months(org, other_org, alice, charlie):
    host = make_group(alice, org)
    # Charlie speaks for the water authority in Alice's group: it counts for both.
    add(host, charlie, other_org)
    group_threads.plan_meeting(member=host, starts_at=timezone.now() - timedelta(days=400))
    assert status(org).state == "started"  # too long ago
    group_threads.plan_meeting(member=host, starts_at=timezone.now() - timedelta(days=30))
    for organisation in (org, other_org):
        found = status(organisation)
        assert found.state == "done"
        assert "The last meeting was on" in found.summary


def test_a_member_who_speaks_for_no_organisation_counts_for_none(org, other_org, alice, charlie):
    host = make_group(alice, org)
    add(host, charlie)  # a member of the water authority, here as himself
    group_threads.plan_meeting(member=host, starts_at=timezone.now() - timedelta(days=1))
    assert status(other_org).state == "todo"


def test_the_summary_names_no_group(org, alice):
    host = make_group(alice, org, name="Geheime kring")
    group_threads.plan_meeting(member=host, starts_at=timezone.now() - timedelta(days=1))
    assert "Geheime kring" not in status(org).summary


def test_dnz_step_6_links_to_the_groups_and_reads_the_status(org, alice):
    make_group(alice, org)
    row = step_plans.checklist(org, StepCheck.Plan.DNZ)[5]
    assert row.step.number == 6 and row.step.slug == INTERVISION
    assert row.links[0][1] == reverse("peers:groups")
    assert row.links[1][1] == reverse("plans:sessions", args=[org.slug])
    assert row.status.state == "started"


def test_the_checklist_page_links_to_the_groups(org, alice, client_for):
    page = client_for(alice).get(reverse("plans:checklists", args=[org.slug]))
    assert page.status_code == 200
    assert f'href="{reverse("peers:groups")}"' in page.content.decode()
