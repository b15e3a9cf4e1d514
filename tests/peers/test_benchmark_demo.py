"""The demo's benchmark: five peers of Voorbeeldstad's kind and size band share, with real
ledgers and purchases; the snapshot of 2025 shows the group, Voorbeeldstad's position and the
one named peer; running it again adds nothing."""

import pytest
from django.urls import reverse

from impactinkoop.accounts.demo import build_demo_organisations
from impactinkoop.core.models import AuditEntry
from impactinkoop.peers.demo_bench import build_demo
from impactinkoop.peers.models import BenchmarkEntry, BenchmarkGroup, BenchmarkSnapshot, Sharing
from impactinkoop.registry.demo import build_demo_register
from tests.catalogue.helpers import published_enterprise

pytestmark = pytest.mark.django_db


def test_the_demo_benchmark_shows_a_group_and_is_built_once(client):
    demo = build_demo_organisations("demo-wachtwoord-1")
    build_demo_register(demo.main)
    published_enterprise("70000001", "Bloemen met Betekenis", source="code_so")
    build_demo(demo.main, demo.users)
    counts = (BenchmarkEntry.objects.count(), Sharing.objects.count(), AuditEntry.objects.count())
    build_demo(demo.main, demo.users)
    assert (
        BenchmarkEntry.objects.count(),
        Sharing.objects.count(),
        AuditEntry.objects.count(),
    ) == counts

    snapshot = BenchmarkSnapshot.objects.get(year=2025)
    group = BenchmarkGroup.objects.get(snapshot=snapshot)
    assert (group.kind, group.size_band, group.organisations) == ("gemeente", "m", 6)
    entries = {e.organisation.slug: e for e in snapshot.entries.select_related("organisation")}
    spend = [e.social_spend for slug, e in entries.items() if slug != "voorbeeldstad"]
    assert None not in spend and len(set(spend)) > 1  # computed from each peer's own ledger
    assert {s.figure for s in group.statistics.all()} >= {"social_spend", "tenders_mvi"}

    client.force_login(demo.users["coordinator"])
    html = client.get(reverse("peers:benchmark", args=[demo.main.slug])).content.decode()
    assert "Gemeente Rivierstad" in html
    assert "Gemeente Polderhaven" not in html
    assert group.sources["code_so"] == 6
    assert group.sources["own_judgement"] == 3  # polderhaven, weidebeek and bosvliet leave it out
