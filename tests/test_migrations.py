"""Migrations: they match the models, no two apps' migrations need each other, and a database
from before issue 16 (when the department was spend's) upgrades with its rows and links."""

from collections import defaultdict
from datetime import date

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.test import override_settings

from impactinkoop.accounts.models import Department, Membership
from impactinkoop.plans.models import Action, AmbitionSession
from impactinkoop.spend.models import LedgerLine, MonthlySpend

PROJECT_APPS = {
    "core",
    "accounts",
    "registry",
    "spend",
    "catalogue",
    "contracts",
    "sroi",
    "plans",
    "portal",
    "tenderboard",
    "conversations",
}

BEFORE_16_MODULES = {
    **{app: f"tests.migrations_before_16.{app}" for app in ("accounts", "spend", "plans")},
    "contracts": None,  # came after issue 16: no migrations in a database from before it
    "sroi": None,
    "tenderboard": None,  # issue 20, likewise
    "conversations": None,
    "reports": None,  # issue 24, likewise
    "peers": None,  # issue 25, likewise
    "api": None,  # issue 26, likewise
    "signin": None,  # issue 27, likewise
    "sso": None,
    "otp_totp": None,  # django-otp's, added with issue 27
    "otp_static": None,
}
BEFORE_16_LEAVES = [
    ("accounts", "0002_membership_department"),
    ("core", "0003_job_lease"),
    ("spend", "0006_import_currency"),
    ("plans", "0002_national_themes"),
]


def test_the_models_need_no_new_migration(db):
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_no_app_needs_its_own_migrations_through_another_app():
    """A fresh install orders the apps' migrations one way: no app's migrations depend, directly
    or through other apps, on an app whose migrations depend on it."""
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    needs: dict[str, set[str]] = defaultdict(set)
    for (app, _name), node in graph.node_map.items():
        for parent in node.parents:
            if app != parent.key[0] and {app, parent.key[0]} <= PROJECT_APPS:
                needs[app].add(parent.key[0])
    assert "spend" not in needs["accounts"]
    for app in PROJECT_APPS:
        reached, todo = set(), list(needs[app])
        while todo:
            other = todo.pop()
            if other not in reached:
                reached.add(other)
                todo.extend(needs[other])
        assert app not in reached, f"{app}'s migrations need themselves through {sorted(reached)}"


def _foreign_key_target(table: str, column: str) -> tuple[str, str] | None:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    for constraint in constraints.values():
        if constraint["columns"] == [column] and constraint["foreign_key"]:
            return tuple(constraint["foreign_key"])
    return None


@pytest.mark.django_db(transaction=True)
def test_a_database_from_before_issue_16_keeps_its_departments_and_every_link_to_them():
    # Given a database migrated by the migrations as they were, with a department in spend
    # that a membership, a plan action, an ambition session and ledger figures point at.
    MigrationExecutor(connection).migrate([("accounts", "0001_initial")])
    with override_settings(MIGRATION_MODULES=BEFORE_16_MODULES):
        before = MigrationExecutor(connection)
        before.migrate(BEFORE_16_LEAVES)
        apps = before.loader.project_state().apps
    assert "spend_department" in connection.introspection.table_names()
    organisation = apps.get_model("accounts", "Organisation").objects.create(
        name="Gemeente Oudstad", slug="oudstad"
    )
    user = apps.get_model("accounts", "User").objects.create(email="budget@oudstad.example")
    old_department = apps.get_model("spend", "Department")
    social = old_department.objects.create(organisation=organisation, name="Sociaal Domein")
    space = old_department.objects.create(organisation=organisation, name="Ruimte")
    membership = apps.get_model("accounts", "Membership").objects.create(
        user=user, organisation=organisation, role="budget_holder", department=social
    )
    action = apps.get_model("plans", "Action").objects.create(
        organisation=organisation, title="Koffie", due=date(2026, 6, 1), department=social
    )
    session = apps.get_model("plans", "AmbitionSession").objects.create(
        organisation=organisation, title="Sessie", held_on=date(2026, 2, 1), department=space
    )
    ledger_import = apps.get_model("spend", "LedgerImport").objects.create(
        organisation=organisation, file_name="grootboek.csv"
    )
    supplier = apps.get_model("spend", "Supplier").objects.create(
        organisation=organisation, key="n:1", name="Groen BV", ledger_number="1"
    )
    line = apps.get_model("spend", "LedgerLine").objects.create(
        organisation=organisation,
        ledger_import=ledger_import,
        line_number=2,
        supplier=supplier,
        date=date(2025, 3, 4),
        amount_cents=12345,
        department=space,
    )
    month = apps.get_model("spend", "MonthlySpend").objects.create(
        organisation=organisation,
        ledger_import=ledger_import,
        month=date(2025, 3, 1),
        supplier=supplier,
        department=space,
        amount_cents=12345,
        lines=1,
    )

    # When it is migrated by today's migrations
    after = MigrationExecutor(connection)
    after.loader.check_consistent_history(connection)
    after.migrate(after.loader.graph.leaf_nodes())

    # Then the departments are accounts' under their own table, with the same rows and ids,
    # and everything that pointed at them still does.
    tables = connection.introspection.table_names()
    assert "accounts_department" in tables and "spend_department" not in tables
    assert list(
        Department.objects.filter(organisation_id=organisation.pk).values_list("pk", "name")
    ) == [(space.pk, "Ruimte"), (social.pk, "Sociaal Domein")]
    assert Membership.objects.get(pk=membership.pk).department.name == "Sociaal Domein"
    assert Action.objects.get(pk=action.pk).department_id == social.pk
    assert AmbitionSession.objects.get(pk=session.pk).department_id == space.pk
    assert LedgerLine.objects.get(pk=line.pk).department_id == space.pk
    assert MonthlySpend.objects.get(pk=month.pk).department_id == space.pk
    # The database's own foreign keys follow the table, and it finds nothing dangling.
    department_key = ("accounts_department", "id")
    assert _foreign_key_target("accounts_membership", "department_id") == department_key
    assert _foreign_key_target("plans_action", "department_id") == department_key
    assert _foreign_key_target("plans_ambitionsession", "department_id") == department_key
    connection.check_constraints()
    # One name per department in an organisation still holds, under the constraint's new name.
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "accounts_department")
    assert "accounts_department_name_unique" in constraints
    with pytest.raises(IntegrityError), transaction.atomic():
        Department.objects.create(organisation_id=organisation.pk, name="Ruimte")
    # Deleting a department empties the links to it, as before.
    Department.objects.filter(pk=social.pk).delete()
    assert Membership.objects.get(pk=membership.pk).department is None
    assert Action.objects.get(pk=action.pk).department is None
