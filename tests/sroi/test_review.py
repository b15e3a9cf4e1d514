"""The officer's review (accept, reject with a reason, answer, split), a participant counted
once across obligations, who sees realisations, and the retention period."""

from datetime import date, timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from impactinkoop.accounts.roles import Role
from impactinkoop.core.models import AuditEntry
from impactinkoop.sroi import queries, review
from impactinkoop.sroi.models import Realisation, RealisationEvent
from impactinkoop.sroi.services import create_obligation
from tests.contracts.helpers import make_contract
from tests.factories import make_member

from .helpers import block, edition, obligation_under

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 1)
WW = "WW-uitkering"  # 20.000 a year in "utrecht-current"


@pytest.fixture
def officer(org):
    return make_member(org, "priya@voorbeeldstad.example", Role.SROI_OFFICER, full_name="Priya")


@pytest.fixture
def contractor(org):
    from tests.factories import make_user

    return make_user("leverancier@voorbeeldstad.example", full_name="Lex Leverancier")


def url(name, org, *args):
    return reverse(f"sroi:{name}", args=[org.slug, *args])


def second_obligation(org, title="Groenonderhoud"):
    contract = make_contract(
        org,
        title,
        awarded_value="1000000",
        social_return=True,
        social_return_percentage=Decimal("5.00"),
        start_date=date(2025, 1, 1),
        end_date=date(2027, 12, 31),
    )
    return create_obligation(contract, actor="test", rule_set=edition(org, "utrecht-current"))


def placement(obligation, code="SR-DUBBEL", start=date(2025, 1, 1), end=date(2025, 12, 31), **kw):
    fields = {
        "kind": "placement",
        "participant_code": code,
        "hours_per_week": Decimal("36"),
        "start_date": start,
        "end_date": end,
        "age_band": "under_27",
        "residence": "Voorbeeldstad",
        **kw,
    }
    return Realisation.objects.create(
        obligation=obligation, block=block(obligation.rule_set, WW), **fields
    )


def submitted(obligation, contractor, **kw):
    found = placement(obligation, source="contractor", **kw)
    review.submit(found, actor=contractor, message="Loonstrook bijgevoegd")
    return found


def realised(*obligations):
    found = queries.balances(list(obligations), TODAY)
    return [found[obligation.pk].realised for obligation in obligations]


# The review -----------------------------------------------------------------------------------


def test_the_queue_lists_what_waits_oldest_first(org, officer, contractor, client_for):
    first = obligation_under(org, "utrecht-current")
    other = second_obligation(org)
    old = submitted(first, contractor, code="SR-OUD1")
    new = submitted(other, contractor, code="SR-NIEUW1")
    placement(first, code="SR-KLAAR1")  # the officer's own: accepted, not in the queue
    page = client_for(officer).get(url("review_queue", org))
    assert page.status_code == 200
    assert [row[0].pk for row in page.context["rows"]] == [old.pk, new.pk]
    text = page.content.decode()
    assert "Groenonderhoud" in text
    assert "SR-KLAAR1" not in text


def test_accept_reject_and_answer_keep_the_history(org, officer, contractor, client_for):
    obligation = obligation_under(org, "utrecht-current")
    found = submitted(obligation, contractor)
    client = client_for(officer)
    args = (obligation.pk, found.pk)
    assert realised(obligation) == [Decimal("0.00")]

    response = client.post(url("realisation_answer", org, *args), {"answer-message": "Welke uren?"})
    assert response.status_code == 302
    response = client.post(
        url("realisation_reject", org, *args), {"reject-reason": "Geen loonstrook"}
    )
    assert response.status_code == 302
    found.refresh_from_db()
    assert found.status == "rejected"
    review.answer(found, actor=contractor, message="Nu wel", by_contractor=True)
    review.resubmit(found, actor=contractor)
    response = client.post(url("realisation_accept", org, *args), {"accept-message": "Dank"})
    assert response.status_code == 302
    found.refresh_from_db()
    assert found.status == "accepted"
    assert realised(obligation) == [Decimal("20000.00")]

    page = client.get(url("realisation_review", org, *args))
    steps = [(step.action, step.message, step.by_contractor) for step in page.context["events"]]
    assert steps == [
        ("submitted", "Loonstrook bijgevoegd", True),
        ("answered", "Welke uren?", False),
        ("rejected", "Geen loonstrook", False),
        ("answered", "Nu wel", True),
        ("resubmitted", "", True),
        ("accepted", "Dank", False),
    ]
    text = page.content.decode()
    assert "Priya" in text and "Lex Leverancier" in text
    assert AuditEntry.objects.filter(action="sroi.realisation_rejected").count() == 1


