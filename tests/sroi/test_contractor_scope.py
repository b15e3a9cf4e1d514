"""The contractor scope (`/contractor/`): a page of its own for users with contractor access,
bounded by (company, organisation that invited it); never an organisation page."""

from datetime import date

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from impactinkoop.accounts.models import ContractorAccess
from impactinkoop.core.models import StoredFile
from impactinkoop.sroi import review
from impactinkoop.sroi.models import Evidence, Realisation, ReviewStatus, Source
from tests.test_tenancy import organisation_url_names, url_kwargs

from .contractors import PDF
from .helpers import block

pytestmark = pytest.mark.django_db


def contractor_url_names() -> set[str]:
    names = set()

    def walk(patterns, namespace, prefix):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace, route)
            elif isinstance(pattern, URLPattern) and route.startswith("contractor/"):
                names.add(f"{namespace}:{pattern.name}")

    walk(get_resolver().url_patterns, None, "")
    return names


# Every contractor page with the method it accepts; a new one must be added here.
CONTRACTOR_URLS = {
    "sroi:contractor_home": "get",
    "sroi:contractor_report": "both",
    "sroi:contractor_realisation": "get",
    "sroi:contractor_answer": "post",
    "sroi:contractor_resubmit": "both",
    "sroi:contractor_evidence": "get",
    "sroi:contractor_follow_up": "post",
    # The contractor's API tokens (issue 26); another contractor's token: tests/api.
    "api:contractor_tokens": "both",
    "api:contractor_token_revoke": "post",
}
# Pages without an object in their address.
WITHOUT_OBJECT = {"sroi:contractor_home", "sroi:contractor_report", "api:contractor_tokens"}


def reported(obligation, company, code="SR-24-AB12", **fields):
    values = {
        "kind": "placement",
        "block": block(obligation.rule_set, "WW-uitkering"),
        "participant_code": code,
        "hours_per_week": 24,
        "start_date": date(2025, 2, 1),
        "end_date": date(2025, 7, 31),
        "source": Source.CONTRACTOR,
        "company": company,
        "status": ReviewStatus.SUBMITTED,
        "submitted_at": timezone.now(),
        **fields,
    }
    found = Realisation.objects.create(obligation=obligation, **values)
    Evidence.objects.create(realisation=found, file=StoredFile.from_bytes(PDF, name="bewijs.pdf"))
    return found


def contractor_url(name, realisation):
    if name in WITHOUT_OBJECT:
        return reverse(name)
    if name == "sroi:contractor_evidence":
        return reverse(name, args=[realisation.pk, realisation.evidence.get().pk])
    return reverse(name, args=[realisation.pk])


def test_every_contractor_url_is_covered_by_these_tests():
    assert contractor_url_names() == set(CONTRACTOR_URLS)


@pytest.fixture
def others(obligations, company_x, company_y, rival):
    """Realisations the contractor (X at Voorbeeldstad) must never reach."""
    return {
        "other_company": reported(obligations["other_company"], company_y),
        "other_organisation": reported(obligations["other_organisation"], company_x),
        "officer_entered": reported(obligations["ours"], None, source=Source.OFFICER),
    }


@pytest.mark.parametrize("name", sorted(CONTRACTOR_URLS))
def test_anonymous_is_sent_to_login(name, obligations, company_x, client):
    own = reported(obligations["ours"], company_x)
    response = client.get(contractor_url(name, own))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("name", sorted(CONTRACTOR_URLS))
def test_a_member_without_contractor_access_gets_404(
    name, obligations, company_x, alice, client_for
):
    own = reported(obligations["ours"], company_x)
    client = client_for(alice)
    assert client.get(contractor_url(name, own)).status_code == 404
    assert client.post(contractor_url(name, own), {"message": "x"}).status_code == 404


