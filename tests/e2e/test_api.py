"""Issue 26 in the browser: an administrator makes an organisation token, copies it once and a
script reads the figures with it; the API's reference opens under the site's
Content-Security-Policy; a contractor makes its own token."""

import json
import urllib.request

import pytest
from playwright.sync_api import expect

from impactinkoop.accounts.models import ContractorAccess
from impactinkoop.accounts.roles import Role

from ..factories import make_member, make_user
from .test_axe import axe_source, run_axe  # noqa: F401 - a fixture
from .test_browser import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def call(url: str, secret: str) -> tuple[int, dict]:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {secret}"})
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - the live server
        return response.status, json.loads(response.read())


def test_an_administrator_makes_a_token_and_a_script_reads_the_figures(
    page,
    live_server,
    org,
    csp_violations,
    axe_source,  # noqa: F811
):
    admin = make_member(org, "beheer@voorbeeldstad.example", Role.ADMIN, language="en")
    page.context.add_init_script(axe_source)
    log_in(page, live_server, admin.email)
    page.get_by_role("link", name="API tokens").click()
    expect(page.get_by_role("heading", name="API tokens", level=1)).to_be_visible()
    expect(page.get_by_text("No tokens yet.")).to_be_visible()

    form = page.locator("section", has=page.get_by_role("heading", name="New organisation token"))
    form.get_by_label("Name").fill("Power BI")
    form.get_by_label("Read figures, suppliers, the register, goals and contracts").check()
    form.get_by_role("button", name="Make the organisation token").click()
    expect(page.get_by_text("Copy it now: it is shown only this once.")).to_be_visible()
    secret = page.get_by_label("Token", exact=True).input_value()
    assert secret.startswith("iik_")
    page.screenshot(path="/tmp/api-tokens.png", full_page=True)
    assert run_axe(page) == []

    status, figures = call(f"{live_server.url}/api/v1/o/{org.slug}/baseline/?year=2025", secret)
    assert status == 200 and figures["total_spend"] == "0.00"

    # Shown once: the list names the token by its first characters only.
    page.goto(f"{live_server.url}/o/{org.slug}/api-tokens/")
    assert secret not in page.content()
    expect(page.get_by_role("cell", name=f"Power BI {secret[:8]}…")).to_be_visible()
    page.get_by_role("link", name="Power BI").click()
    expect(page.get_by_role("cell", name="1", exact=True).first).to_be_visible()  # one reading call
    page.go_back()
    page.get_by_role("button", name="Revoke Power BI").click()
    expect(page.get_by_text("The token Power BI no longer works.")).to_be_visible()
    with pytest.raises(urllib.error.HTTPError) as refused:
        call(f"{live_server.url}/api/v1/o/{org.slug}/baseline/?year=2025", secret)
    assert refused.value.code == 401
    assert csp_violations == []


def test_the_api_reference_opens_under_the_content_security_policy(
    page, live_server, csp_violations
):
    page.goto(f"{live_server.url}/api/v1/docs/")
    page.get_by_text("Impactinkoop API").first.wait_for()
    expect(page.get_by_text("/api/v1/o/{org_slug}/baseline/").first).to_be_visible()
    page.screenshot(path="/tmp/api-docs.png")
    assert csp_violations == []


def test_a_contractor_makes_its_own_token(page, live_server, org, alice, csp_violations):
    user = make_user("planning@schoon.example", language="en")
    ContractorAccess.objects.create(
        user=user, company_id=7, company_name="Schoon B.V.", organisation=org, invited_by=alice
    )
    log_in(page, live_server, user.email)
    page.goto(f"{live_server.url}/contractor/")
    page.get_by_role("link", name="API tokens").click()
    page.get_by_label("Name").fill("HR system")
    page.get_by_label("Valid for (days)").fill("30")
    page.get_by_role("button", name="Make the token").click()
    assert page.get_by_label("Token", exact=True).input_value().startswith("iik_")
    expect(
        page.get_by_role("cell", name="Contractor token Schoon B.V. · Gemeente Voorbeeldstad")
    ).to_be_visible()
    page.screenshot(path="/tmp/api-contractor-tokens.png", full_page=True)
    assert csp_violations == []
