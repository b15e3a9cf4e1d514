"""Issue 18, done when: every page passes axe-core in Dutch and English at 1280 and 390 px, and no
page scrolls sideways at 320 px (WCAG 1.4.10). Each role of the demo logs in and walks the pages
it may reach; a visitor walks the public ones. axe-core is the pinned, hash-checked tarball of
core/assets.toml (test-only, never served), evaluated into each page through the DevTools
protocol: the page's Content-Security-Policy stays on, and the conftest's `page` fails the test
on any violation of it.

These walks run on SQLite only: they test the rendered pages, not the database, and they are the
slowest tests we have."""

import fnmatch
import importlib
import time

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection

from impactinkoop.accounts.models import User
from impactinkoop.accounts.roles import Permission, Role, role_has_permission
from impactinkoop.core.assets import test_asset_path

from ..factories import PASSWORD
from .test_browser import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LANGUAGES = ["nl", "en"]
WIDTHS = [1280, 390]
NARROWEST = 320
ORG = "/o/voorbeeldstad/"
# WCAG 2.0 and 2.1, levels A and AA: what the Dutch government requires (EN 301 549).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# Every page a member reaches from the menus, with the permission that opens it.
ORGANISATION_PAGES = [
    ("", Permission.VIEW_ORGANISATION),
    ("steps/inventory/", Permission.VIEW_ORGANISATION),
    ("spend/baseline/?year=2025", Permission.VIEW_SPEND),
    ("spend/baseline/lines/?year=2025", Permission.VIEW_SPEND),
    ("spend/imports/", Permission.IMPORT_SPEND),
    ("spend/suppliers/", Permission.VIEW_SPEND),
    ("spend/matches/", Permission.IMPORT_SPEND),
    ("spend/matches/list/", Permission.IMPORT_SPEND),
    ("register/", Permission.VIEW_REGISTER),
    ("catalogue/", Permission.VIEW_CATALOGUE),
    ("catalogue/search/?q=lunch", Permission.VIEW_CATALOGUE),
    ("catalogue/requests/", Permission.REQUEST_QUOTE),
    ("catalogue/purchases/", Permission.REQUEST_QUOTE),
    ("plan/", Permission.VIEW_PLAN),
    ("plan/themes/", Permission.VIEW_PLAN),
    ("plan/matrix/", Permission.VIEW_PLAN),
    ("plan/sessions/", Permission.VIEW_PLAN),
    ("plan/goals/", Permission.VIEW_PLAN),
    ("plan/actions/", Permission.VIEW_PLAN),
    ("plan/steps/", Permission.VIEW_PLAN),
    ("plan/team/", Permission.VIEW_PLAN),
    ("plan/documents/", Permission.VIEW_PLAN),
    ("contracts/", Permission.VIEW_CONTRACTS),
    ("contracts/new/", Permission.MANAGE_CONTRACTS),
    ("contracts/import/", Permission.IMPORT_CONTRACTS),
    ("tenders/", Permission.VIEW_CONTRACTS),
    ("tenders/new/", Permission.MANAGE_CONTRACTS),
    ("tenders/uncovered-spend/", Permission.VIEW_CONTRACTS),
    ("tenders/rules/", Permission.VIEW_CONTRACTS),
    ("tenderboard/", Permission.VIEW_CONTRACTS),
    ("social-return/", Permission.VIEW_SROI),
    ("social-return/monitoring/", Permission.VIEW_SROI),
    ("social-return/tables/", Permission.VIEW_SROI),
    ("social-return/review/", Permission.VIEW_REALISATIONS),
    ("social-return/import/", Permission.VIEW_REALISATIONS),
    ("supplier-conversations/", Permission.VIEW_SUPPLIER_TALKS),
    ("supplier-conversations/priorities/", Permission.VIEW_SUPPLIER_TALKS),
    ("supplier-conversations/commitments/", Permission.VIEW_SUPPLIER_TALKS),
    ("supplier-conversations/new/", Permission.RECORD_SUPPLIER_TALKS),
    ("peers/benchmark/", Permission.VIEW_BENCHMARK),
    ("peers/sharing/", Permission.SHARE_FIGURES),
    ("peers/cases/", Permission.VIEW_PEERS),
    ("peers/knowledge/", Permission.VIEW_PEERS),
    ("members/", Permission.VIEW_MEMBERS),
    ("settings/", Permission.EDIT_ORGANISATION),
    ("settings/house-style/", Permission.EDIT_ORGANISATION),
    ("audit/", Permission.VIEW_AUDIT),
    ("jobs/", Permission.VIEW_JOBS),
    ("api-tokens/", Permission.VIEW_ORGANISATION),
]
ACCOUNT_PAGES = [
    "/account/",
    "/account/password/",
    "/account/security/",
    "/account/two-factor/",
    "/groups/",
]
PUBLIC_PAGES = [
    "/login/",
    "/password/reset/",
    "/catalogue/",
    "/catalogue/search/?q=lunch",
]


