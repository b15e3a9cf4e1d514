"""Reminders before and after each report deadline of a social-return obligation.

A deadline (`services.report_deadlines`: the interim reports, then the final one) gets:

- a **before** reminder from `SROI_REMINDER_DAYS_BEFORE` days (14) before it, until the day
  itself;
- an **after** reminder from `SROI_REMINDER_DAYS_AFTER` days (7) after it, when the report is
  overdue: no realisation was reported for the obligation (by the contractor, or entered for it)
  since the previous deadline (or the start). The officers of the organisation get a list of the
  overdue reports their contractors were reminded of.

Each reminder is sent within `WINDOW` days of when it fell due, so a worker that was down for a
while catches up, and an old obligation never gets a stream of reminders about deadlines long
past. Obligations without an amount (a 0 % obligation with its reason) get none.

**Never twice.** A reminder is claimed by inserting its `Reminder` row (unique per obligation,
deadline and before/after), and the mail is sent inside that same transaction, before it
commits. A second worker's insert of the same row waits for the first transaction (PostgreSQL's
unique index; SQLite serialises writers) and then fails, so it sends nothing. When sending fails
the transaction rolls back: no row, and the next run tries again. (A mail server that accepted
the mail followed by a failing commit would send it again; the other order, committing the claim
first, would instead lose the reminder when the worker dies between claim and mail. We prefer a
rare double to a lost reminder.)
"""

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from impactinkoop.accounts.models import ContractorAccess, Membership
from impactinkoop.accounts.roles import Role
from impactinkoop.core.audit import log_action

from .models import Obligation, Realisation, Reminder
from .services import report_deadlines

logger = logging.getLogger(__name__)

# A reminder that fell due longer ago than this is no longer sent.
WINDOW = timedelta(days=30)
CONTRACTOR_PATH = "/contractor/"


@dataclass(frozen=True)
class Due:
    obligation: Obligation
    deadline: date
    final: bool
    when: str  # Reminder.When


def _days(name: str, default: int) -> timedelta:
    return timedelta(days=getattr(settings, name, default))


def reported_since(obligation: Obligation, since: date) -> bool:
    """Whether anything was reported for the obligation on or after `since`."""
    return Realisation.objects.filter(
        Q(submitted_at__date__gte=since)
        | Q(submitted_at__isnull=True, created_at__date__gte=since),
        obligation=obligation,
    ).exists()


def due_reminders(today: date) -> list[Due]:
    """The reminders that are due on `today` and not sent yet."""
    before, after = (
        _days("SROI_REMINDER_DAYS_BEFORE", 14),
        _days("SROI_REMINDER_DAYS_AFTER", 7),
    )
    sent = set(Reminder.objects.values_list("obligation_id", "due", "when"))
    due = []
    obligations = Obligation.objects.filter(amount__gt=0).select_related("organisation", "contract")
    for obligation in obligations:
        previous = obligation.start_date
        for deadline, final in report_deadlines(obligation):
            from_ = deadline - before
            if (
                from_ <= today < deadline
                and today - from_ <= WINDOW
                and (obligation.pk, deadline, Reminder.When.BEFORE) not in sent
            ):
                due.append(Due(obligation, deadline, final, Reminder.When.BEFORE))
            from_ = deadline + after
            if (
                from_ <= today <= from_ + WINDOW
                and (obligation.pk, deadline, Reminder.When.AFTER) not in sent
                and not reported_since(obligation, previous)
            ):
                due.append(Due(obligation, deadline, final, Reminder.When.AFTER))
            previous = deadline
    return due


def contractor_recipients(obligation: Obligation) -> list[tuple[str, str]]:
    """(address, language) of the contractor's contact and of the users with contractor access
    for the contract's company at this organisation; the contact gets Dutch."""
    recipients = {}
    if obligation.contact_email:
        recipients[obligation.contact_email.lower()] = (obligation.contact_email, "nl")
    company = obligation.contract.company_id
    if company:
        accesses = ContractorAccess.objects.filter(
            organisation=obligation.organisation_id, company_id=company, user__is_active=True
        ).select_related("user")
        for access in accesses:
            user = access.user
            recipients[user.email.lower()] = (user.email, user.language or "nl")
    return list(recipients.values())