def test_a_rejection_without_a_reason_is_refused_at_the_field(org, officer, contractor, client_for):
    obligation = obligation_under(org, "utrecht-current")
    found = submitted(obligation, contractor)
    response = client_for(officer).post(
        url("realisation_reject", org, obligation.pk, found.pk), {"reject-reason": "  "}
    )
    assert response.status_code == 400
    assert "Geef de reden van de afwijzing" in response.content.decode()
    assert "reason" in response.context["reject_form"].errors
    found.refresh_from_db()
    assert found.status == "submitted"


def test_the_old_accept_address_still_accepts(org, officer, client_for):
    obligation = obligation_under(org, "utrecht-current")
    found = placement(obligation, status="submitted")
    response = client_for(officer).post(url("realisation_accept", org, obligation.pk, found.pk))
    assert response.status_code == 302
    found.refresh_from_db()
    assert found.status == "accepted"


def test_evidence_is_shown_to_the_officer(org, officer, client_for):
    from impactinkoop.core.models import StoredFile
    from impactinkoop.sroi.models import Evidence

    obligation = obligation_under(org, "utrecht-current")
    found = placement(obligation, status="submitted")
    item = Evidence.objects.create(
        realisation=found,
        file=StoredFile.from_bytes(b"%PDF-1.4 bewijs", name="loon.pdf", organisation=org),
    )
    client = client_for(officer)
    page = client.get(url("realisation_review", org, obligation.pk, found.pk))
    evidence_url = url("realisation_evidence", org, obligation.pk, found.pk, item.pk)
    assert evidence_url in page.content.decode()
    response = client.get(evidence_url)
    assert response.status_code == 200
    assert response.content == b"%PDF-1.4 bewijs"
    assert response["Content-Security-Policy"] == "default-src 'none'"


# Double counting ------------------------------------------------------------------------------


def test_a_participant_in_two_obligations_counts_once_until_split(org, officer, client_for):
    first = obligation_under(org, "utrecht-current")
    other = second_obligation(org)
    earlier = placement(first)
    later = placement(other, start=date(2025, 12, 20), end=date(2026, 5, 31))
    assert realised(first, other) == [Decimal("20000.00"), Decimal("0.00")]

    client = client_for(officer)
    for obligation in (first, other):
        page = client.get(url("obligation", org, obligation.pk))
        assert page.context["flagged"] == 1
    text = client.get(url("obligation", org, other.pk)).content.decode()
    assert "dubbeltelling: telt 0" in text
    assert "Schoonmaak" in text  # the other obligation is named
    doubles = queries.double_counts([org])
    assert doubles[earlier.pk].counts and not doubles[later.pk].counts

    refused = client.post(url("realisation_split", org, other.pk, later.pk), {"split-reason": ""})
    assert refused.status_code == 400
    response = client.post(
        url("realisation_split", org, other.pk, later.pk),
        {"split-reason": "Twee deeltijdbanen bij twee opdrachtnemers"},
    )
    assert response.status_code == 302
    later.refresh_from_db()
    assert later.split
    # 20.000 x 36/36 x 5,39/12: 20 December to 20 May is 5 months, then 12/31 of May.
    assert realised(first, other) == [Decimal("20000.00"), Decimal("8983.33")]
    assert later.events.filter(action=RealisationEvent.Action.SPLIT).exists()
    assert AuditEntry.objects.filter(action="sroi.realisation_split").count() == 1
    # Settled on both sides: no warning left, and each says it was split.
    doubles = queries.double_counts([org])
    assert doubles[earlier.pk].split and doubles[later.pk].split
    for obligation in (first, other):
        assert client.get(url("obligation", org, obligation.pk)).context["flagged"] == 0


def test_what_is_not_a_double_count(org, contractor):
    first = obligation_under(org, "utrecht-current")
    other = second_obligation(org)
    placement(first, code="SR-A1", end=date(2025, 6, 30))
    placement(other, code="SR-A1", start=date(2025, 7, 1))  # the months do not overlap
    placement(first, code="SR-B1")
    placement(first, code="SR-B1", start=date(2025, 3, 1))  # the same obligation
    placement(first, code="SR-C1")
    placement(other, code="SR-C1", status="rejected")  # rejected
    placement(first, code="")
    placement(other, code="")  # no code (reduced)
    assert queries.double_counts([org]) == {}


