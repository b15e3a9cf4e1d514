"""Supplier conversations: a coordinator records a conversation from the list and turns its
commitment into a plan action or a measurement; who may do what; reminders."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from impactinkoop.accounts.roles import Role
from impactinkoop.conversations.models import Commitment, Conversation
from impactinkoop.conversations.services import add_commitment, record_conversation
from impactinkoop.core.models import AuditEntry
from impactinkoop.plans.models import Action, Goal, Metric, ProgressEntry
from tests.factories import make_member

from .helpers import make_ledger

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(org):
    return make_member(org, "cor@voorbeeldstad.example", Role.COORDINATOR, full_name="Cor")


def _url(org, name, pk=None):
    kwargs = {"org_slug": org.slug}
    if pk is not None:
        kwargs["pk"] = pk
    return reverse(f"conversations:{name}", kwargs=kwargs)


def _conversation(org, actor, ids, follow_up=date(2027, 1, 15)):
    conversation = record_conversation(
        org,
        actor=actor,
        supplier_id=ids["Uitzendbureau Flex"],
        held_on=date(2026, 5, 1),
        participants="Cor, accountmanager Flex",
        asked="Plaats ex-gedetineerden",
    )
    add_commitment(
        conversation,
        actor=actor,
        description="Twee ex-gedetineerden in 2027",
        follow_up=follow_up,
        owner=actor,
    )
    return conversation


def test_coordinator_records_a_conversation_from_the_list_and_plans_its_commitment(
    org, coordinator, client_for
):
    ids = make_ledger(org)
    client = client_for(coordinator)
    listing = client.get(_url(org, "priorities")).content.decode()
    link = f"{_url(org, 'conversation_new')}?supplier={ids['Uitzendbureau Flex']}"
    assert link in listing
    form = client.get(link).content.decode()
    assert f'value="{ids["Uitzendbureau Flex"]}" selected' in form

    response = client.post(
        link,
        {
            "supplier": ids["Uitzendbureau Flex"],
            "held_on": "2026-05-01",
            "participants": "Cor, accountmanager",
            "asked": "Plaats ex-gedetineerden",
            "offered": "Twee plekken",
            "description": "Twee ex-gedetineerden in 2027",
            "follow_up": "2027-01-15",
            "owner": coordinator.pk,
        },
    )
    conversation = Conversation.objects.get()
    assert response.status_code == 302
    assert conversation.supplier_name == "Uitzendbureau Flex"
    commitment = conversation.commitments.get()

    client.post(_url(org, "commitment_action", commitment.pk))

    action = Action.objects.get()
    assert action.title == "Uitzendbureau Flex: Twee ex-gedetineerden in 2027"
    assert (action.due, action.owner, action.organisation) == (date(2027, 1, 15), coordinator, org)
    commitment.refresh_from_db()
    assert commitment.plan_action == action
    # A second press does not plan it twice.
    client.post(_url(org, "commitment_action", commitment.pk))
    assert Action.objects.count() == 1
    assert set(AuditEntry.objects.filter(organisation=org).values_list("action", flat=True)) >= {
        "conversations.recorded",
        "conversations.commitment_added",
        "conversations.commitment_to_action",
        "plan.action.created",
    }


def test_a_commitment_becomes_a_measurement_of_a_goal_measured_by_hand(
    org, coordinator, client_for
):
    ids = make_ledger(org)
    commitment = _conversation(org, coordinator, ids).commitments.get()
    goal = Goal.objects.create(
        organisation=org, title="Banen", metric=Metric.NUMBER, deadline=date(2028, 1, 1)
    )
    computed = Goal.objects.create(
        organisation=org, title="Aandeel", metric=Metric.SOCIAL_SHARE, deadline=date(2028, 1, 1)
    )
    client = client_for(coordinator)
    page = client.get(_url(org, "commitment_measure", commitment.pk)).content.decode()
    assert "Banen" in page and "Aandeel" not in page
    refused = client.post(
        _url(org, "commitment_measure", commitment.pk),
        {"goal": computed.pk, "value": "2", "measured_on": "2027-01-20"},
    )
    assert refused.status_code == 400
    assert not ProgressEntry.objects.exists()

    client.post(
        _url(org, "commitment_measure", commitment.pk),
        {"goal": goal.pk, "value": "2", "measured_on": "2027-01-20"},
    )
    entry = ProgressEntry.objects.get()
    assert (entry.goal, str(entry.value)) == (goal, "2.00")
    commitment.refresh_from_db()
    assert commitment.measurement == entry


def test_status_changes_and_overdue_reminders(org, coordinator, alice, client_for):
    ids = make_ledger(org)
    today = timezone.localdate()
    conversation = _conversation(org, coordinator, ids, follow_up=today - timedelta(days=1))
    commitment = conversation.commitments.get()
    client = client_for(coordinator)
    listing = client.get(_url(org, "commitments")).content.decode()
    assert listing.count("utrecht-alert--warning") == 1
    assert listing.count("status-overdue") == 1
    home = client.get(reverse("portal:home", kwargs={"org_slug": org.slug})).content.decode()
    assert 'id="commitments-heading"' in home

    client.post(_url(org, "commitment_status", commitment.pk), {"status": "kept"})
    commitment.refresh_from_db()
    assert commitment.status == "kept"
    assert not Commitment.objects.overdue(today).exists()
    home = client.get(reverse("portal:home", kwargs={"org_slug": org.slug})).content.decode()
    assert 'id="commitments-heading"' not in home


@pytest.mark.parametrize("role", [Role.VIEWER, Role.TENDERBOARD, Role.BUDGET_HOLDER])
def test_roles_that_read_cannot_record(org, coordinator, role, client_for):
    ids = make_ledger(org)
    commitment = _conversation(org, coordinator, ids).commitments.get()
    reader = make_member(org, f"{role}@voorbeeldstad.example", role)
    client = client_for(reader)
    assert client.get(_url(org, "priorities")).status_code == 200
    assert client.get(_url(org, "conversation", commitment.conversation_id)).status_code == 200
    assert client.get(_url(org, "conversation_new")).status_code == 403
    assert client.post(_url(org, "commitment_action", commitment.pk)).status_code == 403
    assert (
        client.post(_url(org, "commitment_status", commitment.pk), {"status": "kept"}).status_code
        == 403
    )
    commitment.refresh_from_db()
    assert (commitment.status, commitment.plan_action_id) == ("promised", None)


def test_a_requester_does_not_see_supplier_conversations(org, client_for):
    requester = make_member(org, "rik@voorbeeldstad.example", Role.REQUESTER)
    assert client_for(requester).get(_url(org, "priorities")).status_code == 403
