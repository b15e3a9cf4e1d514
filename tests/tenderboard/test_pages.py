"""The tenderboard's pages: the buyer submits, a member advises, the queue and who may do what."""

import pytest
from django.urls import reverse

from impactinkoop.accounts.roles import Role
from impactinkoop.tenderboard.models import Submission
from impactinkoop.tenderboard.services import submit
from tests.factories import make_member

from .helpers import decide_all, make_reviewable_tender

pytestmark = pytest.mark.django_db


@pytest.fixture
def buyer(org):
    return make_member(org, "bea@voorbeeldstad.example", Role.BUYER)


@pytest.fixture
def member(org):
    return make_member(org, "tom@voorbeeldstad.example", Role.TENDERBOARD)


def _url(org, name, pk=None):
    kwargs = {"org_slug": org.slug}
    if pk is not None:
        kwargs["pk"] = pk
    return reverse(f"tenderboard:{name}", kwargs=kwargs)


def _advice_data(submission, verdict, summary="", opinion="agree"):
    data = {"verdict": verdict, "summary": summary}
    for row in submission.themes:
        data[f"opinion_{row['theme_key']}"] = opinion
        data[f"advice_{row['theme_key']}"] = ""
    return data


def test_buyer_submits_member_asks_to_revise_buyer_resubmits_member_approves(
    org, buyer, member, client_for
):
    tender = make_reviewable_tender(org, buyer)
    client = client_for(buyer)
    response = client.post(_url(org, "submit", tender.pk), {"note": ""})
    assert response.status_code == 302
    first = Submission.objects.get()

    client = client_for(member)
    queue = client.get(_url(org, "queue"))
    assert "Schoonmaak" in queue.content.decode()
    data = _advice_data(first, "revise", "Verhoog het niveau", "revise")
    assert client.post(_url(org, "advise", first.pk), data).status_code == 302

    decide_all(tender, buyer, ambition=2)
    client = client_for(buyer)
    client.post(_url(org, "submit", tender.pk), {"note": "Verhoogd naar niveau 2"})
    second = Submission.objects.get(number=2)

    client = client_for(member)
    assert client.post(_url(org, "advise", second.pk), _advice_data(second, "approved"))
    page = client.get(_url(org, "tender", tender.pk)).content.decode()
    assert "Verhoogd naar niveau 2" in page
    assert list(Submission.objects.values_list("number", "verdict")) == [
        (1, "revise"),
        (2, "approved"),
    ]


@pytest.mark.parametrize(
    "role", [Role.BUYER, Role.COORDINATOR, Role.ADMIN, Role.VIEWER, Role.BUDGET_HOLDER]
)
def test_roles_other_than_tenderboard_cannot_advise(org, buyer, role, client_for):
    tender = make_reviewable_tender(org, buyer)
    submission = submit(tender, actor=buyer)
    other = make_member(org, f"{role}@voorbeeldstad.example", role)
    client = client_for(other)
    response = client.post(_url(org, "advise", submission.pk), _advice_data(submission, "approved"))
    assert response.status_code == 403
    assert client.get(_url(org, "advise", submission.pk)).status_code == 403
    submission.refresh_from_db()
    assert submission.is_waiting


def test_a_tenderboard_member_cannot_advise_on_a_tender_they_entered(org, member, client_for):
    tender = make_reviewable_tender(org, member)
    submission = submit(tender, actor=member)
    response = client_for(member).post(
        _url(org, "advise", submission.pk), _advice_data(submission, "approved")
    )
    assert response.status_code == 403
    submission.refresh_from_db()
    assert submission.is_waiting


def test_a_viewer_cannot_submit(org, buyer, bob, client_for):
    tender = make_reviewable_tender(org, buyer)
    assert client_for(bob).post(_url(org, "submit", tender.pk)).status_code == 403
    assert not Submission.objects.exists()


def test_revise_without_a_summary_is_refused_on_the_page(org, buyer, member, client_for):
    submission = submit(make_reviewable_tender(org, buyer), actor=buyer)
    response = client_for(member).post(
        _url(org, "advise", submission.pk), _advice_data(submission, "revise")
    )
    assert response.status_code == 400
    submission.refresh_from_db()
    assert submission.is_waiting


def test_queue_lists_the_soonest_deadline_first(org, buyer, member, client_for):
    from datetime import date

    late = make_reviewable_tender(org, buyer, "Laat", planned_publication=date(2027, 9, 1))
    soon = make_reviewable_tender(org, buyer, "Vroeg", planned_publication=date(2027, 2, 1))
    submit(late, actor=buyer)
    submit(soon, actor=buyer)
    page = client_for(member).get(_url(org, "queue")).content.decode()
    assert page.index("Vroeg") < page.index("Laat")


def test_the_tender_page_links_to_its_review(org, buyer, client_for):
    tender = make_reviewable_tender(org, buyer)
    page = client_for(buyer).get(
        reverse("contracts:tender", kwargs={"org_slug": org.slug, "pk": tender.pk})
    )
    assert _url(org, "tender", tender.pk) in page.content.decode()
