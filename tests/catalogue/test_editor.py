"""Issue 15, item 16: the enterprise editor writes Markdown, not HTML; a change that waits is never
shown as "not approved"; the curator's comparison marks only real changes; rejecting is not the
primary action."""

import importlib

import pytest
from django.apps import apps

from impactinkoop.catalogue.models import Enterprise, Offer, Revision
from impactinkoop.catalogue.services.revisions import propose_offer, propose_profile, withdraw_offer

from ..factories import make_user
from .helpers import published_enterprise

PROFILE = {
    "name": "Zeeperij Zuiver",
    "summary": "Wij maken **zeep**.",
    "impact": "Werk voor mensen met een beperking.",
    "region_served": "",
    "contact_email": "info@20000001.example",
    "contact_phone": "030 123 4567",
    "website": "",
}


@pytest.fixture
def curator(db):
    return make_user("curator@example.org", is_staff=True)


@pytest.fixture
def editor(db):
    return make_user("ondernemer@example.org")


@pytest.fixture
def enterprise(editor):
    enterprise = published_enterprise(
        "20000001", "Zeeperij Zuiver", [("bedankjes", "Zeep met logo", "Handgemaakte zeep")]
    )
    Enterprise.objects.filter(pk=enterprise.pk).update(
        **{name: PROFILE[name] for name in ("summary", "impact", "contact_phone")}
    )
    enterprise.refresh_from_db()
    enterprise.editors.add(editor)
    return enterprise


def test_the_editor_writes_markdown_and_the_page_shows_it(enterprise, editor, client_for):
    client = client_for(editor)
    form_page = client.get(f"/enterprise/{enterprise.slug}/profile/").content.decode()
    assert "**vet**, *cursief*" in form_page  # the help says how to format
    response = client.post(
        f"/enterprise/{enterprise.slug}/profile/",
        {**PROFILE, "summary": "Wij maken <strong>zeep</strong>."},
    )
    assert response.status_code == 400
    assert "HTML wordt hier niet gebruikt" in response.content.decode()
    response = client.post(
        f"/enterprise/{enterprise.slug}/profile/",
        {**PROFILE, "summary": "Wij maken **zeep**.\r\n\r\n- lavendel\r\n- citroen"},
    )
    assert response.status_code == 302
    revision = Revision.objects.get(state=Revision.State.PENDING)
    assert revision.data["summary"] == "Wij maken **zeep**.\r\n\r\n- lavendel\r\n- citroen"


def test_a_replaced_or_withdrawn_change_is_not_not_approved(enterprise, editor, client_for):
    first = propose_profile(enterprise, data=PROFILE, actor=editor)
    propose_profile(enterprise, data={**PROFILE, "name": "Zeeperij Zuiver BV"}, actor=editor)
    first.refresh_from_db()
    assert first.state == Revision.State.SUPERSEDED
    offer = enterprise.offers.get()
    change = propose_offer(
        enterprise,
        data={
            "category": offer.category,
            "title": "Zeep",
            "description": "Zeep",
            "kind": "product",
        },
        offer=offer,
        actor=editor,
    )
    withdraw_offer(offer, actor=editor)
    change.refresh_from_db()
    assert change.state == Revision.State.WITHDRAWN
    page = client_for(editor).get(f"/enterprise/{enterprise.slug}/").content.decode()
    assert "Niet goedgekeurd" not in page
    assert "Wacht op goedkeuring" in page


def test_the_comparison_marks_only_real_changes(enterprise, editor, curator, client_for):
    # As stored from a form (text) and as the JSON of an import or an older form (a number,
    # spaces, None): the same values.
    revision = propose_profile(
        enterprise,
        data={**PROFILE, "contact_phone": " 030  123 4567", "website": None},
        actor=editor,
    )
    page = client_for(curator).get(f"/curation/catalogue/changes/{revision.pk}/").content.decode()
    assert page.count('class="utrecht-table__row changed"') == 0
    Revision.objects.filter(pk=revision.pk).update(
        data={**PROFILE, "contact_phone": "0301234567", "summary": "Wij maken **zeep**.\r\n"}
    )
    page = client_for(curator).get(f"/curation/catalogue/changes/{revision.pk}/").content.decode()
    assert page.count('class="utrecht-table__row changed"') == 0
    Revision.objects.filter(pk=revision.pk).update(data={**PROFILE, "contact_phone": "030 7654321"})
    page = client_for(curator).get(f"/curation/catalogue/changes/{revision.pk}/").content.decode()
    assert page.count('class="utrecht-table__row changed"') == 1


def test_reject_is_not_styled_as_the_primary_action(enterprise, editor, curator, client_for):
    revision = propose_profile(enterprise, data=PROFILE, actor=editor)
    page = client_for(curator).get(f"/curation/catalogue/changes/{revision.pk}/").content.decode()
    assert (
        '<button type="submit" name="action" value="reject" '
        'class="utrecht-button utrecht-button--secondary-action utrecht-button--danger">'
    ) in page
    assert (
        '<button class="utrecht-button utrecht-button--primary-action" type="submit" '
        'name="action" value="approve">'
    ) in page


def test_the_migration_turns_stored_html_into_markdown_and_fixes_states(enterprise, editor):
    offer = enterprise.offers.get()
    Enterprise.objects.filter(pk=enterprise.pk).update(
        summary="<p>Wij maken <strong>zeep</strong>.</p><ul><li>lavendel</li></ul>",
        impact="Al gewone tekst",
    )
    Offer.objects.filter(pk=offer.pk).update(description="<p>Zeep met <em>logo</em></p>")
    waiting = propose_profile(enterprise, data={**PROFILE, "summary": "<p>Nieuw</p>"}, actor=editor)
    replaced = Revision.objects.create(
        enterprise=enterprise,
        subject=Revision.Subject.PROFILE,
        data=PROFILE,
        state=Revision.State.REJECTED,
        note="Vervangen door een nieuwere wijziging.",
    )
    migration = importlib.import_module(
        "impactinkoop.catalogue.migrations.0006_markdown_and_revision_states"
    )
    migration.to_markdown(apps, None)
    migration.undecided_states(apps, None)
    enterprise.refresh_from_db()
    offer.refresh_from_db()
    waiting.refresh_from_db()
    replaced.refresh_from_db()
    assert enterprise.summary == "Wij maken **zeep**.\n\n- lavendel"
    assert enterprise.impact == "Al gewone tekst"
    assert offer.description == "Zeep met *logo*"
    assert waiting.data["summary"] == "Nieuw"
    assert (replaced.state, replaced.note) == (Revision.State.SUPERSEDED, "")
