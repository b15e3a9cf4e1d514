"""Automatic links of an earlier matching engine, checked again by the current one (issue 23): an
agreeing engine bumps them quietly; a disagreeing one asks again in the review queue with both
candidates, and the link (and the baseline) moves only after a person's decision."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from impactinkoop.core.background import execute_job
from impactinkoop.core.models import AuditEntry, Job
from impactinkoop.matching import engine
from impactinkoop.matching.engine import ENGINE_VERSION, Match
from impactinkoop.registry.models import Company, Qualification
from impactinkoop.spend.baseline.figures import compute, data_version
from impactinkoop.spend.baseline.periods import Period
from impactinkoop.spend.jobs import match_summary
from impactinkoop.spend.linking.links import company_register, match_suppliers
from impactinkoop.spend.linking.recheck import answer
from impactinkoop.spend.models import LedgerImport, MonthlySpend, Supplier, SupplierMatch
from impactinkoop.spend.services import start_matching

OLD = ENGINE_VERSION - 1


def supplier_with_spend(org, name, cents):
    ledger, _created = LedgerImport.objects.get_or_create(
        organisation=org, file_name="grootboek.csv", defaults={"file_sha256": "x"}
    )
    supplier = Supplier.objects.create(organisation=org, key=f"k:{name}", name=name)
    MonthlySpend.objects.create(
        organisation=org,
        ledger_import=ledger,
        month=date(2025, 3, 1),
        supplier=supplier,
        amount_cents=cents,
        lines=1,
    )
    return supplier


def auto_link(org, supplier, company, *, version=OLD, **fields):
    """A link as an earlier engine made it: accepted, no person, the supplier's company."""
    supplier.company = company
    supplier.save(update_fields=["company"])
    fields = {"score": 100.0, "reason": engine.SAME_NAME, **fields}
    return SupplierMatch.objects.create(
        organisation=org,
        supplier=supplier,
        company=company,
        state=SupplierMatch.State.ACCEPTED,
        decided_at=timezone.now(),
        engine_version=version,
        **fields,
    )


@pytest.fixture
def world(org):
    """A register in which the current engine must agree with one old link (the same name) and
    disagree with two: one to a company of a different name while the supplier's own name is in
    the register, one to a company of a different name with no candidate at all."""
    werkplaats = Company.objects.create(kvk_number="01234567", name="De Werkplaats B.V.")
    hendriks = Company.objects.create(kvk_number="55550000", name="Groenvoorziening Hendriks")
    poort = Company.objects.create(name="Sociaal Werkbedrijf De Poort")
    for company in (werkplaats, hendriks, poort):
        Qualification.objects.create(company=company, source="se_nl", valid_from="2020-01-01")
    agreed = supplier_with_spend(org, "STG. DE WERKPLAATS", 10000)
    challenged = supplier_with_spend(org, "De Werkplaats B.V.", 250000)
    unsure = supplier_with_spend(org, "Totaal Onbekend Installatiebedrijf", 40000)
    return {
        "companies": (werkplaats, hendriks, poort),
        "agreed": auto_link(org, agreed, werkplaats, reason="an older wording", score=97.0),
        "challenged": auto_link(org, challenged, hendriks),
        "unsure": auto_link(org, unsure, poort),
    }


def social_spend(org) -> Decimal:
    return compute(org, Period.year(2025))["social_spend"]


def test_existing_rows_and_new_rows_know_their_engine(org):
    company = Company.objects.create(kvk_number="01234567", name="De Werkplaats B.V.")
    Supplier.objects.create(organisation=org, key="n:1", name="STG. DE WERKPLAATS")
    match_suppliers(organisation=org, actor="test")
    assert SupplierMatch.objects.get(company=company).engine_version == ENGINE_VERSION


def test_an_agreeing_engine_bumps_the_link_quietly(org, world):
    link = world["agreed"]
    counts = match_suppliers(organisation=org, actor="test")
    assert (counts["rechecked"], counts["questioned"]) == (3, 2)
    link.refresh_from_db()
    assert (link.state, link.engine_version, link.recheck) == ("accepted", ENGINE_VERSION, False)
    now = company_register().match("STG. DE WERKPLAATS")
    assert (link.reason, link.score) == (now.reason, now.score)  # the current engine's
    assert link.decided_by is None  # still automatic
    assert not AuditEntry.objects.filter(
        action="spend.link_asked_again", object_id=str(link.supplier_id)
    ).exists()


