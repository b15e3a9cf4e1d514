"""Quote requests: stored, the enterprise mailed, status visible to both; rate-limited and
protected against scripts; the purchase recorded afterwards."""

import time
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail, signing
from django.urls import reverse
from django.utils import timezone

from impactinkoop.accounts.roles import Role
from impactinkoop.catalogue.models import Purchase, QuoteRequest, UsedFormToken

from ..factories import make_member, make_user
from .helpers import published_enterprise


@pytest.fixture
def offer(db):
    enterprise = published_enterprise(
        "60000001", "Soepbar Samen", [("lunch-en-broodjes", "Soep en broodjes", "Lunch")]
    )
    editor = make_user("kok@soepbar.example")
    enterprise.editors.add(editor)
    return enterprise.offers.get()


@pytest.fixture
def requester(org):
    return make_member(org, "sem@voorbeeldstad.example", Role.REQUESTER)


def shown(seconds_ago: float) -> str:
    return signing.dumps(time.time() - seconds_ago, salt="catalogue.form")


def send(client, org, offer, **data):
    fields = {"message": "Lunch voor 20 personen", "quantity": "20", "shown": shown(30)}
    fields.update(data)
    return client.post(reverse("catalogue:quote_request", args=[org.slug, offer.pk]), fields)


def test_request_is_stored_mailed_and_answered(
    org, offer, requester, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client_for(requester), org, offer)
    quote = QuoteRequest.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/requests/{quote.pk}/")
    assert sorted(mail.outbox[0].to) == ["info@60000001.example", "kok@soepbar.example"]
    assert mail.outbox[0].reply_to == [requester.email]
    assert "Lunch voor 20 personen" in mail.outbox[0].body

    editor_client = client_for(offer.enterprise.editors.get())
    url = reverse("catalogue:enterprise_request", args=[offer.enterprise.slug, quote.pk])
    assert "Lunch voor 20 personen" in editor_client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(url, {"status": "answered", "reply": "Kan, € 12,50 p.p."})
    quote.refresh_from_db()
    assert quote.status == "answered"
    assert mail.outbox[-1].to == [requester.email]
    page = client_for(requester).get(reverse("catalogue:request", args=[org.slug, quote.pk]))
    assert "Beantwoord" in page.content.decode() and "€ 12,50 p.p." in page.content.decode()


def test_purchase_recorded_from_the_request(org, offer, requester, client_for):
    client = client_for(requester)
    send(client, org, offer)
    quote = QuoteRequest.objects.get()
    url = reverse("catalogue:request", args=[org.slug, quote.pk])
    response = client.post(
        url,
        {"action": "purchase", "description": "Lunch", "amount": "1.234,50", "date": "2025-03-01"},
    )
    assert response.status_code == 302
    purchase = Purchase.objects.get()
    assert purchase.amount == Decimal("1234.50") and purchase.enterprise == offer.enterprise
    quote.refresh_from_db()
    assert quote.status == "ordered"
    assert (
        client.post(
            url, {"action": "purchase", "description": "x", "amount": "1", "date": "2025-03-01"}
        ).status_code
        == 302
    )
    assert Purchase.objects.count() == 1  # one purchase per request


def test_spam_is_refused_with_a_clear_message(org, offer, requester, client_for):
    client = client_for(requester)
    cases = [
        ({"homepage": "http://spam.example"}, "automatisch"),
        ({"shown": shown(0.1)}, "te snel"),
        ({"shown": shown(2 * 24 * 3600)}, "verlopen"),
        ({"shown": "vervalst"}, "verlopen"),
        ({"message": ""}, "Dit veld is verplicht"),
        ({"wanted_by": "2000-01-01"}, "Deze datum is voorbij"),
        ({"message": "x" * 3001}, "niet meer dan 3000 tekens"),
    ]
    for data, expected in cases:
        response = send(client, org, offer, **data)
        assert response.status_code == 400, data
        assert expected in response.content.decode(), data
    assert QuoteRequest.objects.count() == 0 and not mail.outbox


def test_one_shown_form_sends_one_request(org, offer, requester, client_for):
    client = client_for(requester)
    token = shown(30)
    assert send(client, org, offer, shown=token).status_code == 302
    for message in ("Nog een keer", "En nog een keer"):
        response = send(client, org, offer, shown=token, message=message)
        assert response.status_code == 400
        assert "Dit formulier is al een keer verstuurd." in response.content.decode()
        assert message in response.content.decode()  # the text is kept, with a fresh form
    assert list(QuoteRequest.objects.values_list("message", flat=True)) == [
        "Lunch voor 20 personen"
    ]


def test_used_forms_are_forgotten_once_they_would_have_expired(org, offer, requester, client_for):
    client = client_for(requester)
    send(client, org, offer, shown=shown(30))
    used = UsedFormToken.objects.get()
    assert 24 * 3600 - 40 < (used.expires_at - timezone.now()).total_seconds() < 24 * 3600 - 20
    UsedFormToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    send(client, org, offer, shown=shown(30))
    assert UsedFormToken.objects.count() == 1
    assert UsedFormToken.objects.get().pk != used.pk


def test_html_in_a_request_is_stripped(org, offer, requester, client_for):
    send(client_for(requester), org, offer, message="<b>Lunch</b><script>alert(1)</script>")
    assert QuoteRequest.objects.get().message == "Lunch"


def test_requests_are_rate_limited_per_requester(org, offer, requester, client_for, settings):
    settings.QUOTE_REQUESTS_PER_HOUR = 3
    client = client_for(requester)
    for _ in range(3):
        assert send(client, org, offer).status_code == 302
    response = send(client, org, offer, message="Nog een keer")
    assert response.status_code == 400
    assert "het maximum" in response.content.decode()
    assert "Nog een keer" in response.content.decode()  # the text is kept
    assert QuoteRequest.objects.count() == 3


def test_viewers_cannot_request_and_requesters_see_only_their_own(
    org, offer, requester, bob, client_for
):
    assert send(client_for(bob), org, offer).status_code == 403
    send(client_for(requester), org, offer)
    quote = QuoteRequest.objects.get()
    colleague = make_member(org, "anouk@voorbeeldstad.example", Role.BUDGET_HOLDER)
    url = reverse("catalogue:request", args=[org.slug, quote.pk])
    assert client_for(colleague).get(url).status_code == 404
    coordinator = make_member(org, "fatima@voorbeeldstad.example", Role.COORDINATOR)
    assert client_for(coordinator).get(url).status_code == 200
    other_editor = make_user("andere@onderneming.example")
    other = published_enterprise("60000002", "Ander", [("bloemen", "Bos", "Bloemen")])
    other.editors.add(other_editor)
    assert (
        client_for(other_editor)
        .get(reverse("catalogue:enterprise_request", args=[other.slug, quote.pk]))
        .status_code
        == 404
    )
