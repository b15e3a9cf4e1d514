"""An administrator resets the second factor of a member who lost their phone; not their own,
not a platform administrator's, not in another organisation."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from impactinkoop.accounts.models import Membership
from impactinkoop.core.models import AuditEntry
from impactinkoop.signin import twofactor

from .helpers import give_app

pytestmark = pytest.mark.django_db


def reset(client, org, user):
    membership = Membership.objects.get(organisation=org, user=user)
    return client.post(reverse("signin:reset_member", args=[org.slug, membership.pk]), follow=True)


def test_an_admin_resets_a_members_app(org, alice, bob, client_for):
    give_app(bob)
    twofactor.renew_recovery_codes(bob)
    page = reset(client_for(alice), org, bob)
    assert "De tweede factor van bob@voorbeeldstad.example is teruggezet" in page.content.decode()
    assert not TOTPDevice.objects.filter(user=bob).exists()
    assert twofactor.remaining_recovery_codes(bob) == 0
    entry = AuditEntry.objects.get(action="signin.two_factor_reset")
    assert (entry.actor, entry.object_id, entry.organisation) == (alice, str(bob.pk), org)


def test_the_members_page_offers_it_only_for_members_with_an_app(org, alice, bob, client_for):
    members = reverse("accounts:members", args=[org.slug])
    assert "Tweede factor terugzetten" not in client_for(alice).get(members).content.decode()
    give_app(bob)
    assert "Tweede factor terugzetten" in client_for(alice).get(members).content.decode()


def test_not_ones_own_nor_a_platform_administrators(org, alice, bob, client_for):
    give_app(alice)
    reset(client_for(alice), org, alice)
    bob.is_staff = True
    bob.save()
    give_app(bob)
    reset(client_for(alice), org, bob)
    assert TOTPDevice.objects.count() == 2


def test_a_viewer_may_not_and_an_outsider_gets_404(org, alice, bob, charlie, client_for):
    give_app(alice)
    membership = Membership.objects.get(organisation=org, user=alice)
    url = reverse("signin:reset_member", args=[org.slug, membership.pk])
    assert client_for(bob).post(url).status_code == 403
    assert client_for(charlie).post(url).status_code == 404
    assert TOTPDevice.objects.filter(user=alice).exists()


def test_the_operators_reset_it_from_the_command_line(org, alice):
    give_app(alice)
    out = StringIO()
    call_command("reset_second_factor", "ALICE@voorbeeldstad.example", stdout=out)
    assert "sets up a new authenticator app" in out.getvalue()
    assert not TOTPDevice.objects.filter(user=alice).exists()
    assert AuditEntry.objects.get(action="signin.two_factor_reset").actor_label == "cli"
    with pytest.raises(CommandError, match="has no authenticator app"):
        call_command("reset_second_factor", alice.email)
    with pytest.raises(CommandError, match="No account"):
        call_command("reset_second_factor", "niemand@example.nl")
