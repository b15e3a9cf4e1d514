"""Each role's permissions on every organisation page, checked through the pages themselves."""

import pytest
from django.urls import reverse

from impactinkoop.accounts.roles import ROLE_PERMISSIONS, Permission, Role, role_has_permission

from .factories import make_member

PAGES = {
    "portal:home": Permission.VIEW_ORGANISATION,
    "portal:audit": Permission.VIEW_AUDIT,
    "portal:jobs": Permission.VIEW_JOBS,
    "accounts:members": Permission.VIEW_MEMBERS,
    "accounts:settings": Permission.EDIT_ORGANISATION,
    "registry:companies": Permission.VIEW_REGISTER,
    "registry:company_create": Permission.MANAGE_REGISTER,
    "registry:policy": Permission.VIEW_REGISTER,
    "registry:import_start": Permission.IMPORT_REGISTER,
    "spend:imports": Permission.IMPORT_SPEND,
    "spend:suppliers": Permission.VIEW_SPEND,
    "spend:matches": Permission.IMPORT_SPEND,
    "spend:match_list": Permission.IMPORT_SPEND,
    "spend:baseline": Permission.VIEW_SPEND,
    "spend:baseline_lines": Permission.VIEW_SPEND,
    "catalogue:home": Permission.VIEW_CATALOGUE,
    "catalogue:search_page": Permission.VIEW_CATALOGUE,
    "catalogue:requests": Permission.REQUEST_QUOTE,
    "catalogue:purchases": Permission.REQUEST_QUOTE,
    "catalogue:shortlists": Permission.MANAGE_CATALOGUE,
    "plans:overview": Permission.VIEW_PLAN,
    "tenderboard:queue": Permission.VIEW_CONTRACTS,
    "conversations:priorities": Permission.VIEW_SUPPLIER_TALKS,
    "conversations:conversations": Permission.VIEW_SUPPLIER_TALKS,
    "conversations:commitments": Permission.VIEW_SUPPLIER_TALKS,
    "conversations:conversation_new": Permission.RECORD_SUPPLIER_TALKS,
    "plans:themes": Permission.VIEW_PLAN,
    "plans:theme_new": Permission.MANAGE_PLAN,
    "plans:matrix": Permission.VIEW_PLAN,
    "plans:sessions": Permission.VIEW_PLAN,
    "plans:session_new": Permission.MANAGE_PLAN,
    "plans:goals": Permission.VIEW_PLAN,
    "plans:goal_new": Permission.MANAGE_PLAN,
    "plans:actions": Permission.VIEW_PLAN,
    "plans:checklists": Permission.VIEW_PLAN,
    "plans:team": Permission.VIEW_PLAN,
    "plans:team_new": Permission.MANAGE_PLAN,
    "plans:documents": Permission.VIEW_PLAN,
    "plans:document_new": Permission.MANAGE_PLAN,
    "contracts:contracts": Permission.VIEW_CONTRACTS,
    "contracts:ocds_export": Permission.VIEW_CONTRACTS,
    "contracts:contract_new": Permission.MANAGE_CONTRACTS,
    "contracts:import_start": Permission.IMPORT_CONTRACTS,
    "contracts:pipeline": Permission.VIEW_CONTRACTS,
    "contracts:uncovered": Permission.VIEW_CONTRACTS,
    "contracts:rules": Permission.VIEW_CONTRACTS,
    "contracts:tender_new": Permission.MANAGE_CONTRACTS,
    "peers:benchmark": Permission.VIEW_BENCHMARK,
    "peers:sharing": Permission.SHARE_FIGURES,
    "peers:cases": Permission.VIEW_PEERS,
    "peers:knowledge": Permission.VIEW_PEERS,
    "peers:knowledge_new": Permission.MANAGE_KNOWLEDGE,
}


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("name", sorted(PAGES))
def test_each_role_sees_exactly_the_pages_its_permissions_allow(role, name, org, client_for):
    user = make_member(org, f"{role}@voorbeeldstad.example", role)
    response = client_for(user).get(reverse(name, args=[org.slug]))
    assert response.status_code == (200 if role_has_permission(role, PAGES[name]) else 403)


def test_admin_holds_every_permission_but_the_tenderboards_advice_and_realisations():
    # Issue 20: only the tenderboard advises on tenders; an administrator runs the programme and
    # so is among those it advises. Issue 22: only SROI officers see realisations (participants).
    assert all(
        Role.ADMIN in roles
        for permission, roles in ROLE_PERMISSIONS.items()
        if permission not in (Permission.ADVISE_TENDERS, Permission.VIEW_REALISATIONS)
    )
    assert ROLE_PERMISSIONS[Permission.ADVISE_TENDERS] == {Role.TENDERBOARD}
    assert ROLE_PERMISSIONS[Permission.VIEW_REALISATIONS] == {Role.SROI_OFFICER}


def test_every_permission_is_mapped():
    assert set(ROLE_PERMISSIONS) == set(Permission)


@pytest.mark.parametrize("role", list(Role))
def test_step_pages_are_open_to_every_member(role, org, client_for):
    user = make_member(org, f"{role}@voorbeeldstad.example", role)
    client = client_for(user)
    for slug in [
        "inventory",
        "themes",
        "ambitions",
        "tenders",
        "procurement",
        "annual-plan",
        "evaluate",
    ]:
        assert client.get(reverse("portal:step", args=[org.slug, slug])).status_code == 200


def test_unknown_step_is_404(org, alice, client_for):
    assert (
        client_for(alice).get(reverse("portal:step", args=[org.slug, "stap-8"])).status_code == 404
    )


def test_forbidden_page_explains_itself_in_dutch(org, bob, client_for):
    response = client_for(bob).get(reverse("portal:audit", args=[org.slug]))
    assert response.status_code == 403
    assert "Je rol in deze organisatie staat dit niet toe" in response.content.decode()