# Known violations, (rule id, page): reported as an expected failure with every occurrence, never
# hidden; other rules and pages still fail the walk. Empty since the restyle of issue 18 (tables
# in focusable, labelled scroll boxes); a line added here needs an issue that fixes it.
KNOWN: set[tuple[str, str]] = set()

# Pages known to be wider than 320 px (fnmatch patterns), reported as an expected failure; any
# other page that scrolls sideways fails the test. Empty since issue 18: the scroll boxes are
# positioned (their visually hidden labels widened the page) and long words break.
KNOWN_TOO_WIDE: list[str] = []


def pages_for(role: str) -> list[str]:
    return [
        ORG + path
        for path, permission in ORGANISATION_PAGES
        if role_has_permission(role, permission)
    ] + ACCOUNT_PAGES


@pytest.fixture(autouse=True)
def on_sqlite_only():
    if connection.vendor != "sqlite":
        pytest.skip("the page walks run on SQLite only, to keep CI short (issue 18)")


@pytest.fixture(scope="module")
def axe_source() -> str:
    # Fetched into the user's cache on first use (from the cache after that, offline).
    return test_asset_path("axe-core", "axe.min.js").read_text(encoding="utf-8")


@pytest.fixture
def demo(db):
    # Transactional tests empty the tables between tests: load the migrations' data again.
    for migration in (
        "impactinkoop.catalogue.migrations.0003_platform_categories",
        "impactinkoop.plans.migrations.0002_national_themes",
    ):
        importlib.import_module(migration).load(apps, None)
    call_command("demo", no_serve=True, password=PASSWORD)


def details_for(role: str) -> list[str]:
    """A few pages behind the lists, at objects of the demo: one of each kind."""
    from impactinkoop.catalogue.models import Enterprise
    from impactinkoop.contracts.models import Contract, Tender
    from impactinkoop.plans.models import Goal

    pages = []
    goal = Goal.objects.filter(organisation__slug="voorbeeldstad").order_by("pk").first()
    if goal is not None:
        pages.append(f"{ORG}plan/goals/{goal.pk}/")
    enterprise = Enterprise.objects.filter(is_published=True).order_by("pk").first()
    if enterprise is not None:
        pages.append(f"{ORG}catalogue/enterprise/{enterprise.slug}/")
    if role_has_permission(role, Permission.VIEW_CONTRACTS):
        contracts = Contract.objects.filter(organisation__slug="voorbeeldstad").order_by("pk")
        tenders = Tender.objects.filter(organisation__slug="voorbeeldstad")
        # A tender still open (its theme form for a buyer) and the awarded one (the decisions
        # as a table), and a contract that may still be extended (its buttons).
        for tender in (
            tenders.exclude(status="awarded").order_by("pk").first(),
            tenders.filter(status="awarded").order_by("pk").first(),
        ):
            if tender is not None:
                pages.append(f"{ORG}tenders/{tender.pk}/")
        contract = contracts.filter(extension_until__isnull=False).first() or contracts.first()
        if contract is not None:
            pages.append(f"{ORG}contracts/{contract.pk}/")
        pages += _review_and_conversation_pages(role)
    return pages + _social_return_pages(role)


