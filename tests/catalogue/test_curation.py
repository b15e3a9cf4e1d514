"""Enterprises edit their own page; nothing is public before a curator approves it, and every
step is in the audit log."""

import re

import pytest
from django.core import mail

from impactinkoop.catalogue.models import Category, Enterprise, Offer, Revision
from impactinkoop.core.models import AuditEntry
from impactinkoop.registry.models import Company

from ..factories import make_user
from .helpers import published_enterprise


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
    enterprise.editors.add(editor)
    return enterprise


def test_profile_change_waits_for_approval_then_is_published(
    enterprise, editor, curator, client_for, client
):
    editor_client = client_for(editor)
    response = editor_client.post(
        f"/enterprise/{enterprise.slug}/profile/",
        {
            "name": "Zeeperij Zuiver",
            "summary": "Wij maken **zeep**.",
            "impact": "Werk voor mensen met een beperking.",
            "region_served": "",
            "contact_email": "nieuw@zuiver.example",
            "contact_phone": "",
            "website": "zuiver.example",
        },
    )
    assert response.status_code == 302
    revision = Revision.objects.get(subject="profile", state="pending")
    # Stored as written (Markdown); the live page is unchanged.
    assert revision.data["summary"] == "Wij maken **zeep**."
    assert revision.data["website"] == "https://zuiver.example"
    public = client.get(f"/catalogue/enterprise/{enterprise.slug}/").content.decode()
    assert "nieuw@zuiver.example" not in public

    curator_client = client_for(curator)
    assert curator_client.get("/curation/catalogue/").status_code == 200
    page = curator_client.get(f"/curation/catalogue/changes/{revision.pk}/").content.decode()
    assert "nieuw@zuiver.example" in page
    response = curator_client.post(
        f"/curation/catalogue/changes/{revision.pk}/", {"action": "approve"}
    )
    assert response.status_code == 302
    public = client.get(f"/catalogue/enterprise/{enterprise.slug}/").content.decode()
    assert "nieuw@zuiver.example" in public and "<script>" not in public
    assert mail.outbox and mail.outbox[-1].to == [editor.email]
    actions = list(AuditEntry.objects.values_list("action", flat=True))
    assert "catalogue.profile_proposed" in actions and "catalogue.change_approved" in actions


def test_new_offer_is_public_only_after_approval_and_searchable(
    enterprise, editor, curator, client_for, client
):
    category = Category.objects.get(slug="kerstpakketten")
    response = client_for(editor).post(
        f"/enterprise/{enterprise.slug}/offers/new/",
        {"category": category.pk, "kind": "product", "title": "Kerstzeep", "description": "Zeep"},
    )
    assert response.status_code == 302
    assert not Offer.objects.filter(title="Kerstzeep").exists()
    assert "Zuiver" not in client.get("/catalogue/search/", {"q": "kerstzeep"}).content.decode()
    revision = Revision.objects.get(subject="new_offer")
    client_for(curator).post(f"/curation/catalogue/changes/{revision.pk}/", {"action": "approve"})
    offer = Offer.objects.get(title="Kerstzeep")
    assert offer.is_published and offer.category == category
    assert (
        "Zeeperij Zuiver" in client.get("/catalogue/search/", {"q": "kerstzeep"}).content.decode()
    )


def test_rejection_needs_a_reason_that_the_enterprise_reads(
    enterprise, editor, curator, client_for
):
    offer = enterprise.offers.get()
    client_for(editor).post(
        f"/enterprise/{enterprise.slug}/offers/{offer.pk}/",
        {
            "category": offer.category_id,
            "kind": "product",
            "title": "Beste zeep ooit!!!",
            "description": "x",
        },
    )
    revision = Revision.objects.get(offer=offer, state="pending")
    curator_client = client_for(curator)
    response = curator_client.post(
        f"/curation/catalogue/changes/{revision.pk}/", {"action": "reject", "note": ""}
    )
    assert response.status_code == 400
    assert "Dit veld is verplicht" in response.content.decode()
    curator_client.post(
        f"/curation/catalogue/changes/{revision.pk}/",
        {"action": "reject", "note": "Graag een feitelijke titel."},
    )
    revision.refresh_from_db()
    assert revision.state == "rejected"
    offer.refresh_from_db()
    assert offer.title == "Zeep met logo"
    page = client_for(editor).get(f"/enterprise/{enterprise.slug}/").content.decode()
    assert "Graag een feitelijke titel." in page
    # A decided change cannot be approved afterwards.
    curator_client.post(f"/curation/catalogue/changes/{revision.pk}/", {"action": "approve"})
    offer.refresh_from_db()
    assert offer.title == "Zeep met logo"