def test_the_one_accepted_first_counts(org, officer, contractor, client_for):
    first = obligation_under(org, "utrecht-current")
    other = second_obligation(org)
    waiting = submitted(first, contractor)  # reported first, accepted later
    accepted = placement(other)
    doubles = queries.double_counts([org])
    assert doubles[accepted.pk].counts and not doubles[waiting.pk].counts
    # Waiting and a double count: nothing pending, a badge in the queue.
    assert queries.balances([first], TODAY)[first.pk].pending == Decimal("0.00")
    page = client_for(officer).get(url("review_queue", org))
    assert "dubbeltelling" in page.content.decode()
    review.accept(waiting, actor=officer)
    assert realised(first, other) == [Decimal("0.00"), Decimal("20000.00")]


def test_plan_goals_ignore_pending_rejected_and_double_counts(org, contractor):
    from impactinkoop.plans.models import Metric
    from impactinkoop.plans.progress import measure

    first = obligation_under(org, "utrecht-current")
    other = second_obligation(org)
    placement(first, code="SR-P1")  # 20.000 in 2025
    placement(other, code="SR-P1")  # the same person: counts 0
    submitted(first, contractor, code="SR-P2")  # waiting
    rejected = submitted(other, contractor, code="SR-P3")
    review.reject(rejected, actor="test", reason="Geen bewijs")
    assert measure(org, Metric.SROI_VALUE, 2025, TODAY).value == Decimal("20000.00")
    assert measure(org, Metric.SROI_JOBS, 2025, TODAY).value == 1

    later = Realisation.objects.get(obligation=other, participant_code="SR-P1")
    review.split(later, actor="test", reason="Twee banen")
    assert measure(org, Metric.SROI_VALUE, 2025, TODAY).value == Decimal("40000.00")
    assert measure(org, Metric.SROI_JOBS, 2025, TODAY).value == 1  # still one person


# Who sees realisations ------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.VIEWER, Role.BUYER, Role.ADMIN, Role.COORDINATOR])
def test_only_the_officers_see_participant_codes(org, contractor, client_for, role):
    first = obligation_under(org, "utrecht-current")
    other = second_obligation(org)
    placement(first)
    placement(other)
    found = submitted(first, contractor, code="SR-WACHT1")
    client = client_for(make_member(org, f"{role}@voorbeeldstad.example", role))
    pages = [
        url("obligations", org),
        url("obligation", org, first.pk),
        url("obligation", org, other.pk),
        url("rule_sets", org),
        url("rule_set", org, first.rule_set.pk),
        reverse("contracts:contracts", args=[org.slug]),
        reverse("contracts:contract", args=[org.slug, first.contract.pk]),
    ]
    for address in pages:
        response = client.get(address)
        assert response.status_code == 200, address
        text = response.content.decode()
        assert "SR-DUBBEL" not in text and "SR-WACHT1" not in text, address
    detail = client.get(url("obligation", org, first.pk))
    assert detail.context["balance"].realised == Decimal("20000.00")  # the aggregate stays
    for address in (
        url("review_queue", org),
        url("realisation_new", org, first.pk),
        url("realisation_review", org, first.pk, found.pk),
    ):
        assert client.get(address).status_code == 403, address


def test_the_officer_sees_the_rows(org, officer, client_for):
    obligation = obligation_under(org, "utrecht-current")
    placement(obligation)
    text = client_for(officer).get(url("obligation", org, obligation.pk)).content.decode()
    assert "SR-DUBBEL" in text


def test_purchases_stand_beside_the_baseline_never_added(org, officer, client_for):
    obligation = obligation_under(org, "utrecht-current")
    Realisation.objects.create(
        obligation=obligation,
        kind="purchase",
        block=block(obligation.rule_set, "Inkopen bij sociale bedrijven"),
        invoice_number="F-1",
        amount_excl_vat=Decimal("1000"),
        start_date=date(2025, 3, 1),
        end_date=date(2025, 3, 1),
    )
    viewer = make_member(org, "vera@voorbeeldstad.example", Role.VIEWER)
    for user in (officer, viewer):
        for address in (url("obligations", org), url("obligation", org, obligation.pk)):
            page = client_for(user).get(address)
            assert page.context["purchases"] == Decimal("1000.00")
            assert "nooit bij" in page.content.decode()
            assert "opgeteld" in page.content.decode()


# Retention ------------------------------------------------------------------------------------


