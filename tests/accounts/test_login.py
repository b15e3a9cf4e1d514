"""Login with e-mail and password, logout, lockout after repeated failures, password reset."""

import re

from django.core import mail
from django.urls import reverse

from impactinkoop.accounts.models import User

from ..conftest import PASSWORD


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
