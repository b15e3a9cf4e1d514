"""Reminders before and after each report deadline: to the contractor's contact and its users,
Dutch by default, each once whichever worker or command sends it, and tried again when sending
failed. The obligation runs from 1 January 2025; its first (interim) report is due on
1 January 2026."""

import threading
from datetime import UTC, date, datetime

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.core.management import call_command
from django.db import connection, connections

from impactinkoop.accounts.models import ContractorAccess
from impactinkoop.accounts.roles import Role
from impactinkoop.contracts.models import Contract
from impactinkoop.core.models import AuditEntry
from impactinkoop.core.schedule import registered
from impactinkoop.registry.models import Company
from impactinkoop.sroi.models import Reminder
from impactinkoop.sroi.reminders import due_reminders, send_due_reminders
from tests.factories import make_member, make_user

from .helpers import obligation_under, realisation

DEADLINE = date(2026, 1, 1)
TWELVE_DAYS_BEFORE = date(2025, 12, 20)
EIGHT_DAYS_AFTER = date(2026, 1, 9)


@pytest.fixture
def obligation(org):
    obligation = obligation_under(org, "utrecht-current")
    company = Company.objects.create(kvk_number="87654321", name="Schoon B.V.")
    Contract.objects.filter(pk=obligation.contract_id).update(company=company)
    obligation.contact_email = "contact@schoon.example"
    obligation.save(update_fields=["contact_email"])
    user = make_user("portaal@schoon.example", language="en")
    ContractorAccess.grant(user=user, company=company, organisation=org)
    obligation.refresh_from_db()
    return obligation


@pytest.fixture
def officer(org):
    return make_member(org, "sroi@voorbeeldstad.example", Role.SROI_OFFICER)


def sent_to():
    return sorted(address for message in mail.outbox for address in message.to)


def test_a_reminder_goes_out_two_weeks_before_the_deadline_not_sooner(obligation):
    assert due_reminders(date(2025, 12, 17)) == []
    [due] = due_reminders(date(2025, 12, 18))
    assert (due.deadline, due.when, due.final) == (DEADLINE, "before", False)


def test_before_the_deadline_the_contact_and_the_contractors_users_get_a_reminder(obligation):
    [reminder] = send_due_reminders(TWELVE_DAYS_BEFORE)
    assert (reminder.due, reminder.when) == (DEADLINE, "before")
    assert sent_to() == ["contact@schoon.example", "portaal@schoon.example"]
    dutch = next(m for m in mail.outbox if m.to == ["contact@schoon.example"])
    english = next(m for m in mail.outbox if m.to == ["portaal@schoon.example"])
    assert "uiterlijk" in dutch.subject
    assert "interim" in english.body
    assert "http://127.0.0.1:8000/contractor/" in dutch.body
    assert AuditEntry.objects.filter(action="sroi.reminder_before").count() == 1


def test_a_reminder_is_never_sent_twice(obligation):
    send_due_reminders(TWELVE_DAYS_BEFORE)
    assert send_due_reminders(TWELVE_DAYS_BEFORE) == []
    assert send_due_reminders(date(2025, 12, 21)) == []
    assert len(mail.outbox) == 2  # one each to the contact and the contractor's user
    assert Reminder.objects.count() == 1


def test_an_overdue_report_gets_a_reminder_a_week_after_and_the_officer_a_list(obligation, officer):
    assert [d.when for d in due_reminders(date(2026, 1, 7))] == []
    [reminder] = send_due_reminders(EIGHT_DAYS_AFTER)
    assert reminder.when == "after"
    assert sent_to() == [
        "contact@schoon.example",
        "portaal@schoon.example",
        "sroi@voorbeeldstad.example",
    ]
    listing = next(m for m in mail.outbox if m.to == ["sroi@voorbeeldstad.example"])
    assert obligation.contract.title in listing.body
    assert f"/social-return/{obligation.pk}/" in listing.body


def test_a_report_made_since_the_previous_deadline_is_not_overdue(obligation, officer):
    realisation(
        obligation,
        "Participatiewet",
        kind="placement",
        submitted_at=datetime(2025, 6, 1, tzinfo=UTC),
        source="contractor",
        status="submitted",
    )
    assert send_due_reminders(EIGHT_DAYS_AFTER) == []
    assert mail.outbox == []


def test_a_reminder_whose_mail_failed_is_sent_at_the_next_run(obligation, monkeypatch):
    original = EmailMessage.send

    def fail(self, *args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr(EmailMessage, "send", fail)
    assert send_due_reminders(TWELVE_DAYS_BEFORE) == []
    assert not Reminder.objects.exists()
    assert not AuditEntry.objects.filter(action="sroi.reminder_before").exists()
    monkeypatch.setattr(EmailMessage, "send", original)
    assert len(send_due_reminders(TWELVE_DAYS_BEFORE)) == 1
    assert len(mail.outbox) == 2


def test_the_command_shows_what_is_due_and_sends_it(obligation, capsys):
    call_command("send_sroi_reminders", "--today", "2025-12-20", "--dry-run")
    assert "before\t2026-01-01\tvoorbeeldstad" in capsys.readouterr().out
    assert mail.outbox == []
    call_command("send_sroi_reminders", "--today", "2025-12-20")
    assert "1 reminders sent" in capsys.readouterr().out
    assert len(mail.outbox) == 2


def test_the_worker_sends_the_reminders_daily(db):
    assert registered()["sroi.reminders"].every.days == 1


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="two connections sending at once need PostgreSQL; SQLite serialises every write",
)
@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_one_reminder(obligation, monkeypatch):
    # Both workers find the reminder due; the first holds its claim while it sends.
    both_found = threading.Barrier(2)
    original = EmailMessage.send

    def slow_send(self, *args, **kwargs):
        threading.Event().wait(0.5)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(EmailMessage, "send", slow_send)
    import impactinkoop.sroi.reminders as reminders

    found = reminders.due_reminders

    def due_then_wait(today):
        items = found(today)
        both_found.wait(timeout=10)
        return items

    monkeypatch.setattr(reminders, "due_reminders", due_then_wait)
    results = []

    def worker():
        try:
            results.append(len(send_due_reminders(TWELVE_DAYS_BEFORE)))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results) == [0, 1]
    assert len(mail.outbox) == 2
    assert Reminder.objects.count() == 1