def _contractor_message(item: Due, address: str, language: str, connection) -> EmailMessage:
    obligation = item.obligation
    with translation.override(language):
        context = {
            "obligation": obligation,
            "organisation": obligation.organisation.name,
            "contract": obligation.contract,
            "deadline": date_format(item.deadline, "DATE_FORMAT"),
            "final": item.final,
            "url": settings.SITE_URL + CONTRACTOR_PATH,
        }
        if item.when == Reminder.When.BEFORE:
            subject = _("Social return: report on %(contract)s due on %(day)s")
        else:
            subject = _("Social return: report on %(contract)s is overdue")
        subject = subject % {"contract": obligation.contract.title, "day": context["deadline"]}
        body = render_to_string(f"sroi/email/reminder_{item.when}.txt", context)
    return EmailMessage(subject, body, None, [address], connection=connection)


def _send_one(item: Due, connection) -> Reminder | None:
    """Claim and send one reminder; None when another worker (or an earlier run) has it."""
    recipients = contractor_recipients(item.obligation)
    if not recipients and item.when == Reminder.When.BEFORE:
        # Nobody to remind yet: not claimed, so a contact added in time still gets it.
        logger.info("No one to remind about %s (%s)", item.obligation, item.deadline)
        return None
    try:
        with transaction.atomic():
            reminder = Reminder.objects.create(
                obligation=item.obligation,
                due=item.deadline,
                when=item.when,
                recipients="\n".join(address for address, _language in recipients),
            )
            for address, language in recipients:
                _contractor_message(item, address, language, connection).send()
            log_action(
                f"sroi.reminder_{item.when}",
                actor=None,
                organisation=item.obligation.organisation,
                obj=item.obligation,
                after={
                    "deadline": item.deadline.isoformat(),
                    "final": item.final,
                    "recipients": len(recipients),
                },
            )
    except IntegrityError:
        return None
    logger.info(
        "Reminder %s deadline %s sent for obligation %s to %d addresses",
        item.when,
        item.deadline,
        item.obligation.pk,
        len(recipients),
    )
    return reminder


def _tell_officers(organisation, items: list[Due], connection) -> None:
    """One list per SROI officer of the overdue reports whose contractors were reminded.
    Sent after the reminders committed; a failure is logged, not retried (the monitoring page
    shows overdue reports as well)."""
    members = (
        Membership.objects.active()
        .filter(organisation=organisation, role=Role.SROI_OFFICER, user__is_active=True)
        .select_related("user")
    )
    rows = [
        {
            "contract": item.obligation.contract,
            "deadline": item.deadline,
            "final": item.final,
            "reminded": bool(contractor_recipients(item.obligation)),
            "url": settings.SITE_URL
            + reverse(
                "sroi:obligation",
                kwargs={"org_slug": organisation.slug, "pk": item.obligation.pk},
            ),
        }
        for item in items
    ]
    for membership in members:
        user = membership.user
        with translation.override(user.language or "nl"):
            subject = _("Social return: %(count)s overdue reports at %(organisation)s") % {
                "count": len(rows),
                "organisation": organisation.name,
            }
            body = render_to_string(
                "sroi/email/officer_overdue.txt", {"rows": rows, "organisation": organisation}
            )
        try:
            EmailMessage(subject, body, None, [user.email], connection=connection).send()
        except Exception:
            logger.exception("Overdue list for %s could not be sent", user.email)


def send_due_reminders(today: date | None = None) -> list[Reminder]:
    """Send every reminder that is due, each once whichever worker runs this; returns the
    reminders this call sent. A reminder whose mail failed is left for the next run."""
    today = today or timezone.localdate()
    sent = []
    overdue: dict[int, list[Due]] = {}
    connection = get_connection()
    for item in due_reminders(today):
        try:
            reminder = _send_one(item, connection)
        except Exception:
            logger.exception(
                "Reminder %s deadline %s for obligation %s not sent; tried again next run",
                item.when,
                item.deadline,
                item.obligation.pk,
            )
            continue
        if reminder is None:
            continue
        sent.append(reminder)
        if item.when == Reminder.When.AFTER:
            overdue.setdefault(item.obligation.organisation_id, []).append(item)
    for items in overdue.values():
        _tell_officers(items[0].obligation.organisation, items, connection)
    return sent
