"""A person's open sessions: listed with the browser in a few words, one ended from another
browser, all ended at once; a session from the organisation's provider ends at its maximum."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from impactinkoop.core.models import AuditEntry
from impactinkoop.signin import browsers
from impactinkoop.signin.models import SignInSession
from impactinkoop.signin.sessions import PROVIDER_SIGN_IN

from ..factories import PASSWORD

pytestmark = pytest.mark.django_db

HOME = "/o/voorbeeldstad/"
FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"
EDGE = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0"
)
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
    "Gecko) Version/18.1 Mobile/15E148 Safari/604.1"
)


def browser_of(user, user_agent) -> Client:
    client = Client(HTTP_USER_AGENT=user_agent)
    client.post(reverse("accounts:login"), {"username": user.email, "password": PASSWORD})
    return client


@pytest.mark.parametrize(
    "user_agent, described",
    [(FIREFOX, "Firefox · Windows"), (EDGE, "Edge · Windows"), (IPHONE, "Safari · iOS"), ("", "")],
)
def test_a_browser_is_named_in_a_few_words(user_agent, described):
    assert browsers.describe(user_agent) == described


def test_the_sessions_are_listed_and_one_is_ended_from_another_browser(org, bob):
    laptop, phone = browser_of(bob, FIREFOX), browser_of(bob, IPHONE)
    page = laptop.get(reverse("signin:security")).content.decode()
    assert "Firefox · Windows" in page and "Safari · iOS" in page
    assert "(deze browser)" in page
    assert AuditEntry.objects.filter(action="signin.signed_in", organisation=org).count() == 2

    on_phone = SignInSession.objects.get(browser="Safari · iOS")
    laptop.post(reverse("signin:end_session", args=[on_phone.pk]))
    assert phone.get(HOME).url.startswith(reverse("accounts:login"))
    assert laptop.get(HOME).status_code == 200
    assert "Safari · iOS" not in laptop.get(reverse("signin:security")).content.decode()


def test_signing_out_everywhere_ends_every_session(org, bob):
    laptop, phone = browser_of(bob, FIREFOX), browser_of(bob, IPHONE)
    laptop.post(reverse("signin:sign_out_everywhere"))
    assert laptop.get(HOME).url.startswith(reverse("accounts:login"))
    assert phone.get(HOME).url.startswith(reverse("accounts:login"))
    assert not SignInSession.objects.filter(ended_at=None).exists()
    assert AuditEntry.objects.filter(action="signin.signed_out_everywhere").count() == 1


def test_nobody_ends_another_persons_session(org, alice, bob):
    browser_of(bob, FIREFOX)
    bobs = SignInSession.objects.get(user=bob)
    response = browser_of(alice, EDGE).post(reverse("signin:end_session", args=[bobs.pk]))
    assert response.status_code == 404
    bobs.refresh_from_db()
    assert bobs.ended_at is None


def test_a_failed_password_is_in_the_log_of_the_persons_organisation(client, org, bob):
    client.post(reverse("accounts:login"), {"username": bob.email, "password": "fout-fout-fout"})
    entry = AuditEntry.objects.get(action="signin.failed")
    assert (entry.organisation, entry.object_id) == (org, str(bob.pk))


def test_a_session_from_the_provider_ends_at_the_organisations_maximum(client, org, bob):
    client = browser_of(bob, FIREFOX)
    session = client.session
    session[PROVIDER_SIGN_IN] = {
        "organisation": org.pk,
        "ends_at": (timezone.now() + timedelta(minutes=1)).isoformat(),
        "logout_url": "",
    }
    session.save()
    assert client.get(HOME).status_code == 200
    session[PROVIDER_SIGN_IN]["ends_at"] = (timezone.now() - timedelta(seconds=1)).isoformat()
    session.save()
    response = client.get(HOME)
    assert response.url.startswith(reverse("accounts:login"))
    assert client.get(HOME).url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize(
    "name", ["signin:end_session", "signin:forget_browser", "signin:sign_out_everywhere"]
)
def test_the_actions_take_a_post_only(name, org, bob):
    args = [] if name == "signin:sign_out_everywhere" else [1]
    assert browser_of(bob, FIREFOX).get(reverse(name, args=args)).status_code == 405
