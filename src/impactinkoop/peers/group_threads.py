"""What happens inside an intervision group: meetings with an agenda before and notes after, and
dilemmas with a thread of answers. The callers have fetched every object through the group
(`accounts.tenancy.group_view`); these functions check the rights of the acting member.

Hosts plan meetings (date, place, agenda); any member may write the notes, since whoever takes
them in the meeting need not be a host. An answer can be deleted only by its author and only while
nobody has replied to it, so nobody's words disappear with someone else's."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from impactinkoop.core.locks import lock_row

from .groups import log_group_action, require_host
from .models import Answer, Dilemma, GroupMember, Meeting

MEETING_PLAN_FIELDS = ("starts_at", "place", "agenda")
MEETING_FIELDS = (*MEETING_PLAN_FIELDS, "notes")


def _meeting_repr(meeting: Meeting) -> str:
    return f"{meeting.group.name} {timezone.localtime(meeting.starts_at):%d-%m-%Y}"


def _same_group(member: GroupMember, obj) -> None:
    if obj.group_id != member.group_id:
        raise PermissionDenied


def plan_meeting(
    *, member: GroupMember, starts_at, place: str = "", agenda: str = "", notes: str = ""
) -> Meeting:
    require_host(member)
    with transaction.atomic():
        meeting = Meeting.objects.create(
            group=member.group,
            starts_at=starts_at,
            place=place,
            agenda=agenda,
            notes=notes,
            created_by=member.user,
        )
        log_group_action(
            "peers.meeting_planned",
            member,
            meeting,
            object_repr=_meeting_repr(meeting),
            after={"starts_at": starts_at.isoformat(), "place": place},
        )
    return meeting


def change_meeting(*, member: GroupMember, meeting: Meeting, **changes) -> Meeting:
    """Hosts change everything; other members only the notes. The audit entry says which parts
    changed, not what they say."""
    _same_group(member, meeting)
    unknown = set(changes) - set(MEETING_FIELDS)
    if unknown:
        raise TypeError(f"not a meeting field: {', '.join(sorted(unknown))}")
    changed = [field for field, value in changes.items() if getattr(meeting, field) != value]
    if not changed:
        return meeting
    if not member.is_host and set(changed) - {"notes"}:
        raise PermissionDenied
    before = {"starts_at": meeting.starts_at.isoformat(), "place": meeting.place}
    with transaction.atomic():
        for field in changed:
            setattr(meeting, field, changes[field])
        meeting.save(update_fields=[*changed, "updated_at"])
        after = {"starts_at": meeting.starts_at.isoformat(), "place": meeting.place}
        log_group_action(
            "peers.meeting_changed",
            member,
            meeting,
            object_repr=_meeting_repr(meeting),
            before={key: value for key, value in before.items() if after[key] != value},
            after={
                **{key: value for key, value in after.items() if before[key] != value},
                "changed": [str(Meeting._meta.get_field(field).verbose_name) for field in changed],
            },
        )
    return meeting


def cancel_meeting(*, member: GroupMember, meeting: Meeting) -> None:
    require_host(member)
    _same_group(member, meeting)
    with transaction.atomic():
        log_group_action(
            "peers.meeting_cancelled", member, meeting, object_repr=_meeting_repr(meeting)
        )
        meeting.delete()


def post_dilemma(*, member: GroupMember, title: str, text: str) -> Dilemma:
    with transaction.atomic():
        dilemma = Dilemma.objects.create(
            group=member.group, title=title, text=text, author=member.user
        )
        log_group_action("peers.dilemma_posted", member, dilemma)
    return dilemma


def answer_dilemma(
    *, member: GroupMember, dilemma: Dilemma, text: str, parent: Answer | None = None
) -> Answer:
    """An answer, or a reply to one. The thread is shown one level deep: a reply to a reply
    joins the answer it belongs to."""
    _same_group(member, dilemma)
    if parent is not None:
        if parent.dilemma_id != dilemma.pk:
            raise PermissionDenied
        if parent.parent_id is not None:
            parent = parent.parent
    with transaction.atomic():
        answer = Answer.objects.create(
            dilemma=dilemma, parent=parent, text=text, author=member.user
        )
        log_group_action(
            "peers.dilemma_replied" if parent else "peers.dilemma_answered", member, answer
        )
    return answer


def delete_answer(*, member: GroupMember, answer: Answer) -> None:
    _same_group(member, answer.dilemma)
    if answer.author_id != member.user_id:
        raise PermissionDenied
    with transaction.atomic():
        # Lock the answer's row: a reply being made at this moment waits for the delete (and then
        # fails), rather than disappearing with it unseen.
        answer = lock_row(answer)
        if answer.replies.exists():
            raise ValidationError(
                _("Somebody has replied to this answer, so it stays."), code="replied"
            )
        answer.delete()
        log_group_action("peers.answer_deleted", member, answer.dilemma)