def test_a_disagreeing_engine_asks_again_and_nothing_moves(org, alice, world):
    werkplaats, hendriks, poort = world["companies"]
    before_version, before_spend = data_version(org), social_spend(org)
    assert before_spend == Decimal("3000.00")
    match_suppliers(organisation=org, actor="test")
    # The links hold: the same companies, the same social spend, the same data version.
    challenged = Supplier.objects.get(pk=world["challenged"].supplier_id)
    unsure = Supplier.objects.get(pk=world["unsure"].supplier_id)
    assert (challenged.company, unsure.company) == (hendriks, poort)
    assert (social_spend(org), data_version(org)) == (before_spend, before_version)
    # Another company is now best: proposed, with the current link among the alternatives.
    proposal = SupplierMatch.objects.get(supplier=challenged, state="proposed")
    assert (proposal.company, proposal.recheck) == (werkplaats, True)
    assert proposal.engine_version == ENGINE_VERSION
    assert proposal.alternatives[0][:2] == [hendriks.pk, hendriks.name]
    old = world["challenged"]
    old.refresh_from_db()
    assert (old.state, old.engine_version, old.recheck) == ("accepted", OLD, False)
    # No candidate now: the link itself is asked, with the engine's view of it.
    asked = SupplierMatch.objects.get(pk=world["unsure"].pk)
    assert (asked.state, asked.recheck, asked.recheck_score) == ("accepted", True, None)
    assert asked.reason == engine.SAME_NAME  # why it was linked, kept
    entries = AuditEntry.objects.filter(action="spend.link_asked_again")
    assert sorted(int(e.object_id) for e in entries) == sorted([challenged.pk, unsure.pk])


def test_a_second_run_does_not_ask_again(org, world):
    match_suppliers(organisation=org, actor="test")
    rows = sorted(SupplierMatch.objects.values_list("pk", "state", "recheck", "engine_version"))
    counts = match_suppliers(organisation=org, actor="test")
    assert (counts["rechecked"], counts["questioned"]) == (0, 0)
    assert (
        sorted(SupplierMatch.objects.values_list("pk", "state", "recheck", "engine_version"))
        == rows
    )
    assert AuditEntry.objects.filter(action="spend.link_asked_again").count() == 2


def test_the_queue_shows_both_candidates_largest_spend_first(client_for, org, alice, world):
    werkplaats, hendriks, poort = world["companies"]
    match_suppliers(organisation=org, actor="test")
    client = client_for(alice)
    url = reverse("spend:matches", args=[org.slug])
    page = client.get(url)
    assert page.context["total"] == 2
    first = page.context["proposal"]
    assert first.supplier.name == "De Werkplaats B.V."  # € 2,500: the most spend
    html = page.content.decode()
    assert "utrecht-status-badge" in html and "opnieuw gevraagd" in html
    assert "Groenvoorziening Hendriks" in html and "De Werkplaats B.V." in html
    assert "Nu gekoppeld" in html
    assert "Koppeling met Groenvoorziening Hendriks houden" in html
    # The current link is no "other" company: it has its own button.
    assert hendriks not in [company for company, _score in page.context["alternatives"]]
    second = client.get(url, {"skip": "1"})
    assert second.context["proposal"].pk == world["unsure"].pk
    assert "Koppeling verwijderen" in second.content.decode()
    listed = client.get(reverse("spend:match_list", args=[org.slug]))
    html = listed.content.decode()
    assert [p.supplier.name for p in listed.context["proposals"]] == [
        "De Werkplaats B.V.",
        "Totaal Onbekend Installatiebedrijf",
    ]
    assert listed.context["asked_again"] == 2
    assert "nu gekoppeld: Groenvoorziening Hendriks" in html
    only = client.get(reverse("spend:match_list", args=[org.slug]), {"again": "1"})
    assert len(only.context["proposals"]) == 2


