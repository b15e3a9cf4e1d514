"""What follows a change in the ledger lines (issue 16, item 3): the apps above spend hear of it
through the hooks they registered, and the kept figures are computed by the job that made the
change, so the first page after it only reads."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from impactinkoop.core.background import execute_job
from impactinkoop.core.models import Job
from impactinkoop.registry.models import Company, Qualification
from impactinkoop.spend import changes
from impactinkoop.spend.baseline.figures import (
    as_json,
    compute,
    data_version,
    figures_for,
    warm_figures,
)
from impactinkoop.spend.baseline.periods import Period
from impactinkoop.spend.changes import REFRESH, after_lines_changed
from impactinkoop.spend.linking.links import decide, match_suppliers
from impactinkoop.spend.models import BaselineFigures, LedgerImport, SupplierMatch

from .test_baseline import LEDGER
from .test_concurrency import checked_import, commit
from .test_importing import import_text
from .test_linking import world  # noqa: F401 - suppliers with proposals to decide


@pytest.fixture
def heard():
    """A hook of an app above spend, registered for one test."""
    calls = []

    def hook(organisation):
        calls.append(organisation.pk)

    after_lines_changed(hook)
    yield calls
    changes._HOOKS.remove(hook)


def writes(captured) -> list[str]:
    return [
        query["sql"]
        for query in captured.captured_queries
        if query["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]


def test_the_catalogue_registers_its_reconciliation_once():
    from impactinkoop.catalogue.purchases import reconcile

    assert changes._HOOKS.count(reconcile) == 1
    after_lines_changed(reconcile)  # a second ready() in a test run
    assert changes._HOOKS.count(reconcile) == 1


def test_an_import_runs_the_hooks_and_keeps_the_figures(
    client_for, org, alice, heard, django_capture_on_commit_callbacks
):
    client = client_for(alice)
    ledger_import = checked_import(client, org, capture=django_capture_on_commit_callbacks)
    assert heard == []  # checking changes no lines
    with django_capture_on_commit_callbacks(execute=True):
        commit(client, org, ledger_import)
    assert heard == [org.pk]
    kept = BaselineFigures.objects.filter(organisation=org)
    assert {row.data_version for row in kept} == {data_version(org)}
    # The first dashboard after the import reads what the job kept and writes nothing.
    with CaptureQueriesContext(connection) as captured:
        page = client.get(reverse("spend:baseline", args=[org.slug]) + "?year=2025")
    assert page.status_code == 200
    assert writes(captured) == []


def test_the_import_command_queues_the_same_work_for_the_worker(org, heard, tmp_path):
    path = tmp_path / "grootboek.csv"
    path.write_text(LEDGER, encoding="utf-8")
    call_command("import_ledger", str(path), org=org.slug, json=True, stdout=io.StringIO())
    job = Job.objects.get(kind=REFRESH)
    assert job.state == Job.State.QUEUED  # for the worker, as the wizard's import queues it
    assert heard == []
    execute_job(job.pk)
    assert heard == [org.pk]
    assert (
        BaselineFigures.objects.filter(organisation=org, data_version=data_version(org)).count()
        == 4
    )


def test_deleting_an_import_queues_one_refresh(
    client_for, org, alice, heard, django_capture_on_commit_callbacks
):
    client = client_for(alice)
    ledger_import = checked_import(client, org, capture=django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        commit(client, org, ledger_import)
    heard.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("spend:import_delete", args=[org.slug, ledger_import.pk]))
    assert LedgerImport.objects.get().state == "deleted"
    refresh = Job.objects.get(kind=REFRESH)
    assert (refresh.state, refresh.message) == (Job.State.SUCCEEDED, "Uitgavencijfers bijgewerkt")
    assert heard == [org.pk]


@pytest.mark.usefixtures("world")
def test_a_run_of_decisions_queues_one_refresh_while_it_waits(org, heard):
    match_suppliers(organisation=org, actor="test")
    proposals = list(SupplierMatch.objects.filter(state=SupplierMatch.State.PROPOSED))
    assert len(proposals) == 2
    for proposal in proposals:
        decide(actor=None, proposal=proposal, accept=False)
    assert Job.objects.filter(kind=REFRESH, state=Job.State.QUEUED).count() == 1


def test_warming_keeps_in_every_language_what_computing_in_it_gives(org):
    werkplaats = Company.objects.create(kvk_number="01234567", name="De Werkplaats B.V.")
    Qualification.objects.create(company=werkplaats, source="code_so", valid_from="2020-01-01")
    import_text(org, LEDGER)
    # Without department, cost centre or category: "(not given)" in the reader's language.
    import_text(org, "Crediteur;Factuurdatum;Bedrag\nIemand;01-02-2025;10,00\n", name="b.csv")
    assert warm_figures(org) == 4  # 2024 and 2025, in Dutch and English
    assert warm_figures(org) == 0  # the same data: nothing to do
    for language in ("nl", "en"):
        with translation.override(language):
            kept = BaselineFigures.objects.get(
                organisation=org, period_start="2025-01-01", language=language
            ).figures
            assert "" in kept.pop("breakdowns")  # the drill-down's, in no language
            assert kept == as_json(compute(org, Period.year(2025)))


def test_a_computation_reads_the_policy_once(org):
    import_text(org, LEDGER)
    with CaptureQueriesContext(connection) as captured:
        figures_for(org, Period.year(2025))
    policy_reads = [q for q in captured.captured_queries if "registry_registerpolicy" in q["sql"]]
    assert len(policy_reads) == 1
    assert figures_for(org, Period.year(2025))["total_spend"] == "2484.59"  # as kept: JSON text


def test_another_policy_keeps_the_figures_under_it(org, alice, django_capture_on_commit_callbacks):
    from impactinkoop.registry.services import set_policy

    set_policy(actor=alice, organisation=org, accepted=["code_so:"])
    assert not Job.objects.filter(kind=REFRESH).exists()  # no ledger: nothing kept to redo
    import_text(org, LEDGER)
    with django_capture_on_commit_callbacks(execute=True):
        set_policy(actor=alice, organisation=org, accepted=["pso:pso_2"])
    assert Job.objects.get(kind=REFRESH).state == Job.State.SUCCEEDED
    assert (
        BaselineFigures.objects.filter(organisation=org, data_version=data_version(org)).count()
        == 4
    )


def test_a_busy_sqlite_skips_its_statistics_instead_of_failing_the_follow_up(monkeypatch):
    """Two workers on one SQLite file (issue 16, item 6): `PRAGMA optimize` waited for the other
    worker's import past the busy timeout and failed the follow-up; it is an optimisation."""
    from contextlib import contextmanager
    from types import SimpleNamespace

    from django.db import OperationalError

    from impactinkoop.spend.imports import summary

    class BusyCursor:
        def execute(self, sql):
            raise OperationalError("database is locked")

    @contextmanager
    def cursor():
        yield BusyCursor()

    monkeypatch.setattr(summary, "connection", SimpleNamespace(vendor="sqlite", cursor=cursor))
    summary.refresh_statistics()  # no exception: the follow-up goes on