# The home, report and token pages have no object in their address; the report form's choice of
# obligation is tested in test_contractor_reporting.
@pytest.mark.parametrize("name", sorted(set(CONTRACTOR_URLS) - WITHOUT_OBJECT))
@pytest.mark.parametrize("which", ["other_company", "other_organisation", "officer_entered"])
def test_a_contractor_cannot_reach_another_scope(name, which, others, contractor, client_for):
    target = others[which]
    client = client_for(contractor)
    before = list(Realisation.objects.values_list("pk", "status", "hours_per_week"))
    if CONTRACTOR_URLS[name] != "post":
        assert client.get(contractor_url(name, target)).status_code == 404
    if CONTRACTOR_URLS[name] != "get":
        post = client.post(contractor_url(name, target), {"message": "mijn antwoord"})
        assert post.status_code == 404
    assert list(Realisation.objects.values_list("pk", "status", "hours_per_week")) == before
    assert not target.events.exists()


def test_the_contractor_opens_its_own_pages(obligations, company_x, contractor, client_for):
    own = reported(obligations["ours"], company_x)
    client = client_for(contractor)
    for name, method in CONTRACTOR_URLS.items():
        if method != "post":
            response = client.get(contractor_url(name, own))
            assert response.status_code in (200, 302), name


def test_home_shows_only_its_own_obligations_and_realisations(
    others, obligations, company_x, contractor, client_for
):
    own = reported(obligations["ours"], company_x, code="SR-24-EIGEN")
    response = client_for(contractor).get(reverse("sroi:contractor_home"))
    text = response.content.decode()
    assert [row["obligation"] for row in response.context["rows"]] == [obligations["ours"]]
    assert [r.pk for r in response.context["rows"][0]["realisations"]] == [own.pk]
    assert "Bouw stadhuis" in text
    assert "Schoonmaak stadhuis" not in text
    assert "Bouw gemaal" not in text
    assert "SR-24-EIGEN" in text
    assert "SR-24-AB12" not in text  # the others' codes


def test_home_shows_balance_and_deadlines_with_overdue_marked(
    obligations, company_x, contractor, client_for, officer
):
    own = reported(obligations["ours"], company_x)
    review.accept(own, actor=officer)
    waiting = reported(obligations["ours"], company_x, code="SR-24-CD34")
    response = client_for(contractor).get(reverse("sroi:contractor_home"))
    row = response.context["rows"][0]
    balance = row["balance"]
    assert balance.obligated == obligations["ours"].amount
    assert balance.accepted > 0
    assert balance.pending > 0
    assert balance.reported == balance.accepted + balance.pending
    assert balance.to_do == balance.obligated - balance.accepted
    assert waiting.status == ReviewStatus.SUBMITTED
    # Reports were made today, so no passed deadline is overdue; the next ones are shown.
    assert [d["overdue"] for d in row["deadlines"]] == [False] * len(row["deadlines"])
    assert 1 <= len(row["deadlines"]) <= 2
    assert all(d["day"] >= date.today() for d in row["deadlines"])


def test_an_overdue_report_is_marked_on_the_page(obligations, contractor, client_for):
    # Nothing reported since the start: the yearly report of 1 January 2026 is overdue.
    response = client_for(contractor).get(reverse("sroi:contractor_home"))
    assert response.context["rows"][0]["deadlines"][0]["overdue"] is True
    assert "te laat" in response.content.decode()


def test_a_deadline_without_a_report_is_overdue(obligations):
    from impactinkoop.sroi.contractor_views import deadlines_with_state

    obligation = obligations["ours"]  # 2025-01-01 to 2027-12-31, yearly reports
    shown = deadlines_with_state(obligation, [], date(2026, 6, 1))
    assert shown[0] == {"day": date(2026, 1, 1), "final": False, "overdue": True}
    assert [d["overdue"] for d in shown[1:]] == [False, False]
    assert shown[1]["day"] == date(2027, 1, 1)


def test_a_report_after_the_previous_deadline_answers_it(obligations):
    from datetime import datetime

    from impactinkoop.sroi.contractor_views import deadlines_with_state

    obligation = obligations["ours"]
    moment = timezone.make_aware(datetime(2025, 12, 15, 12, 0))
    shown = deadlines_with_state(obligation, [moment], date(2026, 6, 1))
    assert not any(d["overdue"] for d in shown)


