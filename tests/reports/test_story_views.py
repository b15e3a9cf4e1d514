"""The case-story pages: who may draft, approve and see; photos refused with a translated
message; another organisation's objects cannot be chosen."""

from datetime import date

import pytest
from django.test import override_settings
from django.urls import reverse

from impactinkoop.contracts.models import Contract
from impactinkoop.plans.models import Goal
from impactinkoop.reports import stories
from impactinkoop.reports.models import Story

from ..catalogue.helpers import published_enterprise
from .story_helpers import approved_story, people, png, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(org):
    return people(org)


def url(name, org, *args):
    return reverse(f"reports:{name}", args=[org.slug, *args])


def test_staff_writes_a_story_and_the_coordinator_approves_it(org, cast, client_for):
    client = client_for(cast["staff"][0])
    page = client.get(url("story_new", org))
    assert page.status_code == 200
    response = client.post(
        url("story_new", org), {"title": "Lunch van De Keuken", "text": "Elke dag vers."}
    )
    story = Story.objects.get()
    assert response.status_code == 302
    assert response.url == url("story", org, story.pk)
    client.post(url("story_submit", org, story.pk))
    story.refresh_from_db()
    assert story.state == Story.State.SUBMITTED
    # Staff cannot approve.
    assert client.post(url("story_approve", org, story.pk)).status_code == 403

    client = client_for(cast["coordinator"][0])
    page = client.get(url("story", org, story.pk)).content.decode()
    assert "Goedkeuren" in page
    client.post(url("story_approve", org, story.pk))
    story.refresh_from_db()
    assert story.state == Story.State.APPROVED

    # Changing the approved story sends it back to waiting for approval.
    client = client_for(cast["staff"][0])
    response = client.post(
        url("story_edit", org, story.pk), {"title": "Lunch van De Keuken", "text": "Nieuw."}
    )
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.state == Story.State.SUBMITTED


def test_the_coordinator_sends_back_with_a_note_the_writer_sees(org, cast, client_for):
    user, membership = cast["staff"]
    story = stories.create_story(actor=user, organisation=org, title="Verhaal", text="Tekst")
    stories.submit_story(story, actor=user, organisation=org, membership=membership)
    client = client_for(cast["coordinator"][0])
    assert client.post(url("story_send_back", org, story.pk), {"note": ""}).status_code == 400
    client.post(url("story_send_back", org, story.pk), {"note": "Noem geen achternamen."})
    page = client_for(user).get(url("story", org, story.pk)).content.decode()
    assert "Noem geen achternamen." in page


def test_a_viewer_reads_but_cannot_draft(org, cast, client_for):
    story = approved_story(org, cast["coordinator"])
    client = client_for(cast["viewer"][0])
    assert client.get(url("stories", org)).status_code == 200
    assert client.get(url("story", org, story.pk)).status_code == 200
    assert client.get(url("story_new", org)).status_code == 403
    assert client.post(url("story_new", org), {"title": "x", "text": "y"}).status_code == 403
    assert client.post(url("story_withdraw", org, story.pk)).status_code == 403


def test_staff_cannot_change_anothers_story(org, cast, client_for):
    user, _membership = cast["staff"]
    story = stories.create_story(actor=user, organisation=org, title="Van Sam", text="Tekst")
    client = client_for(cast["other_staff"][0])
    assert client.get(url("story_edit", org, story.pk)).status_code == 403
    assert client.get(url("story_photos", org, story.pk)).status_code == 403
    assert client.post(url("story_submit", org, story.pk)).status_code == 403


def test_the_list_filters_by_state(org, cast, client_for):
    approved_story(org, cast["coordinator"], title="Goedgekeurd verhaal")
    user, _membership = cast["staff"]
    stories.create_story(actor=user, organisation=org, title="Een concept", text="x")
    client = client_for(cast["viewer"][0])
    page = client.get(url("stories", org), {"state": "approved"}).content.decode()
    assert "Goedgekeurd verhaal" in page
    assert "Een concept" not in page
    page = client.get(url("stories", org)).content.decode()
    assert "Een concept" in page


