"""The administrator's choice of what the organisation shares: only the administrator (others
403, outsiders 404), clear errors, an audit entry for every change; and withdrawing, which hides
the organisation's own position at once while the published snapshot stays exactly as it was,
for the organisation and for its peers, in the page and in the CSV."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from impactinkoop.accounts.roles import Role
from impactinkoop.core.audit_text import sentence
from impactinkoop.core.models import AuditEntry
from impactinkoop.peers import audit_texts_bench  # noqa: F401  (the sentences, joined later)
from impactinkoop.peers.benchmark_sharing import band_of
from impactinkoop.peers.models import BenchmarkEntry, Sharing
from tests.factories import make_member

from .benchmark_helpers import YEAR, distinct, peers, take
from .test_benchmark_pages import download, main, page

pytestmark = pytest.mark.django_db

SHARE = {
    "shares_figures": "on",
    "size_band": "m",
    "size_measure": "inhabitants",
    "size": "68000",
    "contact_name": "",
    "contact_email": "",
}


def url(org) -> str:
    return reverse("peers:sharing", args=[org.slug])


def test_only_the_administrator_chooses(org, alice, bob, charlie, client_for):
    coordinator = make_member(org, "coco@voorbeeldstad.example", Role.COORDINATOR)
    assert client_for(alice).get(url(org)).status_code == 200
    for user in (bob, coordinator):
        assert client_for(user).get(url(org)).status_code == 403
        assert client_for(user).post(url(org), SHARE).status_code == 403
    assert client_for(charlie).get(url(org)).status_code == 404
    assert client_for(charlie).post(url(org), SHARE).status_code == 404
    assert not Sharing.objects.exists()


def test_the_page_explains_what_is_shared_and_with_whom(org, alice, client_for):
    alice.language = "en"
    alice.save()
    html = client_for(alice).get(url(org)).content.decode()
    assert "What is shared, and with whom" in html
    assert "Share of spend at social enterprises" in html
    assert "never recomputed" in html
    assert 'id="sharing-state">Not sharing figures' in html


def test_turning_sharing_on_and_off_is_in_the_audit_log(org, alice, client_for):
    client = client_for(alice)
    response = client.post(url(org), {**SHARE, "named": "on"})
    assert response.status_code == 302
    sharing = Sharing.objects.get(organisation=org)
    assert (sharing.shares_figures, sharing.named, sharing.size_band, sharing.size) == (
        True,
        True,
        "m",
        68000,
    )
    assert sharing.changed_by == alice
    client.post(url(org), {**SHARE, "named": "on"})  # nothing changed: no entry
    client.post(url(org), {**SHARE, "shares_figures": ""})
    sharing.refresh_from_db()
    assert (sharing.shares_figures, sharing.named) == (False, False)
    entries = list(
        AuditEntry.objects.filter(organisation=org, action__startswith="peers.").order_by("pk")
    )
    assert [entry.action for entry in entries] == ["peers.sharing_on", "peers.sharing_off"]
    assert entries[1].before["shares_figures"] is True
    assert entries[1].after["shares_figures"] is False
    with translation.override("en"):
        assert sentence(entries[1]) == "Alice stopped sharing the organisation's figures with peers"


def test_the_contact_is_saved_on_the_same_page(org, alice, client_for):
    data = {**SHARE, "shares_contact": "on", "contact_name": "Sanne", "contact_email": "s@x.nl"}
    client_for(alice).post(url(org), data)
    sharing = Sharing.objects.get(organisation=org)
    assert (sharing.shares_contact, sharing.contact_name, sharing.contact_email) == (
        True,
        "Sanne",
        "s@x.nl",
    )
    entry = AuditEntry.objects.get(organisation=org, action__startswith="peers.")
    assert entry.after["contact_email"] == "s@x.nl"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"size_band": ""}, "size_band", "Choose a size band"),
        ({"size": "120000"}, "size_band", "With 120,000 inhabitants the band is “Large"),
        ({"size_measure": ""}, "size_measure", "inhabitants or employees"),
        ({"size": "0"}, "size", "at least 1"),
        ({"shares_contact": "on"}, "contact_name", "contact person's name"),
        ({"shares_contact": "on", "contact_name": "S"}, "contact_email", "e-mail address"),
    ],
)
def test_clear_errors(org, alice, client_for, changes, field, message):
    alice.language = "en"
    alice.save()
    response = client_for(alice).post(url(org), {**SHARE, **changes})
    assert response.status_code == 400
    errors = " ".join(response.context["form"].errors[field])
    assert message in errors
    assert "utrecht-form-field--invalid" in response.content.decode()
    assert not Sharing.objects.exists()


def test_the_band_follows_the_size():
    assert band_of("inhabitants", 50_000) == "s"
    assert band_of("inhabitants", 50_001) == "m"
    assert band_of("inhabitants", 250_001) == "xl"
    assert band_of("employees", 1_000) == "s"
    assert band_of("employees", 14_000) == "l"


def test_withdrawing_hides_the_own_position_at_once_and_changes_nothing_else(
    org, alice, client_for
):
    coordinator = make_member(org, "coco@voorbeeldstad.example", Role.COORDINATOR, language="en")
    client_for(alice).post(url(org), SHARE, follow=True)
    others = peers(5)
    peer = others[0]
    peer_reader = make_member(peer, "lees@peer.example", Role.COORDINATOR, language="en")
    take({org.slug: distinct(2), **{o.slug: distinct(n) for n, o in enumerate(others)}})

    client = client_for(coordinator)
    ours_before, ours_csv_before = main(page(client, org)), download(client, org)
    assert "Yours" in ours_before
    client = client_for(peer_reader)
    peer_before, peer_csv_before = main(page(client, peer)), download(client, peer)

    # Followed, so the "Saved." message is shown to the administrator, not to the next reader
    # on this test client.
    client_for(alice).post(url(org), {**SHARE, "shares_figures": ""}, follow=True)

    # The peers see exactly what they saw: the published snapshot is never recomputed.
    client = client_for(peer_reader)
    assert main(page(client, peer)) == peer_before
    assert download(client, peer) == peer_csv_before
    # The organisation no longer sees its own values and position, and nothing else changed.
    client = client_for(coordinator)
    ours_after, ours_csv_after = main(page(client, org)), download(client, org)
    assert "Yours" not in ours_after
    assert 'id="not-sharing"' in ours_after
    assert "below the lowest quarter" not in ours_after and "in the middle half" not in ours_after
    assert [row for row in ours_csv_before if row[3] != "ours"] == ours_csv_after
    assert any(row[3] == "ours" for row in ours_csv_before)

    # The next snapshot leaves it out; the one taken stays as it was.
    take(
        {org.slug: distinct(2), **{o.slug: distinct(n) for n, o in enumerate(others)}},
        year=YEAR + 1,
        taken_on=date(YEAR + 2, 4, 1),
    )
    assert not BenchmarkEntry.objects.filter(organisation=org, snapshot__year=YEAR + 1).exists()
    assert BenchmarkEntry.objects.filter(organisation=org, snapshot__year=YEAR).exists()


def test_sharing_again_shows_the_own_position_of_a_snapshot_it_was_in(org, alice, client_for):
    coordinator = make_member(org, "coco@voorbeeldstad.example", Role.COORDINATOR, language="en")
    client_for(alice).post(url(org), SHARE)
    others = peers(4)
    take({org.slug: distinct(2), **{o.slug: distinct(n) for n, o in enumerate(others)}})
    client_for(alice).post(url(org), {**SHARE, "shares_figures": ""})
    assert "Yours" not in page(client_for(coordinator), org)
    client_for(alice).post(url(org), SHARE)
    assert "Yours" in page(client_for(coordinator), org)