def test_a_contractor_only_user_gets_404_on_every_organisation_page(victim, contractor, client_for):
    client = client_for(contractor)
    for name in sorted(organisation_url_names()):
        address = reverse(name, kwargs={"org_slug": "voorbeeldstad", **url_kwargs(name, victim)})
        assert client.get(address).status_code == 404, name
        assert client.post(address, {}).status_code == 404, name


def test_access_is_not_membership(contractor, org):
    assert not contractor.memberships.exists()
    assert ContractorAccess.objects.filter(user=contractor, organisation=org).exists()


def test_a_contractor_only_user_lands_on_the_portal_and_sees_its_link(contractor, client_for):
    client = client_for(contractor)
    response = client.get(reverse("accounts:start"))
    assert response.status_code == 302
    assert response.url == reverse("sroi:contractor_home")
    page = client.get(reverse("sroi:contractor_home"))
    assert f'href="{reverse("sroi:contractor_home")}"' in page.content.decode()


def test_a_member_sees_no_contractor_link(alice, client_for):
    page = client_for(alice).get(reverse("accounts:profile"))
    assert reverse("sroi:contractor_home") not in page.content.decode()


def test_the_contractor_reports_whether_a_placement_lasted(
    obligations, company_x, contractor, client_for
):
    # Started in February 2025: both follow-ups (6 and 12 months) are due by now.
    placement = reported(obligations["ours"], company_x, status=ReviewStatus.ACCEPTED)
    client = client_for(contractor)
    page = client.get(reverse("sroi:contractor_realisation", args=[placement.pk]))
    assert "follow-after_6" in page.content.decode()
    url = reverse("sroi:contractor_follow_up", args=[placement.pk])
    response = client.post(url, {"follow-after_6": "yes", "follow-after_12": "no"})
    assert response.status_code == 302
    placement.refresh_from_db()
    assert (placement.employed_after_6, placement.employed_after_12) == (True, False)
    step = placement.events.get(action="follow_up")
    assert step.by_contractor
    # Saying the same again adds no step; "not known yet" keeps what was said.
    client.post(url, {"follow-after_6": "yes", "follow-after_12": ""})
    placement.refresh_from_db()
    assert (placement.employed_after_6, placement.employed_after_12) == (True, False)
    assert placement.events.filter(action="follow_up").count() == 1


def test_no_follow_up_for_a_purchase_or_a_placement_that_just_started(
    obligations, company_x, contractor, client_for
):
    purchase = reported(
        obligations["ours"],
        company_x,
        code="",
        kind="purchase",
        block=block(obligations["ours"].rule_set, "Inkopen bij sociale bedrijven"),
        invoice_number="F-1",
        amount_excl_vat=100,
    )
    today = timezone.localdate()
    fresh = reported(obligations["ours"], company_x, code="SR-24-NEW1", start_date=today)
    client = client_for(contractor)
    for realisation in (purchase, fresh):
        url = reverse("sroi:contractor_follow_up", args=[realisation.pk])
        assert client.post(url, {"follow-after_6": "yes"}).status_code == 404
        realisation.refresh_from_db()
        assert realisation.employed_after_6 is None


def test_a_double_count_is_shown_to_the_contractor_without_the_other_contract(
    org, obligations, company_x, contractor, client_for
):
    from .helpers import obligation_under

    elsewhere = obligation_under(org, "utrecht-current")
    Realisation.objects.create(
        obligation=elsewhere,
        kind="placement",
        block=block(elsewhere.rule_set, "WW-uitkering"),
        participant_code="SR-24-AB12",
        hours_per_week=20,
        start_date=date(2025, 1, 1),
        end_date=date(2025, 12, 31),
    )
    mine = reported(obligations["ours"], company_x, status=ReviewStatus.ACCEPTED)
    client = client_for(contractor)
    home = client.get(reverse("sroi:contractor_home")).content.decode()
    assert "dubbeltelling: telt 0" in home
    page = client.get(reverse("sroi:contractor_realisation", args=[mine.pk])).content.decode()
    assert 'id="realisation-double"' in page
    assert elsewhere.contract.title not in page + home