def test_an_outsider_gets_404(org, cast, charlie, client_for):
    story = approved_story(org, cast["coordinator"])
    client = client_for(charlie)
    assert client.get(url("story", org, story.pk)).status_code == 404
    assert client.get(url("stories", org)).status_code == 404


def test_another_organisations_contract_and_goal_cannot_be_chosen(org, other_org, cast, client_for):
    contract = Contract.objects.create(organisation=other_org, key="ref:a", title="Van hen")
    goal = Goal.objects.create(
        organisation=other_org, title="Hun doel", metric="number", deadline=date(2027, 1, 1)
    )
    client = client_for(cast["staff"][0])
    for field, value in (("contract", contract.pk), ("goal", goal.pk)):
        response = client.post(
            url("story_new", org), {"title": "Verhaal", "text": "Tekst", field: value}
        )
        assert response.status_code == 400
        assert "Hun doel" not in response.content.decode()
        assert "Van hen" not in response.content.decode()
    assert not Story.objects.exists()


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"%PDF-1.4 niet een foto", "foto.pdf", "geen PNG-, JPEG- of WebP-afbeelding"),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "foto.svg",
            "geen PNG-, JPEG- of WebP-afbeelding",
        ),
        (png((300, 300)), "groot.png", "hoogstens"),
    ],
)
@override_settings(STORY_PHOTO_MAX_BYTES=500)
def test_photos_are_checked_with_a_translated_message(org, cast, client_for, data, name, message):
    user, _membership = cast["staff"]
    story = stories.create_story(actor=user, organisation=org, title="Verhaal", text="Tekst")
    response = client_for(user).post(
        url("story_photos", org, story.pk),
        {"image": upload(data, name), "alt_text": "Iets"},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not story.photos.exists()


def test_a_photo_is_added_and_served_inside_only(org, cast, charlie, client_for):
    user, _membership = cast["staff"]
    story = stories.create_story(actor=user, organisation=org, title="Verhaal", text="Tekst")
    client = client_for(user)
    response = client.post(
        url("story_photos", org, story.pk),
        {"image": upload(png()), "alt_text": "Twee mensen aan een werkbank"},
    )
    assert response.status_code == 302
    photo = story.photos.get()
    image = client.get(url("story_photo", org, story.pk, photo.pk))
    assert image.status_code == 200
    assert image["Content-Type"] == "image/png"
    assert image["Content-Security-Policy"] == "default-src 'none'"
    assert (
        "Twee mensen aan een werkbank" in client.get(url("story", org, story.pk)).content.decode()
    )
    # Not public while the story is a draft.
    assert client_for(charlie).get(url("story_photo", org, story.pk, photo.pk)).status_code == 404
    client.logout()
    assert client.get(reverse("reports:public_photo", args=[org.slug, photo.pk])).status_code == 404


def test_quotes_are_added_and_removed(org, cast, client_for):
    user, _membership = cast["staff"]
    story = stories.create_story(actor=user, organisation=org, title="Verhaal", text="Tekst")
    client = client_for(user)
    client.post(
        url("story_quotes", org, story.pk),
        {"text": "Hier tel ik mee.", "speaker": "Medewerker groenonderhoud"},
    )
    quote = story.quotes.get()
    assert "Hier tel ik mee." in client.get(url("story", org, story.pk)).content.decode()
    client.post(url("story_quote_remove", org, story.pk, quote.pk))
    assert not story.quotes.exists()


def test_the_audit_log_shows_a_story_with_its_company_by_name(org, cast, client_for):
    # The story's audit entry keeps the company's name, not its id: the log must still open.
    company = published_enterprise("12345678", "Stichting De Schakel Catering")
    approved_story(org, cast["coordinator"], company=company.company)
    page = client_for(cast["coordinator"][0]).get(reverse("portal:audit", args=[org.slug]))
    assert page.status_code == 200
    assert "Stichting De Schakel Catering" in page.content.decode()