def _social_return_pages(role: str) -> list[str]:
    """An obligation (with its contractor section), and for the SROI officer the review of a
    realisation that waits and of the flagged double count."""
    from impactinkoop.sroi.models import Obligation, Realisation

    if not role_has_permission(role, Permission.VIEW_SROI):
        return []
    reported = Realisation.objects.filter(source="contractor").order_by("pk")
    obligation = reported.first().obligation if reported else Obligation.objects.first()
    pages = [f"{ORG}social-return/{obligation.pk}/"] if obligation else []
    if role_has_permission(role, Permission.VIEW_REALISATIONS):
        pages += [
            f"{ORG}social-return/{realisation.obligation_id}/realisations/{realisation.pk}/"
            for realisation in (
                reported.filter(status="submitted").first(),
                reported.filter(status="accepted").last(),
            )
            if realisation is not None
        ]
    return pages


# The contractor is no member and no role: its own pages, one realisation of each state.
CONTRACTOR = "leverancier@voorbeeldstad.example"


def contractor_pages() -> list[str]:
    from impactinkoop.sroi.models import Realisation

    reported = Realisation.objects.filter(source="contractor").order_by("pk")
    return (
        ["/contractor/", "/contractor/report/", "/contractor/api-tokens/"]
        + [
            f"/contractor/realisations/{realisation.pk}/"
            for realisation in (
                reported.filter(status=status).first() for status in ("rejected", "submitted")
            )
            if realisation is not None
        ]
        + ACCOUNT_PAGES
    )


def _review_and_conversation_pages(role: str) -> list[str]:
    """A tender's review rounds and a conversation with its commitments. (The demo's rounds are
    all advised, so the advice form is not walked here.)"""
    from impactinkoop.conversations.models import Conversation
    from impactinkoop.tenderboard.models import Submission

    pages = []
    submission = Submission.objects.filter(organisation__slug="voorbeeldstad").first()
    if submission is not None:
        pages.append(f"{ORG}tenderboard/tenders/{submission.tender_id}/")
    if role_has_permission(role, Permission.VIEW_SUPPLIER_TALKS):
        conversation = Conversation.objects.filter(organisation__slug="voorbeeldstad").first()
        if conversation is not None:
            pages.append(f"{ORG}supplier-conversations/{conversation.pk}/")
    return pages


def run_axe(page) -> list[dict]:
    return page.evaluate(
        """tags => axe.run(document, {runOnly: {type: "tag", values: tags},
                                      resultTypes: ["violations"]})
              .then(results => results.violations.map(v => ({
                  id: v.id, impact: v.impact, help: v.help,
                  targets: v.nodes.map(n => n.target.join(" "))})))""",
        AXE_TAGS,
    )


def describe(path: str, language: str, width: int, violation: dict) -> str:
    targets = violation["targets"]
    more = f" (+{len(targets) - 8} more)" if len(targets) > 8 else ""
    return (
        f"{path} [{language}, {width} px]: {violation['id']} ({violation['impact']}) "
        f"{violation['help']}: {', '.join(targets[:8])}{more}"
    )


class Findings:
    """What axe-core reported on one walk: new problems, and the KNOWN ones that showed."""

    def __init__(self):
        self.problems: list[str] = []
        self.known: list[str] = []
        self.visited = 0


