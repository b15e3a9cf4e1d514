"""The reporting loop in the browser, in Dutch and English: the SROI officer invites the
contractor, the contractor accepts and reports a placement and a purchase with evidence, the
officer accepts the one and rejects the other with a reason, the balance and the plan goal move,
and the contractor reads the reason."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from impactinkoop.accounts.models import ContractorAccess, Membership
from impactinkoop.accounts.roles import Role
from impactinkoop.plans.models import Goal, Metric
from impactinkoop.registry.models import Company
from impactinkoop.sroi.models import Realisation, RuleSet
from impactinkoop.sroi.rules import load_shipped
from impactinkoop.sroi.services import create_obligation

from ..contracts.helpers import make_contract
from ..factories import make_member, make_user
from .test_browser import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"

WORDS = {
    "nl": {
        "invite_email": "E-mailadres van de contactpersoon van de opdrachtnemer",
        "invite": "Uitnodigen om te rapporteren",
        "accept_invitation": "Uitnodiging accepteren",
        "report": "Realisatie melden",
        "kind": "Soort",
        "block": "Bouwblok",
        "code": "Deelnemerscode",
        "hours": "Uren per week",
        "start": "Begin (of datum)",
        "end": "Einde",
        "invoice": "Factuurnummer",
        "amount": "Bedrag exclusief btw (euro)",
        "kvk": "KvK-nummer",
        "evidence": "Bewijs",
        "send": "Versturen ter beoordeling",
        "to_review": "Te beoordelen",
        "accept": "Accepteren",
        "reject": "Afwijzen",
        "reason": "Reden van de afwijzing",
        "realised": "17.777,78",
        "reason_text": "Op de factuur staat geen datum van levering.",
    },
    "en": {
        "invite_email": "E-mail address of the contractor's contact",
        "invite": "Invite to report",
        "accept_invitation": "Accept the invitation",
        "report": "Report a realisation",
        "kind": "Kind",
        "block": "Building block",
        "code": "Participant code",
        "hours": "Hours a week",
        "start": "Start (or date)",
        "end": "End",
        "invoice": "Invoice number",
        "amount": "Amount excluding VAT (euros)",
        "kvk": "KvK number",
        "evidence": "Evidence",
        "send": "Send for review",
        "to_review": "To review",
        "accept": "Accept",
        "reject": "Reject",
        "reason": "Reason for the rejection",
        "realised": "17,777.78",
        "reason_text": "The invoice has no delivery date.",
    },
}


def field(page, label):
    return page.get_by_label(re.compile(rf"^{re.escape(label)}( \(|$)"))


def evidence(page, words, name):
    field(page, words["evidence"]).set_input_files(
        {"name": name, "mimeType": "application/pdf", "buffer": PDF}
    )


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_reporting_loop_from_invitation_to_the_plan_goal(
    page, browser, live_server, org, console_errors, language
):
    words = WORDS[language]
    year = timezone.localdate().year
    officer = make_member(
        org, f"sroi-{language}@voorbeeldstad.example", Role.SROI_OFFICER, language=language
    )
    contractor = make_user(f"ploeg-{language}@aannemer.example", language=language)
    load_shipped(org)
    company = Company.objects.create(kvk_number="23456789", name="Aannemer Ploeg B.V.")
    Company.objects.create(kvk_number="12345678", name="Sociaal Schoon B.V.")
    contract = make_contract(
        org,
        "Onderhoud groen",
        company=company,
        awarded_value="200000",
        social_return=True,
        social_return_percentage=Decimal("5.00"),
        start_date=date(year, 1, 1),
        end_date=date(year + 1, 12, 31),
    )
    obligation = create_obligation(
        contract,
        actor=officer,
        rule_set=RuleSet.objects.get(organisation=org, key="utrecht-current"),
        percentage=Decimal("5.00"),
    )
    goal = Goal.objects.create(
        organisation=org,
        title="Social return gerealiseerd",
        metric=Metric.SROI_VALUE,
        baseline_value=0,
        baseline_date=date(year - 1, 12, 31),
        target_value=50000,
        deadline=date(year, 12, 31),
    )
    obligation_url = f"{live_server.url}/o/{org.slug}/social-return/{obligation.pk}/"

    # The officer invites the contractor's contact.
    log_in(page, live_server, officer.email)
    page.goto(obligation_url)
    field(page, words["invite_email"]).fill(contractor.email)
    page.get_by_role("button", name=words["invite"]).click()
    expect(
        page.get_by_role("cell", name=re.compile(re.escape(contractor.email))).first
    ).to_be_visible()
    link = re.search(r"https?://\S+/invitations/\S+/", mail.outbox[-1].body).group(0)
    link = live_server.url + link[link.index("/invitations/") :]

    # The contractor accepts in its own browser and reports twice, with evidence.
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    theirs = context.new_page()
    theirs.set_default_timeout(10_000)
    log_in(theirs, live_server, contractor.email)
    theirs.goto(link)
    theirs.get_by_role("button", name=words["accept_invitation"]).click()
    theirs.wait_for_url(re.compile(r"/contractor/$"))
    assert ContractorAccess.objects.filter(user=contractor, company_id=company.pk).exists()
    assert not Membership.objects.filter(user=contractor).exists()

    theirs.get_by_role("link", name=words["report"]).first.click()
    field(theirs, words["kind"]).select_option("placement")
    field(theirs, words["block"]).select_option(label="Participatiewet")
    field(theirs, words["code"]).fill("SR-24-AB12")
    field(theirs, words["hours"]).fill("24")
    field(theirs, words["start"]).fill(f"{year}-01-01")
    field(theirs, words["end"]).fill(f"{year}-08-31")
    evidence(theirs, words, "arbeidsovereenkomst.pdf")
    theirs.get_by_role("button", name=words["send"]).click()
    theirs.wait_for_load_state()

    theirs.goto(f"{live_server.url}/contractor/")
    theirs.get_by_role("link", name=words["report"]).first.click()
    field(theirs, words["kind"]).select_option("purchase")
    field(theirs, words["block"]).select_option(label="Inkopen bij sociale bedrijven")
    field(theirs, words["invoice"]).fill("F-2026-7")
    field(theirs, words["amount"]).fill("1234,56" if language == "nl" else "1234.56")
    field(theirs, words["kvk"]).fill("12345678")
    field(theirs, words["start"]).fill(f"{year}-03-01")
    evidence(theirs, words, "factuur.pdf")
    theirs.get_by_role("button", name=words["send"]).click()
    theirs.wait_for_load_state()
    reported = Realisation.objects.filter(obligation=obligation, source="contractor")
    assert sorted(reported.values_list("kind", "status")) == [
        ("placement", "submitted"),
        ("purchase", "submitted"),
    ]
    assert all(realisation.evidence.count() == 1 for realisation in reported)

    # The officer accepts the placement and rejects the purchase with a reason.
    placement = reported.get(kind="placement")
    purchase = reported.get(kind="purchase")
    page.goto(obligation_url)
    page.get_by_role("link", name=words["to_review"]).first.click()
    page.get_by_role("link", name=re.compile("SR-24-AB12")).click()
    page.get_by_role("button", name=words["accept"], exact=True).click()
    page.wait_for_load_state()
    page.goto(obligation_url)
    page.get_by_role("link", name=words["to_review"]).first.click()
    page.get_by_role("link", name=re.compile("F-2026-7")).click()
    field(page, words["reason"]).fill(words["reason_text"])
    page.get_by_role("button", name=words["reject"], exact=True).click()
    page.wait_for_load_state()
    placement.refresh_from_db()
    purchase.refresh_from_db()
    assert (placement.status, purchase.status) == ("accepted", "rejected")

    # The balance and the plan goal move by the accepted placement only.
    page.goto(obligation_url)
    assert page.locator("#sroi-realised").inner_text().endswith(words["realised"])
    page.goto(f"{live_server.url}/o/{org.slug}/plan/goals/{goal.pk}/")
    expect(page.get_by_text(words["realised"]).first).to_be_visible()

    # The contractor reads the reason on its own realisation.
    theirs.goto(f"{live_server.url}/contractor/realisations/{purchase.pk}/")
    expect(theirs.get_by_text(words["reason_text"])).to_be_visible()
    context.close()