def test_accepting_the_new_candidate_relinks_and_retires_the_old_link(
    client_for, org, alice, world, django_capture_on_commit_callbacks
):
    werkplaats, hendriks, _poort = world["companies"]
    match_suppliers(organisation=org, actor="test")
    proposal = SupplierMatch.objects.get(state="proposed", recheck=True)
    url = reverse("spend:match_decide", args=[org.slug, proposal.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client_for(alice).post(url, {"action": "accept"})
    supplier = Supplier.objects.get(pk=proposal.supplier_id)
    assert supplier.company == werkplaats
    proposal.refresh_from_db()
    old = SupplierMatch.objects.get(pk=world["challenged"].pk)
    assert (proposal.state, proposal.decided_by, proposal.recheck) == ("accepted", alice, False)
    assert (old.state, old.decided_by) == ("rejected", alice)
    entry = AuditEntry.objects.get(action="spend.match_accepted", object_id=str(supplier.pk))
    assert entry.before["company"] == hendriks.pk and entry.after["company"] == werkplaats.pk
    assert Job.objects.filter(organisation=org, kind="spend.refresh").exists()
    # The figures follow the decision (both companies are social here: the spend stays social).
    assert social_spend(org) == Decimal("3000.00")
    assert match_suppliers(organisation=org, actor="test")["questioned"] == 0


def test_keeping_the_current_link_rejects_the_candidate_for_good(client_for, org, alice, world):
    werkplaats, hendriks, _poort = world["companies"]
    match_suppliers(organisation=org, actor="test")
    proposal = SupplierMatch.objects.get(state="proposed", recheck=True)
    client_for(alice).post(
        reverse("spend:match_decide", args=[org.slug, proposal.pk]), {"action": "reject"}
    )
    supplier = Supplier.objects.get(pk=proposal.supplier_id)
    assert supplier.company == hendriks
    proposal.refresh_from_db()
    kept = SupplierMatch.objects.get(pk=world["challenged"].pk)
    assert (proposal.state, proposal.decided_by) == ("rejected", alice)
    assert (kept.state, kept.decided_by, kept.engine_version) == ("accepted", alice, ENGINE_VERSION)
    assert AuditEntry.objects.filter(
        action="spend.link_confirmed", object_id=str(supplier.pk), actor=alice
    ).exists()
    # Decided by a person now: never asked again, the candidate never proposed again.
    SupplierMatch.objects.filter(pk=kept.pk).update(engine_version=OLD)
    assert match_suppliers(organisation=org, actor="test")["rechecked"] == 0
    assert SupplierMatch.objects.get(pk=proposal.pk).state == "rejected"


def test_a_link_to_confirm_is_kept_or_removed(client_for, org, alice, world):
    _werkplaats, _hendriks, poort = world["companies"]
    match_suppliers(organisation=org, actor="test")
    client = client_for(alice)
    asked = world["unsure"]
    client.post(reverse("spend:match_decide", args=[org.slug, asked.pk]), {"action": "accept"})
    asked.refresh_from_db()
    assert (asked.state, asked.recheck, asked.decided_by) == ("accepted", False, alice)
    assert Supplier.objects.get(pk=asked.supplier_id).company == poort
    assert AuditEntry.objects.filter(action="spend.link_confirmed").count() == 1

    # The other way: asked again, then removed.
    SupplierMatch.objects.filter(pk=asked.pk).update(recheck=True, decided_by=None)
    client.post(reverse("spend:match_decide", args=[org.slug, asked.pk]), {"action": "reject"})
    asked.refresh_from_db()
    assert (asked.state, asked.decided_by) == ("rejected", alice)
    assert Supplier.objects.get(pk=asked.supplier_id).company is None
    entry = AuditEntry.objects.get(action="spend.link_removed")
    assert (entry.before["company"], entry.after["company"]) == (poort.pk, None)
    assert social_spend(org) == Decimal("2600.00")  # the removed link no longer counts
    match_suppliers(organisation=org, actor="test")
    assert not SupplierMatch.objects.filter(supplier_id=asked.supplier_id, state="proposed")


def test_the_same_company_only_for_review_asks_to_confirm(org, alice):
    """An engine that still finds the same company, but no longer sure enough to link it."""
    company = Company.objects.create(kvk_number="55550000", name="Groenvoorziening Hendriks")
    other = Company.objects.create(kvk_number="55550001", name="Groenvoorziening Hendrikse")
    supplier = supplier_with_spend(org, "Groenvoorz. Hendrik", 5000)
    link = auto_link(org, supplier, company)

    class Unsure:
        def match_many(self, rows, context=None):
            return [
                Match(
                    name=name,
                    kvk=kvk,
                    match_kvk=company.kvk_number,
                    match_name=company.name,
                    score=88.0,
                    decision=engine.REVIEW,
                    reason=engine.ONE_LETTER + engine.BUT_RIVAL,
                    ref=company.pk,
                    alternatives=((other.pk, other.name, other.kvk_number, 86.0),),
                )
                for name, kvk in rows
            ]

        def match(self, name, kvk=""):
            return self.match_many([(name, kvk)])[0]

    counts = match_suppliers(organisation=org, actor="test", register=Unsure())
    assert counts["questioned"] == 1
    link.refresh_from_db()
    assert (link.state, link.recheck, link.recheck_score) == ("accepted", True, 88.0)
    assert link.recheck_reason == engine.ONE_LETTER + engine.BUT_RIVAL
    assert link.alternatives == [[other.pk, other.name, other.kvk_number, 86.0]]
    # Another company picked from the alternatives: relinked, the old link retired.
    answer(actor=alice, item=link, action="other", company_id=other.pk)
    supplier.refresh_from_db()
    link.refresh_from_db()
    assert supplier.company == other
    assert (link.state, link.decided_by) == ("rejected", alice)
    chosen = SupplierMatch.objects.get(supplier=supplier, company=other)
    assert (chosen.state, chosen.decided_by) == ("accepted", alice)


def test_links_a_person_decided_are_never_checked_again(org, alice):
    hendriks = Company.objects.create(kvk_number="55550000", name="Groenvoorziening Hendriks")
    Company.objects.create(kvk_number="01234567", name="De Werkplaats B.V.")
    decided = supplier_with_spend(org, "De Werkplaats B.V.", 1000)
    chosen = supplier_with_spend(org, "DE WERKPLAATS", 1000)
    auto_link(org, decided, hendriks, decided_by=alice)
    auto_link(org, chosen, hendriks, reason="chosen by a person from the candidates")
    before = sorted(SupplierMatch.objects.values_list("pk", "state", "engine_version", "recheck"))
    counts = match_suppliers(organisation=org, actor="test")
    assert (counts["rechecked"], counts["questioned"]) == (0, 0)
    after = sorted(SupplierMatch.objects.values_list("pk", "state", "engine_version", "recheck"))
    assert after == before
    assert not SupplierMatch.objects.filter(state="proposed").exists()


def test_an_old_holding_link_is_never_changed_silently(org):
    """Issue 23's example: "Finqle B.V." linked to "Finqle Companies Holding B.V." although the
    register has "Finqle B.V." itself. Whatever the engine of the day says, the link holds: it is
    confirmed (the engine agrees) or asked again, never moved."""
    holding = Company.objects.create(kvk_number="11110000", name="Finqle Companies Holding B.V.")
    Company.objects.create(kvk_number="11110001", name="Finqle B.V.")
    supplier = supplier_with_spend(org, "Finqle B.V.", 1000)
    link = auto_link(org, supplier, holding)
    counts = match_suppliers(organisation=org, actor="test")
    supplier.refresh_from_db()
    link.refresh_from_db()
    assert supplier.company == holding and link.state == "accepted"
    questioned = SupplierMatch.objects.filter(supplier=supplier, recheck=True).exists()
    assert counts["questioned"] == int(questioned)
    assert questioned or link.engine_version == ENGINE_VERSION


def test_bulk_reject_answers_items_asked_again(client_for, org, alice, world):
    werkplaats, hendriks, poort = world["companies"]
    match_suppliers(organisation=org, actor="test")
    challenge = SupplierMatch.objects.get(state="proposed", recheck=True)
    response = client_for(alice).post(
        reverse("spend:match_reject", args=[org.slug]),
        {"proposal": [challenge.pk, world["unsure"].pk], "again": "1"},
    )
    assert response.url == reverse("spend:match_list", args=[org.slug]) + "?again=1"
    # Rejecting a candidate keeps the current link; rejecting a link to confirm removes it.
    assert Supplier.objects.get(pk=challenge.supplier_id).company == hendriks
    assert Supplier.objects.get(pk=world["unsure"].supplier_id).company is None
    assert SupplierMatch.objects.get(pk=challenge.pk).state == "rejected"
    assert SupplierMatch.objects.get(pk=world["challenged"].pk).decided_by == alice
    assert not SupplierMatch.objects.filter(recheck=True).exists()


def test_outsiders_and_viewers_cannot_answer(client_for, org, alice, bob, charlie, world):
    match_suppliers(organisation=org, actor="test")
    for item in SupplierMatch.objects.filter(recheck=True):
        url = reverse("spend:match_decide", args=[org.slug, item.pk])
        assert client_for(charlie).post(url, {"action": "accept"}).status_code == 404
        assert client_for(bob).post(url, {"action": "reject"}).status_code == 403
    reject = reverse("spend:match_reject", args=[org.slug])
    assert client_for(charlie).post(reject, {"proposal": [world["unsure"].pk]}).status_code == 404
    assert SupplierMatch.objects.filter(recheck=True).count() == 2
    assert Supplier.objects.get(pk=world["unsure"].supplier_id).company is not None


def test_the_matching_job_says_how_many_links_were_checked_again(
    org, alice, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = start_matching(actor=alice, organisation=org)
    job = Job.objects.get(pk=job.pk)
    assert (job.result["rechecked"], job.result["questioned"]) == (3, 2)
    assert job.message.endswith(
        "3 automatische koppelingen van een eerder koppelmechanisme opnieuw gecontroleerd: "
        "2 opnieuw gevraagd in de beoordelingslijst (de koppeling blijft staan tot iemand "
        "beslist), de andere bevestigd."
    )
    again = start_matching(actor=alice, organisation=org)
    execute_job(again.pk)
    again.refresh_from_db()
    assert again.result["waiting"] == 2
    assert "opnieuw gecontroleerd" not in again.message
    assert "checked again" not in match_summary({"suppliers": 0, "auto": 0, "review": 0, "none": 0})


@pytest.mark.django_db(transaction=True)
def test_links_made_before_engine_versions_count_as_version_one():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.migrate([("spend", "0006_import_currency")])
    apps = executor.loader.project_state([("spend", "0006_import_currency")]).apps
    organisation = apps.get_model("accounts", "Organisation").objects.create(
        name="Gemeente Oudstad", slug="oudstad"
    )
    company = apps.get_model("registry", "Company").objects.create(name="De Werkplaats B.V.")
    supplier = apps.get_model("spend", "Supplier").objects.create(
        organisation=organisation, key="n:1", name="DE WERKPLAATS", company_id=company.pk
    )
    link = apps.get_model("spend", "SupplierMatch").objects.create(
        organisation=organisation,
        supplier=supplier,
        company=company,
        state="accepted",
        score=100.0,
        reason="x",
    )
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    migrated = SupplierMatch.objects.get(pk=link.pk)
    assert (migrated.engine_version, migrated.recheck) == (1, False)
    new = SupplierMatch.objects.create(
        organisation_id=organisation.pk,
        supplier_id=supplier.pk,
        company=Company.objects.create(name="Ander B.V."),
        score=90.0,
        reason="x",
    )
    assert new.engine_version == ENGINE_VERSION


def test_the_command_says_how_many_links_were_checked_again(org, world, capsys):
    from django.core.management import call_command

    call_command("match_suppliers", "--org", org.slug)
    out = capsys.readouterr().out
    assert "3 automatic links of an earlier engine checked again, 2 asked again" in out
