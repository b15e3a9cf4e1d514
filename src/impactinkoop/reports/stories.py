"""Case stories (seed 000: "give social procurement a face"): staff draft them, the coordinator
approves them, and only approved stories appear in the report, on the public page and on the
enterprise's catalogue page.

The states: a draft is submitted for approval; the coordinator approves it or sends it back to
draft with a note; the writer or a coordinator withdraws it. Any change to an approved story
(its text, links, photos or quotes) sends it back to waiting for approval, so nothing
unapproved is ever shown outside.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from impactinkoop.accounts.roles import Permission
from impactinkoop.catalogue.models import Enterprise
from impactinkoop.contracts.models import Contract
from impactinkoop.core.audit import log_action
from impactinkoop.core.locks import lock_row
from impactinkoop.core.models import AuditEntry
from impactinkoop.core.uploads import check_logo
from impactinkoop.plans.models import Goal
from impactinkoop.registry.models import Company

from .models import Quote, Story, StoryPhoto

State = Story.State
CONTENT_FIELDS = ["title", "text", "company", "contract", "goal"]


# Who may do what -------------------------------------------------------------------------------


def may_approve(membership) -> bool:
    return membership.has_permission(Permission.MANAGE_RESULTS)


def may_edit(story: Story, membership) -> bool:
    """The coordinator changes any story; staff who draft stories change their own. A withdrawn
    story is finished."""
    if story.state == State.WITHDRAWN:
        return False
    if may_approve(membership):
        return True
    return (
        membership.has_permission(Permission.WRITE_STORIES)
        and story.written_by_id == membership.user_id
    )


def may_withdraw(story: Story, membership) -> bool:
    return story.state != State.WITHDRAWN and may_edit(story, membership)


# What a story may point at ---------------------------------------------------------------------


def company_choices(organisation, current: Company | None = None):
    """The enterprises a story can be about: those in the catalogue, those the organisation
    has contracts with, and the one already chosen. Companies are shared reference data; this
    keeps the list to the ones that make sense here."""
    published = Enterprise.objects.published().values("company_id")
    contracted = (
        Contract.objects.for_organisation(organisation)
        .filter(company__isnull=False)
        .values("company_id")
    )
    condition = Q(pk__in=published) | Q(pk__in=contracted)
    if current is not None:
        condition |= Q(pk=current.pk)
    return Company.objects.filter(condition).order_by("name", "pk")


def contract_choices(organisation):
    return Contract.objects.for_organisation(organisation).order_by("title", "pk")


def goal_choices(organisation):
    return Goal.objects.for_organisation(organisation).order_by("title", "pk")


def _check_links(organisation, *, company, contract, goal, current_company=None) -> None:
    """The organisation's own contracts and goals only; a company from the choices above."""
    if contract is not None and contract.organisation_id != organisation.pk:
        raise PermissionDenied
    if goal is not None and goal.organisation_id != organisation.pk:
        raise PermissionDenied
    if (
        company is not None
        and not company_choices(organisation, current_company).filter(pk=company.pk).exists()
    ):
        raise PermissionDenied


# Writing ---------------------------------------------------------------------------------------


def _content(story: Story) -> dict:
    return {
        "title": story.title,
        "text": story.text,
        "company": str(story.company) if story.company_id else "",
        "contract": str(story.contract) if story.contract_id else "",
        "goal": str(story.goal) if story.goal_id else "",
        "state": story.state,
    }


def _changed(story: Story) -> None:
    """An approved story that changes waits for approval again."""
    if story.state == State.APPROVED:
        story.state = State.SUBMITTED
        story.approved_by = None
        story.approved_at = None


def _check_may_edit(story: Story, membership) -> None:
    if not may_edit(story, membership):
        raise PermissionDenied


@transaction.atomic
def create_story(
    *, actor, organisation, title, text, company=None, contract=None, goal=None
) -> Story:
    _check_links(organisation, company=company, contract=contract, goal=goal)
    story = Story.objects.create(
        organisation=organisation,
        title=title,
        text=text,
        company=company,
        contract=contract,
        goal=goal,
        written_by=actor,
    )
    log_action(
        "reports.story_created",
        actor=actor,
        organisation=organisation,
        obj=story,
        after=_content(story),
    )
    return story


@transaction.atomic
def edit_story(
    story: Story, *, actor, organisation, membership, title, text, company, contract, goal
) -> Story:
    if story.organisation_id != organisation.pk:
        raise PermissionDenied
    story = lock_row(story)
    _check_may_edit(story, membership)
    _check_links(
        organisation,
        company=company,
        contract=contract,
        goal=goal,
        current_company=story.company,
    )
    before = _content(story)
    story.title, story.text = title, text
    story.company, story.contract, story.goal = company, contract, goal
    after = _content(story)
    if {**after, "state": ""} == {**before, "state": ""}:
        return story
    _changed(story)
    story.save()
    log_action(
        "reports.story_changed",
        actor=actor,
        organisation=organisation,
        obj=story,
        before=before,
        after=_content(story),
    )
    return story


def _locked_for_change(story: Story, organisation, membership) -> Story:
    if story.organisation_id != organisation.pk:
        raise PermissionDenied
    story = lock_row(story)
    _check_may_edit(story, membership)
    return story


def check_photo(upload) -> str:
    """A photo is checked like a logo (a real PNG, JPEG or WebP; never SVG), at most
    STORY_PHOTO_MAX_BYTES. Returns its content type."""
    return check_logo(upload, max_bytes=settings.STORY_PHOTO_MAX_BYTES)