def test_withdrawing_an_offer_takes_it_off_at_once(enterprise, editor, client_for, client):
    offer = enterprise.offers.get()
    client_for(editor).post(f"/enterprise/{enterprise.slug}/offers/{offer.pk}/withdraw/")
    assert client.get(f"/catalogue/offer/{offer.pk}/").status_code == 404
    assert AuditEntry.objects.filter(action="catalogue.offer_withdrawn").exists()


def test_other_people_cannot_edit_or_curate(enterprise, client_for, alice):
    stranger = make_user("vreemde@example.org")
    for user in (stranger, alice):
        client = client_for(user)
        assert client.get(f"/enterprise/{enterprise.slug}/").status_code == 404
        assert client.post(f"/enterprise/{enterprise.slug}/profile/", {}).status_code == 404
        assert client.get("/curation/catalogue/").status_code == 404
    assert Revision.objects.count() == 0


def test_curator_opens_a_page_for_a_register_company_and_adds_an_editor(curator, client_for):
    company = Company.objects.create(kvk_number="30000001", name="Fietsenmakerij Vooruit")
    client = client_for(curator)
    response = client.post(
        "/curation/catalogue/",
        {
            "kvk_number": "3000 0001",
            "contact_email": "info@vooruit.example",
            "editor_email": "Eigenaar@Vooruit.example",
        },
    )
    assert response.status_code == 302
    enterprise = Enterprise.objects.get(company=company)
    assert not enterprise.is_published
    assert list(enterprise.editors.values_list("email", flat=True)) == ["eigenaar@vooruit.example"]
    welcome = mail.outbox[-1]
    assert welcome.to == ["eigenaar@vooruit.example"]
    link = re.search(r"Kies hier je wachtwoord:\nhttp://127\.0\.0\.1:8000(/\S+)\n", welcome.body)
    assert link, welcome.body
    assert client.get(link.group(1), follow=True).context["validlink"]
    response = client.post(
        "/curation/catalogue/", {"kvk_number": "99999999", "contact_email": "a@b.example"}
    )
    assert "Er staat geen bedrijf met dit KvK-nummer in het register." in response.content.decode()


ATTACK = "<img src=x onerror=\"document.querySelector('button[value=approve]').click()\">"


def test_markup_in_plain_offer_fields_is_shown_to_the_curator_as_text(
    enterprise, editor, curator, client_for
):
    offer = enterprise.offers.get()
    client_for(editor).post(
        f"/enterprise/{enterprise.slug}/offers/{offer.pk}/",
        {
            "category": offer.category_id,
            "kind": "product",
            "title": ATTACK,
            "description": "Zeep met **logo**",
            "price_indication": "<b>vanaf € 5</b>",
            "lead_time": "<i>3 dagen</i>",
            "minimum_order": "<script>alert(1)</script>",
        },
    )
    revision = Revision.objects.get(offer=offer, state="pending")
    page = client_for(curator).get(f"/curation/catalogue/changes/{revision.pk}/").content.decode()
    assert "<img" not in page
    assert (
        "&lt;img src=x onerror=&quot;document.querySelector(&#x27;button[value=approve]&#x27;)"
        ".click()&quot;&gt;" in page
    )
    assert "&lt;b&gt;vanaf € 5&lt;/b&gt;" in page
    assert "&lt;i&gt;3 dagen&lt;/i&gt;" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    # The description is rich text: its Markdown is shown rendered and sanitised.
    assert "<p>Zeep met <strong>logo</strong></p>" in page


def test_rich_text_is_rendered_and_sanitised_when_shown(enterprise, client):
    # Rows written by hand, or HTML left from before, must not run: raw HTML is text.
    offer = enterprise.offers.get()
    Offer.objects.filter(pk=offer.pk).update(
        description="Zeep <script>alert(1)</script> [a](javascript:x()) [b](https://b.example)"
    )
    Enterprise.objects.filter(pk=enterprise.pk).update(
        summary="Wij *maken* zeep <img src=x onerror=alert(2)>",
        impact="- **Werk**\n- voor iedereen",
    )
    page = client.get(f"/catalogue/offer/{offer.pk}/").content.decode()
    assert (
        '<div class="rich-text"><p>Zeep &lt;script&gt;alert(1)&lt;/script&gt; [a](javascript:x()) '
        '<a href="https://b.example" rel="noopener noreferrer nofollow">b</a></p>' in page
    )
    profile = client.get(f"/catalogue/enterprise/{enterprise.slug}/").content.decode()
    assert "<p>Wij <em>maken</em> zeep &lt;img src=x onerror=alert(2)&gt;</p>" in profile
    assert "<ul>\n<li><strong>Werk</strong></li>\n<li>voor iedereen</li>\n</ul>" in profile
    # Only our own scripts, by address (base.html), never one from the text.
    assert "<img" not in profile and "<script>" not in page
