"""Login with e-mail and password, logout, lockout after repeated failures, password reset."""

import re
from datetime import timedelta

from axes.models import AccessAttempt
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from impactinkoop.accounts.models import User

from ..factories import PASSWORD, make_user


def login(client, email, password):
    return client.post(reverse("accounts:login"), {"username": email, "password": password})


def test_login_lands_on_the_organisation_home(client, org, alice):
    response = login(client, "alice@voorbeeldstad.example", PASSWORD)
    assert response.status_code == 302
    assert client.get(response.url, follow=True).redirect_chain[-1][0] == f"/o/{org.slug}/"


def test_login_ignores_case_of_the_email_address(client, org, alice):
    response = login(client, "Alice@Voorbeeldstad.EXAMPLE", PASSWORD)
    assert response.status_code == 302


def test_wrong_password_says_so_in_dutch_and_does_not_log_in(client, alice):
    response = login(client, "alice@voorbeeldstad.example", "fout")
    assert response.status_code == 200
    assert "komen niet overeen met een account" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_five_failures_lock_the_login_even_with_the_right_password(client, alice):
    for _attempt in range(5):
        login(client, "alice@voorbeeldstad.example", "fout")
    response = login(client, "alice@voorbeeldstad.example", PASSWORD)
    assert response.status_code == 429
    assert "Te veel pogingen" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_logout_is_a_post_and_ends_the_session(client_for, alice):
    client = client_for(alice)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_a_link_that_sets_a_new_password(client, alice):
    response = client.post(reverse("accounts:password_reset"), {"email": alice.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [alice.email]
    link = re.search(r"http://testserver(/password/reset/\S+/)", mail.outbox[0].body).group(1)

    form_page = client.get(link, follow=True)
    new_password = "nieuw-en-heel-geheim-77"
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password(new_password)


def test_password_reset_for_unknown_address_sends_nothing_and_reveals_nothing(client, alice):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_start_page_sends_anonymous_visitors_to_login(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response.url == reverse("accounts:login")


def test_user_without_organisation_sees_a_clear_page(client_for, db):
    user = User.objects.create_user("los@example.org", PASSWORD)
    response = client_for(user).get("/", follow=True)
    assert "nog geen lid van een organisatie" in response.content.decode()


OFFICE = "192.0.2.10"  # one address for a whole office behind NAT, or for an attacker


def login_from(client, address, email, password):
    return client.post(
        reverse("accounts:login"), {"username": email, "password": password}, REMOTE_ADDR=address
    )


def retry_time(**attempts) -> str:
    """The clock time the lockout page names: the last failure plus the pause."""
    last = AccessAttempt.objects.filter(**attempts).latest("attempt_time").attempt_time
    return timezone.localtime(last + timedelta(minutes=15)).strftime("%H:%M")


def test_a_password_spray_from_one_address_is_paused_for_every_account(client, alice, settings):
    assert settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS == 30
    for number in range(29):
        response = login_from(client, OFFICE, f"gok{number}@voorbeeldstad.example", "Welkom01")
        assert response.status_code == 200
    response = login_from(client, OFFICE, "gok29@voorbeeldstad.example", "Welkom01")
    assert response.status_code == 429
    page = response.content.decode()
    assert (
        "Vanaf jouw netwerkadres is te vaak met een verkeerd wachtwoord ingelogd, op "
        "verschillende accounts." in page
    )
    assert f"Probeer het na {retry_time(ip_address=OFFICE)} opnieuw." in page
    # Even the right password of an untouched account waits; from elsewhere it works.
    assert login_from(client, OFFICE, alice.email, PASSWORD).status_code == 429
    assert login_from(client, "198.51.100.7", alice.email, PASSWORD).status_code == 302


def test_after_the_pause_the_address_may_log_in_again(client, alice):
    for number in range(30):
        login_from(client, OFFICE, f"gok{number}@voorbeeldstad.example", "Welkom01")
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert login_from(client, OFFICE, alice.email, PASSWORD).status_code == 302


def test_an_office_whose_people_mistype_and_then_log_in_is_never_paused(client, org):
    colleagues = [make_user(f"collega{number}@voorbeeldstad.example") for number in range(40)]
    for colleague in colleagues:
        assert login_from(client, OFFICE, colleague.email, "tikfout").status_code == 200
        assert login_from(client, OFFICE, colleague.email, PASSWORD).status_code == 302
        client.post(reverse("accounts:logout"))
    assert AccessAttempt.objects.filter(ip_address=OFFICE).count() == 0


def test_the_per_address_limit_is_a_setting(client, alice, settings):
    settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS = 3
    for number in range(2):
        assert login_from(client, OFFICE, f"gok{number}@example.org", "x").status_code == 200
    assert login_from(client, OFFICE, "gok2@example.org", "x").status_code == 429


def test_the_account_lockout_page_says_when_to_try_again(client, alice):
    for _attempt in range(5):
        response = login_from(client, OFFICE, alice.email, "fout")
    assert response.status_code == 429
    page = response.content.decode()
    assert "Met dit e-mailadres is te vaak met een verkeerd wachtwoord ingelogd." in page
    assert f"Probeer het na {retry_time(username=alice.email)} opnieuw." in page