@transaction.atomic
def add_photo(
    story: Story, *, actor, organisation, membership, upload, alt_text, caption=""
) -> StoryPhoto:
    story = _locked_for_change(story, organisation, membership)
    if not alt_text.strip():
        raise ValidationError(_("Say what the photo shows."), code="required")
    content_type = check_photo(upload)
    upload.seek(0)
    position = (story.photos.aggregate(last=Max("position"))["last"] or 0) + 1
    photo = StoryPhoto.objects.create(
        story=story,
        image=upload.read(),
        content_type=content_type,
        file_name=upload.name[:255],
        alt_text=alt_text.strip(),
        caption=caption.strip(),
        position=position,
    )
    _changed(story)
    story.save()
    log_action(
        "reports.story_photo_added",
        actor=actor,
        organisation=organisation,
        obj=story,
        after={"file_name": photo.file_name, "alt_text": photo.alt_text, "state": story.state},
    )
    return photo


@transaction.atomic
def remove_photo(photo: StoryPhoto, *, actor, organisation, membership) -> None:
    story = _locked_for_change(photo.story, organisation, membership)
    before = {"file_name": photo.file_name, "alt_text": photo.alt_text}
    photo.delete()
    _changed(story)
    story.save()
    log_action(
        "reports.story_photo_removed",
        actor=actor,
        organisation=organisation,
        obj=story,
        before=before,
        after={"state": story.state},
    )


@transaction.atomic
def add_quote(story: Story, *, actor, organisation, membership, text, speaker) -> Quote:
    story = _locked_for_change(story, organisation, membership)
    position = (story.quotes.aggregate(last=Max("position"))["last"] or 0) + 1
    quote = Quote.objects.create(story=story, text=text, speaker=speaker, position=position)
    _changed(story)
    story.save()
    log_action(
        "reports.story_quote_added",
        actor=actor,
        organisation=organisation,
        obj=story,
        after={"text": text, "speaker": speaker, "state": story.state},
    )
    return quote


@transaction.atomic
def remove_quote(quote: Quote, *, actor, organisation, membership) -> None:
    story = _locked_for_change(quote.story, organisation, membership)
    before = {"text": quote.text, "speaker": quote.speaker}
    quote.delete()
    _changed(story)
    story.save()
    log_action(
        "reports.story_quote_removed",
        actor=actor,
        organisation=organisation,
        obj=story,
        before=before,
        after={"state": story.state},
    )


class WrongState(Exception):
    """The story is not in a state that allows this step (a second click, an old page)."""


def _transition(story, *, actor, organisation, action, allowed_from, to, after=None):
    before = story.state
    if story.state not in allowed_from:
        raise WrongState(story.state)
    story.state = to
    if to == State.APPROVED:
        story.approved_by, story.approved_at = actor, timezone.now()
    else:
        story.approved_by, story.approved_at = None, None
    story.save()
    log_action(
        action,
        actor=actor,
        organisation=organisation,
        obj=story,
        before={"state": before},
        after={"state": story.state, **(after or {})},
    )
    return story


@transaction.atomic
def submit_story(story: Story, *, actor, organisation, membership) -> Story:
    story = _locked_for_change(story, organisation, membership)
    return _transition(
        story,
        actor=actor,
        organisation=organisation,
        action="reports.story_submitted",
        allowed_from={State.DRAFT},
        to=State.SUBMITTED,
    )


def _locked_for_review(story: Story, organisation, membership) -> Story:
    if story.organisation_id != organisation.pk or not may_approve(membership):
        raise PermissionDenied
    return lock_row(story)


@transaction.atomic
def approve_story(story: Story, *, actor, organisation, membership) -> Story:
    story = _locked_for_review(story, organisation, membership)
    return _transition(
        story,
        actor=actor,
        organisation=organisation,
        action="reports.story_approved",
        allowed_from={State.SUBMITTED},
        to=State.APPROVED,
    )


@transaction.atomic
def send_back_story(story: Story, *, actor, organisation, membership, note: str) -> Story:
    story = _locked_for_review(story, organisation, membership)
    return _transition(
        story,
        actor=actor,
        organisation=organisation,
        action="reports.story_sent_back",
        allowed_from={State.SUBMITTED, State.APPROVED},
        to=State.DRAFT,
        after={"note": note},
    )


@transaction.atomic
def withdraw_story(story: Story, *, actor, organisation, membership) -> Story:
    if story.organisation_id != organisation.pk:
        raise PermissionDenied
    story = lock_row(story)
    if not may_withdraw(story, membership):
        raise PermissionDenied
    return _transition(
        story,
        actor=actor,
        organisation=organisation,
        action="reports.story_withdrawn",
        allowed_from={State.DRAFT, State.SUBMITTED, State.APPROVED},
        to=State.WITHDRAWN,
    )


def last_note(story: Story) -> str:
    """The coordinator's note when the story was last sent back, while it is a draft: kept in
    the audit entry of that step (the story itself has no field for it)."""
    if story.state != State.DRAFT:
        return ""
    entry = (
        AuditEntry.objects.filter(
            organisation=story.organisation_id,
            object_type="reports.story",
            object_id=str(story.pk),
            action__in=["reports.story_sent_back", "reports.story_submitted"],
        )
        .order_by("-created_at", "-pk")
        .first()
    )
    if entry is None or entry.action != "reports.story_sent_back":
        return ""
    return (entry.after or {}).get("note", "")