def test_reduction_after_the_retention_period_keeps_the_counts(org, settings, contractor):
    from impactinkoop.plans.models import Metric
    from impactinkoop.plans.progress import measure

    settings.SROI_RETENTION_MONTHS = 6
    first = obligation_under(org, "utrecht-current", end=date(2025, 12, 31))
    other = second_obligation(org)  # ends 2027: not reduced
    kept = placement(other, code="SR-DUBBEL", start=date(2025, 6, 1))  # accepted first
    gone = placement(first)  # the same person later: counts 0
    placement(first, code="SR-R2", start=date(2025, 3, 1), end=date(2025, 8, 31))
    rejected = submitted(first, contractor, code="SR-R3")
    review.reject(rejected, actor="test", reason="Geen bewijs")

    def totals():
        return (
            realised(first, other),
            measure(org, Metric.SROI_VALUE, 2025, TODAY).value,
            measure(org, Metric.SROI_JOBS, 2025, TODAY).value,
        )

    from impactinkoop.core.models import StoredFile
    from impactinkoop.sroi.models import Evidence

    payslip = StoredFile.from_bytes(b"%PDF-1.4 loonstrook", name="loon.pdf", organisation=org)
    Evidence.objects.create(realisation=gone, file=payslip)
    kept_file = StoredFile.from_bytes(b"%PDF-1.4 contract", name="c.pdf", organisation=org)
    Evidence.objects.create(realisation=kept, file=kept_file)

    before = totals()
    assert before[0] == [Decimal("10000.00"), Decimal("11666.67")]
    assert before[2] == 2

    told = StringIO()
    call_command("reduce_sroi_participants", "--dry-run", stdout=told)
    assert f"would reduce 3 realisations of obligation {first.pk}" in told.getvalue()
    assert Realisation.objects.filter(reduced_at__isnull=False).count() == 0

    call_command("reduce_sroi_participants", stdout=StringIO())
    assert totals() == before
    gone.refresh_from_db()
    kept.refresh_from_db()
    assert (gone.participant_code, gone.age_band, gone.residence) == ("", "", "")
    assert gone.reduced_at is not None and gone.counted_elsewhere
    assert kept.participant_code == "SR-DUBBEL" and kept.reduced_at is None
    assert first.realisations.filter(reduced_at__isnull=True).count() == 0
    # The pay slip names the person: it goes; the other obligation's evidence stays.
    assert not StoredFile.objects.filter(pk=payslip.pk).exists()
    assert list(Evidence.objects.values_list("file_id", flat=True)) == [kept_file.pk]
    assert RealisationEvent.objects.filter(action="reduced").count() == 3
    assert AuditEntry.objects.filter(action="sroi.participants_reduced").count() == 1

    told = StringIO()
    call_command("reduce_sroi_participants", stdout=told)  # idempotent
    assert "nothing to reduce" in told.getvalue()
    assert RealisationEvent.objects.filter(action="reduced").count() == 3
    assert AuditEntry.objects.filter(action="sroi.participants_reduced").count() == 1
    assert totals() == before


def test_no_field_for_names_bsn_or_birth_dates():
    names = {field.name for field in Realisation._meta.get_fields()}
    for forbidden in ("name", "bsn", "birth", "born", "address", "first_name", "last_name"):
        assert not any(forbidden in name for name in names), forbidden


def test_the_review_speaks_english_too(org, contractor, client_for):
    english = make_member(org, "sam@voorbeeldstad.example", Role.SROI_OFFICER, language="en")
    first = obligation_under(org, "utrecht-current")
    other = second_obligation(org)
    placement(first)
    later = submitted(other, contractor)
    client = client_for(english)
    queue = client.get(url("review_queue", org)).content.decode()
    assert "1 realisation waits for review" in queue
    assert "double count: counts 0" in queue
    response = client.post(url("realisation_reject", org, other.pk, later.pk), {})
    assert response.status_code == 400
    assert (
        "Give the reason for the rejection: the contractor reads it." in response.content.decode()
    )


def test_the_reduction_runs_every_day_with_the_worker(org, settings):
    from impactinkoop.core import schedule

    settings.SROI_RETENTION_MONTHS = 6
    first = obligation_under(org, "utrecht-current", end=date(2025, 12, 31))
    placement(first, code="SR-R9", start=date(2025, 3, 1), end=date(2025, 8, 31))
    assert schedule.registered()["sroi.retention"].every == timedelta(days=1)
    ran = schedule.run_due()
    assert "sroi.retention" in ran
    assert not Realisation.objects.filter(participant_code="SR-R9").exists()
    assert Realisation.objects.filter(obligation=first, reduced_at__isnull=False).count() == 1
