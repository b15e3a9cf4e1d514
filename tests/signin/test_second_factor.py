"""The second factor: set up after the password when it is required, asked of anyone with an
app, a recovery code once, wrong codes under the login limit, remembered browsers."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from impactinkoop.core.models import AuditEntry
from impactinkoop.signin import twofactor
from impactinkoop.signin.models import TrustedBrowser

from ..factories import PASSWORD
from .helpers import app_code, give_app

pytestmark = pytest.mark.django_db

HOME = "/o/voorbeeldstad/"


@pytest.fixture(autouse=True)
def _admins_need_two_factors(settings):
    settings.TWO_FACTOR_FOR_ADMINS = True


def log_in(client, user, next_url=HOME):
    return client.post(
        f"{reverse('accounts:login')}?next={next_url}",
        {"username": user.email, "password": PASSWORD, "next": next_url},
    )


def test_an_admin_sets_up_the_app_before_any_page(client, org, alice):
    response = log_in(client, alice)
    assert client.get(HOME).url == f"{reverse('signin:setup')}?next=%2Fo%2Fvoorbeeldstad%2F"

    page = client.get(reverse("signin:setup"))
    html = page.content.decode()
    assert "<svg" in html  # the QR code, drawn inline
    pending = TOTPDevice.objects.get(user=alice, confirmed=False)
    assert twofactor.readable_secret(pending).replace(" ", "") in html.replace(" ", "")

    wrong = client.post(reverse("signin:setup"), {"code": "000000", "next": HOME})
    assert "Deze code klopt niet" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=alice, confirmed=True).exists()
    TOTPDevice.objects.get(user=alice).throttle_reset()  # as if the person waited a second

    response = client.post(
        reverse("signin:setup"), {"code": app_code(alice, confirmed=False), "next": HOME}
    )
    codes = response.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert all(len(code) == 11 and code[5] == "-" for code in codes)
    assert client.get(HOME).status_code == 200
    entries = AuditEntry.objects.filter(action="signin.two_factor_set_up", organisation=org)
    assert entries.count() == 1


def test_the_code_is_asked_after_the_password_and_a_wrong_one_is_refused(client, org, alice):
    give_app(alice)
    log_in(client, alice)
    redirected = client.get(f"{HOME}members/")
    assert redirected.url.startswith(reverse("signin:verify"))

    wrong = client.post(reverse("signin:verify"), {"code": "123456", "next": HOME})
    assert wrong.status_code == 200
    assert "Deze code klopt niet" in wrong.content.decode()
    assert client.get(HOME).status_code == 302
    assert AuditEntry.objects.filter(action="signin.second_factor_failed").count() == 1
    too_soon = client.post(reverse("signin:verify"), {"code": app_code(alice), "next": HOME})
    assert "Wacht 1 seconde" in too_soon.content.decode()  # django-otp's pause after a wrong code
    twofactor.confirmed_app(alice).throttle_reset()

    right = client.post(reverse("signin:verify"), {"code": app_code(alice), "next": HOME})
    assert right.url == HOME
    assert client.get(HOME).status_code == 200


def test_wrong_codes_count_towards_the_login_limit(client, org, alice, settings):
    give_app(alice)
    log_in(client, alice)
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post(reverse("signin:verify"), {"code": "123456"})
    locked = client.post(reverse("signin:verify"), {"code": "123456"})
    assert locked.status_code == 429
    assert AccessAttempt.objects.get(username=alice.email).failures_since_start == 5
    # Signed out: the right code and the password are both refused for a while.
    assert client.get(HOME).url.startswith(reverse("accounts:login"))
    assert log_in(client, alice).status_code == 429


def test_a_recovery_code_works_once(client, org, alice):
    device = give_app(alice)
    codes = twofactor.renew_recovery_codes(alice)
    log_in(client, alice)
    assert client.post(reverse("signin:verify"), {"code": codes[0].upper()}).status_code == 302
    assert client.get(HOME).status_code == 200
    assert StaticToken.objects.filter(device__user=alice).count() == 9
    assert AuditEntry.objects.filter(action="signin.recovery_code_used").count() == 1

    client.logout()
    log_in(client, alice)
    again = client.post(reverse("signin:verify"), {"code": codes[0]})
    assert again.status_code == 200  # refused: used already
    assert device.pk == twofactor.confirmed_app(alice).pk


def test_a_remembered_browser_is_not_asked_again_until_signed_out_everywhere(client, org, alice):
    give_app(alice)
    log_in(client, alice)
    client.post(reverse("signin:verify"), {"code": app_code(alice), "remember": "on"})
    assert TrustedBrowser.objects.filter(user=alice).count() == 1

    client.post(reverse("accounts:logout"))  # keeps the browser's cookies, as a browser does
    log_in(client, alice)
    assert client.get(HOME).status_code == 200  # no code asked in this browser

    client.post(reverse("signin:sign_out_everywhere"))
    assert not TrustedBrowser.objects.exists()
    log_in(client, alice)
    assert client.get(HOME).url.startswith(reverse("signin:verify"))


def test_an_organisation_asks_everyone_and_others_keep_the_password(client, org, bob):
    log_in(client, bob)
    assert client.get(HOME).status_code == 200
    org.require_two_factor = True
    org.save()
    assert client.get(HOME).url.startswith(reverse("signin:setup"))


def test_without_the_rule_a_person_may_turn_the_app_off_with_the_password(client, org, bob):
    give_app(bob)
    log_in(client, bob)
    client.post(reverse("signin:verify"), {"code": app_code(bob)})
    wrong = client.post(reverse("signin:turn_off"), {"password": "niet-mijn-wachtwoord"})
    assert wrong.status_code == 400
    assert TOTPDevice.objects.filter(user=bob).exists()
    client.post(reverse("signin:turn_off"), {"password": PASSWORD})
    assert not TOTPDevice.objects.filter(user=bob).exists()
    assert AuditEntry.objects.filter(action="signin.two_factor_turned_off").count() == 1


def test_an_admin_cannot_turn_it_off(client, org, alice):
    give_app(alice)
    log_in(client, alice)
    client.post(reverse("signin:verify"), {"code": app_code(alice)})
    client.post(reverse("signin:turn_off"), {"password": PASSWORD})
    assert TOTPDevice.objects.filter(user=alice).exists()


def test_the_next_address_stays_on_this_site(client, org, alice):
    give_app(alice)
    log_in(client, alice)
    response = client.post(
        reverse("signin:verify"), {"code": app_code(alice), "next": "https://evil.example/"}
    )
    assert response.url == reverse("accounts:start")


def test_an_administrator_asks_it_of_everyone_on_the_settings_page(
    org, alice, client_for, settings
):
    settings.TWO_FACTOR_FOR_ADMINS = False  # this test is about the setting, not alice's app
    client = client_for(alice)
    page = client.get(reverse("accounts:settings", args=[org.slug])).content.decode()
    assert "Iedereen logt in met twee factoren" in page
    client.post(
        reverse("accounts:settings", args=[org.slug]),
        {"name": org.name, "kind": org.kind, "require_two_factor": "on"},
    )
    org.refresh_from_db()
    assert org.require_two_factor
    entry = AuditEntry.objects.get(action="organisation.updated")
    assert entry.after == {"require_two_factor": True}
