"""The tenderboard's rounds: submit with a snapshot, advice per theme, resubmission, and who may
advise."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from impactinkoop.accounts.roles import Role
from impactinkoop.contracts.services import create_tender
from impactinkoop.core.models import AuditEntry
from impactinkoop.tenderboard.models import Submission, ThemeAdvice
from impactinkoop.tenderboard.services import advise, submit
from tests.factories import make_member

from .helpers import decide_all, make_reviewable_tender

pytestmark = pytest.mark.django_db


@pytest.fixture
def buyer(org):
    return make_member(org, "bea@voorbeeldstad.example", Role.BUYER, full_name="Bea")


@pytest.fixture
def member(org):
    return make_member(org, "tom@voorbeeldstad.example", Role.TENDERBOARD, language="en")


def _revise_all(tender):
    return dict.fromkeys(
        tender.themes.values_list("theme_key", flat=True), ("revise", "Hoger niveau")
    )


def test_submit_keeps_a_snapshot_and_tells_the_tenderboard(
    org, buyer, member, django_capture_on_commit_callbacks
):
    tender = make_reviewable_tender(org, buyer)
    with django_capture_on_commit_callbacks(execute=True):
        submission = submit(tender, actor=buyer, note="Graag advies")

    assert submission.number == 1
    assert submission.is_waiting
    assert [row["ambition"] for row in submission.themes] == [1] * tender.themes.count()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["tom@voorbeeldstad.example"]
    assert mail.outbox[0].subject == "Tenderboard: Schoonmaak is waiting for your advice"
    assert AuditEntry.objects.filter(action="tenderboard.submitted").count() == 1
    # The snapshot stays when the tender changes afterwards.
    decide_all(tender, buyer, ambition=3)
    submission.refresh_from_db()
    assert {row["ambition"] for row in submission.themes} == {1}


def test_a_tender_below_the_threshold_cannot_be_submitted(org, buyer):
    tender = create_tender(org, actor=buyer, title="Klein", estimated_value=Decimal("249999.99"))
    decide_all(tender, buyer)
    with pytest.raises(ValidationError):
        submit(tender, actor=buyer)
    assert not Submission.objects.exists()


def test_undecided_themes_block_a_submission(org, buyer):
    tender = create_tender(org, actor=buyer, title="Open", estimated_value=Decimal("300000"))
    assert tender.themes.exists()
    with pytest.raises(ValidationError):
        submit(tender, actor=buyer)


def test_a_waiting_submission_cannot_be_submitted_again(org, buyer):
    tender = make_reviewable_tender(org, buyer)
    submit(tender, actor=buyer)
    with pytest.raises(ValidationError):
        submit(tender, actor=buyer)
    assert Submission.objects.count() == 1


def test_revise_then_resubmit_then_approve(org, buyer, member, django_capture_on_commit_callbacks):
    tender = make_reviewable_tender(org, buyer)
    first = submit(tender, actor=buyer)
    with django_capture_on_commit_callbacks(execute=True):
        advise(first, actor=member, verdict="revise", summary="Te laag", advice=_revise_all(tender))
    assert mail.outbox[-1].to == ["bea@voorbeeldstad.example"]
    # In the buyer's language (Dutch).
    assert mail.outbox[-1].subject == (
        "Tenderboard: advies over Schoonmaak: Aanpassen en opnieuw voorleggen"
    )
    assert ThemeAdvice.objects.filter(submission=first, opinion="revise").count() == (
        tender.themes.count()
    )

    decide_all(tender, buyer, ambition=2)
    second = submit(tender, actor=buyer, note="Niveau verhoogd")
    advise(second, actor=member, verdict="approved", summary="", advice={})

    second.refresh_from_db()
    assert second.number == 2
    assert second.verdict == "approved"
    with pytest.raises(ValidationError):
        submit(tender, actor=buyer)  # approved: nothing more to review
    assert list(
        AuditEntry.objects.filter(action__startswith="tenderboard.")
        .values_list("action", flat=True)
        .order_by("pk")
    ) == [
        "tenderboard.submitted",
        "tenderboard.advised",
        "tenderboard.submitted",
        "tenderboard.advised",
    ]


def test_whoever_entered_or_submitted_the_tender_cannot_advise_on_it(org, member):
    # A tenderboard member who entered the tender themselves.
    tender = make_reviewable_tender(org, member)
    submission = submit(tender, actor=member)
    with pytest.raises(PermissionDenied):
        advise(submission, actor=member, verdict="approved", summary="", advice={})
    submission.refresh_from_db()
    assert submission.is_waiting


def test_revise_needs_a_summary_and_advice_is_given_once(org, buyer, member):
    tender = make_reviewable_tender(org, buyer)
    submission = submit(tender, actor=buyer)
    with pytest.raises(ValidationError):
        advise(submission, actor=member, verdict="revise", summary=" ", advice={})
    advise(submission, actor=member, verdict="conditions", summary="Let op", advice={})
    with pytest.raises(ValidationError):
        advise(submission, actor=member, verdict="approved", summary="", advice={})
    submission.refresh_from_db()
    assert submission.verdict == "conditions"
    assert submission.advised_at - submission.submitted_at < timedelta(minutes=1)


def test_the_audit_log_reads_the_rounds(org, alice, buyer, member, client_for):
    from django.urls import reverse

    tender = make_reviewable_tender(org, buyer)
    submission = submit(tender, actor=buyer)
    advise(submission, actor=member, verdict="revise", summary="Hoger", advice=_revise_all(tender))

    page = client_for(alice).get(reverse("portal:audit", kwargs={"org_slug": org.slug}))

    assert page.status_code == 200
    assert page.content.decode().count("Schoonmaak, ronde 1") == 2
