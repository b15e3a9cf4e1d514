"""Who may change the plan: coordinators and administrators everything, budget holders the
actions of their own department, everyone else reads."""

import pytest
from django.urls import reverse

from impactinkoop.accounts.models import Membership
from impactinkoop.accounts.roles import Role
from impactinkoop.plans.models import Action

from ..factories import make_member
from .helpers import small_plan


@pytest.fixture
def plan(org, alice):
    return small_plan(org, alice)


@pytest.fixture
def budget_holder(org, plan):
    user = make_member(org, "anouk@voorbeeldstad.example", Role.BUDGET_HOLDER)
    Membership.objects.filter(user=user).update(department=plan["ruimte"])
    return user


def action_form(department, **fields) -> dict:
    return {
        "title": "Koffie bij een sociale onderneming",
        "department": department.pk,
        "due": "2026-12-31",
        "status": "planned",
        **fields,
    }


def test_budget_holder_edits_the_actions_of_their_own_department(
    org, plan, budget_holder, client_for
):
    client = client_for(budget_holder)
    own = plan["own_action"]
    url = reverse("plans:action_edit", args=[org.slug, own.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, action_form(plan["ruimte"], title=own.title, status="done"))
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.status == "done"


def test_budget_holder_cannot_edit_another_departments_action(org, plan, budget_holder, client_for):
    client = client_for(budget_holder)
    other = plan["other_action"]
    url = reverse("plans:action_edit", args=[org.slug, other.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, action_form(plan["sociaal"], status="done")).status_code == 403
    delete = reverse("plans:action_delete", args=[org.slug, other.pk])
    assert client.post(delete).status_code == 403
    other.refresh_from_db()
    assert other.status == "planned"


def test_budget_holder_adds_actions_only_to_their_own_department(
    org, plan, budget_holder, client_for
):
    client = client_for(budget_holder)
    url = reverse("plans:action_new", args=[org.slug])
    page = client.get(url).content.decode()
    assert "Ruimte" in page and "Sociaal Domein" not in page
    response = client.post(url, action_form(plan["sociaal"]))
    assert response.status_code == 400
    assert not Action.objects.filter(title="Koffie bij een sociale onderneming").exists()
    assert client.post(url, action_form(plan["ruimte"])).status_code == 302
    assert (
        Action.objects.get(title="Koffie bij een sociale onderneming").department == plan["ruimte"]
    )


def test_budget_holder_without_a_department_changes_no_actions(org, plan, client_for):
    user = make_member(org, "zonder@voorbeeldstad.example", Role.BUDGET_HOLDER)
    client = client_for(user)
    assert client.get(reverse("plans:action_new", args=[org.slug])).status_code == 403
    own = plan["own_action"]
    assert client.get(reverse("plans:action_edit", args=[org.slug, own.pk])).status_code == 403


def test_budget_holder_sees_change_links_only_for_their_own_actions(
    org, plan, budget_holder, client_for
):
    page = (
        client_for(budget_holder)
        .get(
            reverse(
                "plans:actions",
                args=[
                    org.slug,
                ],
            )
        )
        .content
    )
    page = page.decode()
    assert reverse("plans:action_edit", args=[org.slug, plan["own_action"].pk]) in page
    assert reverse("plans:action_edit", args=[org.slug, plan["other_action"].pk]) not in page


@pytest.mark.parametrize("role", [Role.VIEWER, Role.REQUESTER, Role.BUYER, Role.TENDERBOARD])
def test_other_roles_read_the_plan_but_change_nothing(org, plan, role, client_for):
    user = make_member(org, f"{role}@voorbeeldstad.example", role)
    client = client_for(user)
    for name in (
        "overview",
        "themes",
        "matrix",
        "sessions",
        "goals",
        "actions",
        "team",
        "documents",
        "checklists",
    ):
        assert client.get(reverse(f"plans:{name}", args=[org.slug])).status_code == 200
    goal = plan["goal"]
    assert client.get(reverse("plans:goal", args=[org.slug, goal.pk])).status_code == 200
    forbidden = [
        ("plans:goal_edit", [goal.pk], {"title": "Anders", "deadline": "2027-01-01"}),
        ("plans:action_edit", [plan["own_action"].pk], action_form(plan["ruimte"])),
        ("plans:theme_choose", [plan["circular"].pk], {"drop": "1"}),
        ("plans:team_delete", [plan["member"].pk], {}),
        ("plans:checklist_step", ["dnz", 1], {"done": "1"}),
        ("plans:goal", [goal.pk], {"measured_on": "2026-01-01", "value": "3", "evidence": "x"}),
    ]
    for name, args, data in forbidden:
        response = client.post(reverse(name, args=[org.slug, *args]), data)
        assert response.status_code == 403, name
    goal.refresh_from_db()
    assert goal.title == "Tien contracten met social return" and not goal.entries.exists()


def test_coordinator_changes_every_action(org, plan, client_for):
    user = make_member(org, "fatima@voorbeeldstad.example", Role.COORDINATOR)
    client = client_for(user)
    other = plan["other_action"]
    url = reverse("plans:action_edit", args=[org.slug, other.pk])
    response = client.post(url, action_form(plan["sociaal"], title=other.title, status="done"))
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.status == "done"


def test_admin_sets_the_department_of_a_member(org, plan, alice, client_for):
    user = make_member(org, "anouk@voorbeeldstad.example", Role.BUDGET_HOLDER)
    membership = Membership.objects.get(user=user)
    client = client_for(alice)
    page = client.get(reverse("accounts:members", args=[org.slug])).content.decode()
    assert f'id="department-{membership.pk}"' in page
    client.post(
        reverse("accounts:member_role", args=[org.slug, membership.pk]),
        {"role": Role.BUDGET_HOLDER, "department": plan["ruimte"].pk},
    )
    membership.refresh_from_db()
    assert membership.department == plan["ruimte"]


def test_overdue_actions_stand_out(org, plan, alice, client_for):
    year = plan["own_action"].due.year
    url = reverse("plans:actions", args=[org.slug]) + f"?year={year}"
    page = client_for(alice).get(url).content.decode()
    assert page.count('class="utrecht-table__row overdue"') == 1
    assert "1 actie is te laat" in page
