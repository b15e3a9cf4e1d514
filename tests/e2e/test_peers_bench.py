"""Issue 25's benchmark in the browser: the administrator turns sharing on, the yearly snapshot
is taken with five peers of the same kind and size (one named), and the coordinator reads where
the organisation stands; nothing of the unnamed peers is on the page."""

from datetime import date
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from impactinkoop.accounts.roles import Role
from impactinkoop.peers import benchmark
from impactinkoop.peers.benchmark_figures import YearFigures
from impactinkoop.peers.models import Sharing

from ..factories import make_member
from ..peers.benchmark_helpers import peers, share
from .test_axe import axe_source, run_axe  # noqa: F401 - a fixture
from .test_browser import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

OURS = YearFigures(12, 48, 77, Decimal("0.6"), ("code_so", "pso"))
THEIRS = [
    YearFigures(9, 41, 66, Decimal("0.3"), ("code_so",)),
    YearFigures(14, 55, 81, Decimal("0.9"), ("code_so", "pso")),
    YearFigures(21, 63, 92, Decimal("1.4"), ("code_so", "pso", "sw_company")),
    YearFigures(6, 37, 58, Decimal("0.2"), ("code_so",)),
    YearFigures(17, 70, 104, Decimal("1.1"), ("code_so", "pso")),
]


def passes_axe(page, url: str) -> None:
    """Both pages pass axe-core (WCAG 2.1 A/AA) at 1280 and 390 px, as every page must."""
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(url)
        assert run_axe(page) == [], (url, width)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_the_administrator_shares_and_the_coordinator_reads_the_benchmark(
    page,
    live_server,
    org,
    browser,
    axe_source,  # noqa: F811
):
    admin = make_member(org, "beheer@voorbeeldstad.example", Role.ADMIN, language="en")
    coordinator = make_member(org, "fatima@voorbeeldstad.example", Role.COORDINATOR, language="en")
    others = peers(5)
    share(others[1], "m", named=True)

    # The administrator reads what is shared and with whom, and turns sharing on.
    page.context.add_init_script(axe_source)
    log_in(page, live_server, admin.email)
    page.goto(f"{live_server.url}/o/{org.slug}/peers/sharing/")
    expect(page.get_by_role("heading", name="What is shared, and with whom")).to_be_visible()
    page.get_by_label("Share our yearly figures in the benchmark").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Choose a size band")).to_be_visible()  # a clear error, nothing saved
    page.get_by_label("Share our yearly figures in the benchmark").check()
    page.get_by_label("Size band").select_option("m")
    page.get_by_label("Our size is counted in").select_option("inhabitants")
    page.get_by_label("Number of inhabitants or employees").fill("74000")
    page.screenshot(path="/tmp/peers-bench-sharing.png", full_page=True)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved.")).to_be_visible()
    assert Sharing.objects.get(organisation=org).shares_figures
    passes_axe(page, f"{live_server.url}/o/{org.slug}/peers/sharing/")

    # On 1 April the snapshot of last year is taken.
    figures = {org.slug: OURS, **{o.slug: f for o, f in zip(others, THEIRS, strict=True)}}
    benchmark.take_snapshot(
        2025,
        taken_on=date(2026, 4, 1),
        actor="test",
        figures=lambda organisation, year, *, size, today: figures[organisation.slug],
    )

    # The coordinator reads the benchmark.
    reader = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    reader.context.add_init_script(axe_source)
    log_in(reader, live_server, coordinator.email)
    reader.goto(f"{live_server.url}/o/{org.slug}/peers/benchmark/")
    expect(reader.get_by_role("heading", name="Benchmark with peers")).to_be_visible()
    own = reader.locator("#own-group")
    expect(own.get_by_text("6 organisations share their figures in this group.")).to_be_visible()
    row = own.locator("#own-social_spend")
    expect(row.get_by_text("in the middle half")).to_be_visible()
    expect(own.get_by_role("rowheader", name=others[1].name)).to_be_visible()  # the named peer
    expect(
        own.get_by_text("4 of 6 count Prestatieladder Socialer Ondernemen (PSO)")
    ).to_be_visible()
    html = reader.content()
    for other in others:
        if other != others[1]:
            assert other.name not in html
    reader.screenshot(path="/tmp/peers-bench-benchmark.png", full_page=True)
    passes_axe(reader, f"{live_server.url}/o/{org.slug}/peers/benchmark/")
    reader.set_viewport_size({"width": 390, "height": 900})
    reader.goto(f"{live_server.url}/o/{org.slug}/peers/benchmark/")
    reader.screenshot(path="/tmp/peers-bench-benchmark-narrow.png", full_page=True)
    reader.context.close()
