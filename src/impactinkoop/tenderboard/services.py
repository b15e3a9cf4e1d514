"""Submitting a tender to the tenderboard and the tenderboard's advice. Each takes keyword-only
`actor`, runs in one transaction, writes its audit entry and sends its mail after commit."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from impactinkoop.accounts.models import Membership
from impactinkoop.accounts.roles import Role
from impactinkoop.contracts.models import Tender
from impactinkoop.core.audit import log_action
from impactinkoop.core.locks import lock_row

from .models import Submission, ThemeAdvice, Verdict

SNAPSHOT_FIELDS = (
    "theme_key",
    "theme_name",
    "decision",
    "how",
    "weight",
    "ambition",
    "text",
    "reason",
    "explanation",
)


def snapshot_themes(tender: Tender) -> list[dict]:
    rows = tender.themes.order_by("position", "pk").values(*SNAPSHOT_FIELDS)
    return [
        {**row, "weight": str(row["weight"]) if row["weight"] is not None else None} for row in rows
    ]


def latest(tender: Tender) -> Submission | None:
    return Submission.objects.filter(tender=tender).order_by("-number").first()


def may_submit(tender: Tender) -> tuple[bool, str]:
    """Whether the tender can go to the tenderboard now, and if not, why (for the page)."""
    if not tender.tenderboard_review:
        return False, _("The tender is below the tenderboard's threshold.")
    if not tender.is_open:
        return False, _("The tender is awarded or cancelled.")
    last = latest(tender)
    if last is not None and last.is_waiting:
        return False, _("The tenderboard has not advised on the last submission yet.")
    if last is not None and last.verdict == Verdict.APPROVED:
        return False, _("The tenderboard approved the tender.")
    if tender.themes.filter(decision="").exists():
        return False, _("Decide every theme (apply or explain) before submitting.")
    return True, ""


def submit(tender: Tender, *, actor, note: str = "") -> Submission:
    with transaction.atomic():
        lock_row(tender)  # two buyers submitting at once make one round, not two
        allowed, why = may_submit(tender)
        if not allowed:
            raise ValidationError(why)
        last = latest(tender)
        submission = Submission.objects.create(
            organisation=tender.organisation,
            tender=tender,
            number=(last.number + 1) if last else 1,
            note=note.strip(),
            themes=snapshot_themes(tender),
            submitted_by=actor,
            submitted_at=timezone.now(),
        )
        log_action(
            "tenderboard.submitted",
            actor=actor,
            organisation=tender.organisation,
            obj=submission,
            after={"round": submission.number, "themes": submission.themes},
        )
        transaction.on_commit(lambda: _tell_tenderboard(submission))
    return submission


def may_advise(submission: Submission, user) -> bool:
    """Nobody advises on a tender they submitted or entered themselves."""
    tender = submission.tender
    own = {
        tender.created_by_id,
        *Submission.objects.filter(tender=tender).values_list("submitted_by_id", flat=True),
    }
    return user.pk not in own


def advise(
    submission: Submission, *, actor, verdict: str, summary: str, advice: dict[str, tuple]
) -> Submission:
    """`advice`: per theme key, (opinion, text)."""
    if not may_advise(submission, actor):
        raise PermissionDenied
    if verdict not in Verdict.values:
        raise ValidationError(_("Choose a verdict."))
    if verdict != Verdict.APPROVED and not summary.strip():
        raise ValidationError(_("Say what the buyer must do or change."))
    with transaction.atomic():
        lock_row(submission)
        submission.refresh_from_db()
        if not submission.is_waiting:
            raise ValidationError(_("The tenderboard has already advised on this submission."))
        names = {row["theme_key"]: row["theme_name"] for row in submission.themes}
        ThemeAdvice.objects.bulk_create(
            ThemeAdvice(
                submission=submission,
                theme_key=key,
                theme_name=names[key],
                opinion=opinion,
                advice=text.strip(),
            )
            for key, (opinion, text) in advice.items()
            if key in names
        )
        submission.verdict = verdict
        submission.summary = summary.strip()
        submission.advised_by = actor
        submission.advised_at = timezone.now()
        submission.save(update_fields=["verdict", "summary", "advised_by", "advised_at"])
        log_action(
            "tenderboard.advised",
            actor=actor,
            organisation=submission.organisation,
            obj=submission,
            after={
                "verdict": verdict,
                "summary": submission.summary,
                # Not "advice": that is the reverse relation's name, which the audit log
                # would try to read as a field.
                "theme_advice": {key: list(value) for key, value in advice.items()},
            },
        )
        transaction.on_commit(lambda: _tell_buyer(submission))
    return submission


def _url(submission: Submission) -> str:
    return settings.SITE_URL + reverse(
        "tenderboard:tender",
        kwargs={"org_slug": submission.organisation.slug, "pk": submission.tender_id},
    )


def _tell_tenderboard(submission: Submission) -> None:
    members = (
        Membership.objects.active()
        .filter(organisation=submission.organisation, role=Role.TENDERBOARD, user__is_active=True)
        .select_related("user")
    )
    for membership in members:
        user = membership.user
        with translation.override(user.language):
            send_mail(
                _("Tenderboard: %(tender)s is waiting for your advice")
                % {"tender": submission.tender.title},
                render_to_string(
                    "tenderboard/email/submitted.txt",
                    {"submission": submission, "url": _url(submission)},
                ),
                None,
                [user.email],
            )


def _tell_buyer(submission: Submission) -> None:
    user = submission.submitted_by
    if user is None or not user.is_active:
        return
    with translation.override(user.language):
        send_mail(
            _("Tenderboard: advice on %(tender)s: %(verdict)s")
            % {"tender": submission.tender.title, "verdict": submission.get_verdict_display()},
            render_to_string(
                "tenderboard/email/advised.txt",
                {"submission": submission, "url": _url(submission)},
            ),
            None,
            [user.email],
        )
