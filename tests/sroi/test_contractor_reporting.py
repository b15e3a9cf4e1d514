"""The contractor reports realisations with evidence, reads the officer's answers, answers, and
changes and resubmits a rejected one; evidence only for itself and the organisation's officers."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from impactinkoop.accounts.roles import Role
from impactinkoop.sroi import review
from impactinkoop.sroi.models import (
    Block,
    Evidence,
    Realisation,
    RealisationEvent,
    ReviewStatus,
    Source,
)
from tests.factories import make_member

from .contractors import PDF
from .helpers import block, edition

pytestmark = pytest.mark.django_db

REPORT = reverse("sroi:contractor_report")


def pdf(name="contract.pdf", data=PDF):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def placement(obligation, **changes):
    data = {
        "obligation": obligation.pk,
        "kind": "placement",
        "block": block(obligation.rule_set, "WW-uitkering").pk,
        "participant_code": "SR-24-AB12",
        "hours_per_week": "24",
        "start_date": "2025-02-01",
        "end_date": "2025-07-31",
        "target_group": "ww",
        "evidence": [pdf()],
    }
    data.update(changes)
    return data


def test_the_form_offers_only_its_own_obligations_grouped_by_organisation(
    obligations, contractor, client_for
):
    form = client_for(contractor).get(REPORT).context["form"]
    assert list(form.fields["obligation"].queryset) == [obligations["ours"]]
    ours = obligations["ours"]
    assert list(form.fields["obligation"].choices) == [
        ("Gemeente Voorbeeldstad", [(ours.pk, f"Bouw stadhuis ({ours.contract.reference})")])
    ]


def test_a_placement_with_evidence_waits_for_review(obligations, contractor, company_x, client_for):
    client = client_for(contractor)
    response = client.post(REPORT, placement(obligations["ours"]))
    assert response.status_code == 302
    realisation = Realisation.objects.get()
    assert response.url == reverse("sroi:contractor_realisation", args=[realisation.pk])
    assert (realisation.status, realisation.source, realisation.company) == (
        ReviewStatus.SUBMITTED,
        Source.CONTRACTOR,
        company_x,
    )
    assert realisation.submitted_at is not None
    assert realisation.events.get().action == RealisationEvent.Action.SUBMITTED
    evidence = Evidence.objects.get(realisation=realisation)
    assert (evidence.file.name, bytes(evidence.file.data)) == ("contract.pdf", PDF)
    assert evidence.file.organisation == obligations["ours"].organisation
    home = client.get(reverse("sroi:contractor_home")).context["rows"][0]["balance"]
    assert home.pending == Decimal("6666.67")  # 20.000 x 24/36 x 6/12
    assert home.accepted == Decimal("0.00")


def test_a_purchase_with_two_files(obligations, contractor, client_for):
    data = {
        "obligation": obligations["ours"].pk,
        "kind": "purchase",
        "block": block(obligations["ours"].rule_set, "Inkopen bij sociale bedrijven").pk,
        "invoice_number": "F-2025-1",
        "amount_excl_vat": "1.234,56",
        "kvk_number": "12345678",
        "start_date": "2025-03-01",
        "evidence": [pdf("factuur.pdf"), pdf("betaling.png", b"\x89PNG\r\n\x1a\nxx")],
    }
    assert client_for(contractor).post(REPORT, data).status_code == 302
    realisation = Realisation.objects.get()
    assert realisation.status == ReviewStatus.SUBMITTED
    assert realisation.end_date == realisation.start_date
    assert sorted(e.file.name for e in realisation.evidence.all()) == [
        "betaling.png",
        "factuur.pdf",
    ]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"evidence": [pdf("bewijs.exe", b"MZ\x90\x00 programma")]}, "evidence", "geen PDF"),
        ({"hours_per_week": "61"}, "hours_per_week", "tussen 0 en 60"),
        ({"participant_code": "123456782"}, "participant_code", "burgerservicenummer"),
        ({"end_date": "2028-03-31"}, "end_date", "buiten de verplichting"),
    ],
)
def test_bad_reports_are_refused_at_the_field(
    obligations, contractor, client_for, changes, field, message
):
    response = client_for(contractor).post(REPORT, placement(obligations["ours"], **changes))
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert not Realisation.objects.exists()
    assert not Evidence.objects.exists()


@override_settings(EVIDENCE_MAX_BYTES=10)
def test_a_file_too_large_is_refused_at_the_field(obligations, contractor, client_for):
    response = client_for(contractor).post(REPORT, placement(obligations["ours"]))
    assert response.status_code == 400
    errors = " ".join(response.context["form"].errors["evidence"])
    assert "contract.pdf" in errors
    assert "MB" in errors
    assert not Realisation.objects.exists()


def test_a_block_of_another_edition_is_refused(org, obligations, contractor, client_for):
    other = block(edition(org, "utrecht-2018"), "WW > 1 jaar")
    response = client_for(contractor).post(REPORT, placement(obligations["ours"], block=other.pk))
    assert response.status_code == 400
    assert "block" in response.context["form"].errors


@pytest.mark.parametrize("which", ["other_company", "other_organisation"])
def test_an_obligation_outside_its_scope_cannot_be_chosen(
    which, obligations, contractor, client_for
):
    response = client_for(contractor).post(REPORT, placement(obligations[which]))
    assert response.status_code == 400
    assert "obligation" in response.context["form"].errors
    assert not Realisation.objects.exists()


def test_english(obligations, contractor, client_for):
    contractor.language = "en"
    contractor.save()
    response = client_for(contractor).post(
        REPORT, placement(obligations["ours"], hours_per_week="70")
    )
    assert "between 0 and 60" in " ".join(response.context["form"].errors["hours_per_week"])


@pytest.fixture
def submitted(obligations, contractor, client_for):
    client_for(contractor).post(REPORT, placement(obligations["ours"]))
    return Realisation.objects.get()


def test_reject_answer_and_resubmit(submitted, officer, contractor, client_for):
    review.reject(submitted, actor=officer, reason="Het contract ontbreekt in het bewijs.")
    client = client_for(contractor)
    detail = reverse("sroi:contractor_realisation", args=[submitted.pk])
    page = client.get(detail).content.decode()
    assert "Het contract ontbreekt in het bewijs." in page
    assert reverse("sroi:contractor_resubmit", args=[submitted.pk]) in page

    answer = client.post(
        reverse("sroi:contractor_answer", args=[submitted.pk]), {"message": "Komt eraan."}
    )
    assert answer.status_code == 302
    event = submitted.events.get(action=RealisationEvent.Action.ANSWERED)
    assert (event.message, event.by_contractor, event.by) == ("Komt eraan.", True, contractor)

    resubmit = reverse("sroi:contractor_resubmit", args=[submitted.pk])
    form = client.get(resubmit).context["form"]
    assert form.fields["obligation"].disabled
    data = placement(submitted.obligation, hours_per_week="32", message="Uren aangepast.")
    data["evidence"] = [pdf("arbeidscontract.pdf")]
    response = client.post(resubmit, data)
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == ReviewStatus.SUBMITTED
    assert submitted.hours_per_week == Decimal("32")
    assert submitted.evidence.count() == 2
    assert list(submitted.events.values_list("action", flat=True)) == [
        "submitted",
        "rejected",
        "answered",
        "resubmitted",
    ]
    assert submitted.events.last().message == "Uren aangepast."


def test_resubmitting_applies_the_same_rules(submitted, officer, contractor, client_for):
    review.reject(submitted, actor=officer, reason="Te veel uren.")
    response = client_for(contractor).post(
        reverse("sroi:contractor_resubmit", args=[submitted.pk]),
        placement(submitted.obligation, hours_per_week="80"),
    )
    assert response.status_code == 400
    assert "hours_per_week" in response.context["form"].errors
    submitted.refresh_from_db()
    assert submitted.status == ReviewStatus.REJECTED


def test_only_a_rejected_realisation_can_be_resubmitted(submitted, contractor, client_for):
    response = client_for(contractor).post(
        reverse("sroi:contractor_resubmit", args=[submitted.pk]),
        placement(submitted.obligation, hours_per_week="30"),
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.hours_per_week == Decimal("24")


def test_an_empty_answer_is_refused_at_the_field(submitted, contractor, client_for):
    response = client_for(contractor).post(
        reverse("sroi:contractor_answer", args=[submitted.pk]), {"message": ""}
    )
    assert response.status_code == 400
    assert response.context["answer_form"].errors["message"]


def test_evidence_only_for_the_contractor_and_the_officers(
    org, submitted, contractor, rival, officer, bob, client_for
):
    evidence = submitted.evidence.get()
    own = reverse("sroi:contractor_evidence", args=[submitted.pk, evidence.pk])
    response = client_for(contractor).get(own)
    assert response.status_code == 200
    assert response.content == PDF
    assert response["Content-Type"] == "application/pdf"
    assert client_for(rival).get(own).status_code == 404
    officers = reverse(
        "sroi:realisation_evidence",
        args=[org.slug, submitted.obligation_id, submitted.pk, evidence.pk],
    )
    assert client_for(officer).get(officers).status_code == 200
    assert client_for(bob).get(officers).status_code == 403  # a viewer is no officer
    buyer = make_member(org, "koper@voorbeeldstad.example", Role.BUYER)
    assert client_for(buyer).get(officers).status_code == 403


def test_a_contractor_of_two_organisations_reports_once_to_one_obligation(
    org, other_org, obligations, contractor, company_x, client_for
):
    from impactinkoop.accounts.models import ContractorAccess

    ContractorAccess.grant(user=contractor, company=company_x, organisation=other_org)
    client = client_for(contractor)
    rows = client.get(reverse("sroi:contractor_home")).context["rows"]
    assert [row["obligation"] for row in rows] == [
        obligations["ours"],
        obligations["other_organisation"],
    ]
    form = client.get(REPORT).context["form"]
    groups = [group for group, _options in form.fields["obligation"].choices if group]
    assert groups == ["Gemeente Voorbeeldstad", "Waterschap Anderdorp"]
    theirs = obligations["other_organisation"]
    data = placement(theirs, block=block(theirs.rule_set, "WW-uitkering").pk)
    assert client.post(REPORT, data).status_code == 302
    realisation = Realisation.objects.get()
    assert realisation.obligation == theirs
    assert realisation.company == company_x
    # The block of one obligation's table is refused for another's with the same edition key
    # but another organisation's copy.
    data = placement(obligations["ours"], block=block(theirs.rule_set, "WW-uitkering").pk)
    response = client.post(REPORT, data)
    assert response.status_code == 400
    assert "block" in response.context["form"].errors


def test_an_age_band_without_a_bonus_is_refused(obligations, contractor, client_for):
    response = client_for(contractor).post(
        REPORT, placement(obligations["ours"], age_band="55_plus")
    )
    assert response.status_code == 400
    assert "leeftijdsgroep" in " ".join(response.context["form"].errors["age_band"])


def test_a_purchase_keeps_nothing_about_a_person(obligations, contractor, client_for):
    data = {
        "obligation": obligations["ours"].pk,
        "kind": "purchase",
        "block": block(obligations["ours"].rule_set, "Inkopen bij sociale bedrijven").pk,
        "invoice_number": "F-2025-2",
        "amount_excl_vat": "500",
        "start_date": "2025-03-01",
        "residence": "Utrecht",
        "target_group": "ww",
        "age_band": "55_plus",
    }
    assert client_for(contractor).post(REPORT, data).status_code == 302
    realisation = Realisation.objects.get()
    assert (realisation.residence, realisation.target_group, realisation.age_band) == ("", "", "")


def test_a_rejected_realisation_says_it_does_not_count(submitted, officer, contractor, client_for):
    page = reverse("sroi:contractor_realisation", args=[submitted.pk])
    client = client_for(contractor)
    assert "telt mee zodra" in client.get(page).content.decode()
    review.reject(submitted, actor=officer, reason="Het contract ontbreekt.")
    shown = client.get(page).content.decode()
    assert "telt niet mee: afgewezen" in shown
    assert "telt mee zodra" not in shown
    contractor.language = "en"
    contractor.save()
    shown = client_for(contractor).get(page).content.decode()
    assert "does not count: rejected" in shown
    assert "counts once" not in shown


def test_the_age_band_says_up_front_it_is_only_for_a_bonus(obligations, contractor, client_for):
    form = client_for(contractor).get(REPORT).context["form"]
    assert form.fields["age_band"].help_text.startswith(
        "Alleen invullen als je een bonus voor leeftijd kiest"
    )


@pytest.fixture
def two_tables(org, obligations, company_x):
    """Company X has a second obligation at Voorbeeldstad under another table."""
    from .contractors import obligation_for

    return obligation_for(org, company_x, "Bouw brug", key="utrecht-2018")


def _block_groups(form):
    return [label for label, _options in form.fields["block"].choices if label]


def test_the_blocks_are_those_of_its_own_tables_grouped_per_table(
    org, obligations, two_tables, contractor, client_for
):
    ours = obligations["ours"]
    # Voorbeeldstad has more tables than the two of X's obligations.
    client = client_for(contractor)
    response = client.get(REPORT)
    form = response.context["form"]
    assert sorted(_block_groups(form)) == sorted([ours.rule_set.name, two_tables.rule_set.name])
    shown = response.content.decode()
    assert f'<optgroup label="{ours.rule_set.name}">' in shown
    offered = {pk for _label, options in form.fields["block"].choices[1:] for pk, _n in options}
    assert offered == set(
        Block.objects.filter(rule_set__in=[ours.rule_set, two_tables.rule_set])
        .exclude(kind="bonus")
        .values_list("pk", flat=True)
    )
    # Given the obligation, only its table's blocks, and the obligation preselected.
    response = client.get(REPORT, {"obligation": two_tables.pk})
    form = response.context["form"]
    assert _block_groups(form) == [two_tables.rule_set.name]
    assert f'<option value="{two_tables.pk}" selected>' in response.content.decode()
    # Someone else's obligation in the query string narrows nothing.
    form = client.get(REPORT, {"obligation": obligations["other_company"].pk}).context["form"]
    assert len(_block_groups(form)) == 2


def test_a_block_of_its_other_table_is_refused_with_a_clear_message(
    obligations, two_tables, contractor, client_for
):
    ours = obligations["ours"]
    other = block(two_tables.rule_set, "WW > 1 jaar")
    response = client_for(contractor).post(REPORT, placement(ours, block=other.pk))
    assert response.status_code == 400
    errors = " ".join(response.context["form"].errors["block"])
    assert f"staat niet in de tabel van de verplichting ({ours.rule_set.name})" in errors
    # The form shown again offers only the chosen obligation's table.
    assert _block_groups(response.context["form"]) == [ours.rule_set.name]


def test_one_obligation_offers_only_its_table(org, obligations, contractor, client_for):
    edition(org, "utrecht-2018")
    form = client_for(contractor).get(REPORT).context["form"]
    assert _block_groups(form) == [obligations["ours"].rule_set.name]


def test_home_explains_what_the_organisation_entered_without_its_codes(
    org, obligations, submitted, officer, contractor, client_for
):
    ours = obligations["ours"]
    data = placement(ours, participant_code="SR-24-ZZ99")
    del data["obligation"], data["evidence"]
    officers = client_for(officer)
    added = officers.post(reverse("sroi:realisation_new", args=[org.slug, ours.pk]), data)
    assert added.status_code == 302
    review.accept(submitted, actor=officer)
    home = reverse("sroi:contractor_home")
    response = client_for(contractor).get(home)
    row = response.context["rows"][0]
    # The balance is the obligation's: both accepted realisations.
    assert row["balance"].accepted == Decimal("13333.34")
    assert [r.pk for r in row["realisations"]] == [submitted.pk]
    shown = response.content.decode()
    assert (
        "Het saldo telt ook 1 realisatie die de organisatie zelf invoerde (€\xa06.666,67)." in shown
    )
    assert "SR-24-ZZ99" not in shown


def test_home_shows_the_balance_as_a_list_and_the_status_in_full(
    obligations, submitted, contractor, client_for
):
    shown = client_for(contractor).get(reverse("sroi:contractor_home")).content.decode()
    assert "<th" not in shown  # no wide tables on a phone
    assert "<dt>Nog te doen</dt>" in shown
    assert "<dt>Geaccepteerd</dt>" in shown
    assert "Wacht op beoordeling</span>" in shown
    assert "organisatie zelf invoerde" not in shown