def walk(page, live_server, paths, language, width, findings: Findings) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    for path in paths:
        findings.visited += 1
        response = page.goto(live_server.url + path)
        if (response.status, response.request.redirected_from) != (200, None):
            findings.problems.append(f"{path} [{language}, {width} px]: answered {response.status}")
            continue
        assert page.locator("html").get_attribute("lang") == language, path
        for violation in run_axe(page):
            text = describe(path, language, width, violation)
            if (violation["id"], path) in KNOWN:
                findings.known.append(text)
            else:
                findings.problems.append(text)


def set_language(page, live_server, email: str | None, language: str) -> None:
    if email:
        User.objects.filter(email=email).update(language=language)
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )


@pytest.mark.parametrize("role", [*Role.values, "contractor", "visitor"])
def test_every_page_passes_axe_in_both_languages_and_widths(
    role, demo, page, live_server, axe_source
):
    # Chromium evaluates axe-core in every new document through the DevTools protocol, outside
    # the page's Content-Security-Policy (an injected <script> would be refused by it), and the
    # 650 kB source crosses to the browser once instead of once per page.
    page.context.add_init_script(axe_source)
    email = {"visitor": None, "contractor": CONTRACTOR}.get(role, f"{role}@voorbeeldstad.example")
    if role == "contractor":
        log_in(page, live_server, email)
        paths = contractor_pages()
    elif email:
        log_in(page, live_server, email)
        paths = pages_for(role) + details_for(role)
    else:
        paths = PUBLIC_PAGES
    findings = Findings()
    started = time.monotonic()
    for language in LANGUAGES:
        set_language(page, live_server, email, language)
        for width in WIDTHS:
            walk(page, live_server, paths, language, width, findings)
    seconds = time.monotonic() - started
    print(f"axe walk of {role}: {findings.visited} pages in {seconds:.1f} s")
    assert not findings.problems, f"axe-core (WCAG 2.1 A/AA) as {role}:\n" + "\n".join(
        findings.problems
    )
    if findings.known:
        pytest.xfail("known violations (KNOWN):\n" + "\n".join(findings.known))


def test_no_page_scrolls_sideways_at_320_px(demo, page, live_server):
    """WCAG 1.4.10 (reflow): content fits 320 CSS pixels without scrolling in two directions;
    a wide table scrolls inside its own box, never the page. The administrator reaches every
    organisation page; a visitor the public ones."""
    page.set_viewport_size({"width": NARROWEST, "height": 800})
    too_wide = {}
    for language in LANGUAGES:
        set_language(page, live_server, None, language)
        for path in PUBLIC_PAGES:
            page.goto(live_server.url + path)
            too_wide.update(sideways(page, path, language))
        page.context.clear_cookies()
        log_in(page, live_server, "admin@voorbeeldstad.example")  # the login page in Dutch
        set_language(page, live_server, "admin@voorbeeldstad.example", language)
        for path in pages_for(Role.ADMIN) + details_for(Role.ADMIN):
            response = page.goto(live_server.url + path)
            assert response.status == 200, path
            too_wide.update(sideways(page, path, language))
        page.context.clear_cookies()
        log_in(page, live_server, CONTRACTOR)
        set_language(page, live_server, CONTRACTOR, language)
        for path in contractor_pages():
            response = page.goto(live_server.url + path)
            assert response.status == 200, path
            too_wide.update(sideways(page, path, language))
        page.context.clear_cookies()
    listed = [
        f"{path} [{language}]: {width}" for (path, language), width in sorted(too_wide.items())
    ]
    unknown = [
        line
        for (path, _language), line in zip(sorted(too_wide), listed, strict=True)
        if not any(fnmatch.fnmatchcase(path, pattern) for pattern in KNOWN_TOO_WIDE)
    ]
    assert not unknown, "pages wider than 320 px:\n" + "\n".join(unknown)
    if listed:
        pytest.xfail("known pages wider than 320 px (KNOWN_TOO_WIDE):\n" + "\n".join(listed))


def sideways(page, path: str, language: str) -> dict:
    scroll, client = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    return {(path, language): f"{scroll} px wide in {client} px"} if scroll > client else {}
