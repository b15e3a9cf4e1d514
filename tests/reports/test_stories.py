"""Case stories as services: drafted by staff, approved by the coordinator, and back to waiting
for approval when an approved story changes."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings

from impactinkoop.contracts.models import Contract
from impactinkoop.core.models import AuditEntry
from impactinkoop.plans.models import Goal
from impactinkoop.registry.models import Company
from impactinkoop.reports import stories
from impactinkoop.reports.models import Story

from ..catalogue.helpers import published_enterprise
from .story_helpers import people, png, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(org):
    return people(org)


def draft(org, who, **fields):
    user, _membership = who
    return stories.create_story(
        actor=user,
        organisation=org,
        title=fields.pop("title", "Een gezicht voor sociaal inkopen"),
        text=fields.pop("text", "Hoe de kantine een leerwerkplek werd."),
        **fields,
    )


def test_staff_drafts_the_coordinator_approves(org, cast):
    staff_user, staff = cast["staff"]
    coordinator_user, coordinator = cast["coordinator"]
    story = draft(org, cast["staff"])
    assert story.state == Story.State.DRAFT
    assert story.written_by == staff_user

    stories.submit_story(story, actor=staff_user, organisation=org, membership=staff)
    with pytest.raises(PermissionDenied):
        stories.approve_story(story, actor=staff_user, organisation=org, membership=staff)
    stories.approve_story(story, actor=coordinator_user, organisation=org, membership=coordinator)

    story.refresh_from_db()
    assert story.state == Story.State.APPROVED
    assert story.approved_by == coordinator_user
    assert list(Story.objects.for_organisation(org).approved()) == [story]
    assert list(
        AuditEntry.objects.filter(object_id=str(story.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["reports.story_created", "reports.story_submitted", "reports.story_approved"]


def test_editing_an_approved_story_needs_approval_again(org, cast):
    staff_user, staff = cast["staff"]
    coordinator_user, coordinator = cast["coordinator"]
    story = draft(org, cast["staff"])
    stories.submit_story(story, actor=staff_user, organisation=org, membership=staff)
    stories.approve_story(story, actor=coordinator_user, organisation=org, membership=coordinator)

    stories.edit_story(
        story,
        actor=staff_user,
        organisation=org,
        membership=staff,
        title="Een nieuwe titel",
        text=story.text,
        company=None,
        contract=None,
        goal=None,
    )
    story.refresh_from_db()
    assert story.state == Story.State.SUBMITTED
    assert story.approved_by is None
    assert not Story.objects.for_organisation(org).approved().exists()


@pytest.mark.parametrize("change", ["photo", "quote"])
def test_a_new_photo_or_quote_on_an_approved_story_needs_approval_again(org, cast, change):
    coordinator_user, coordinator = cast["coordinator"]
    story = draft(org, cast["coordinator"])
    stories.submit_story(story, actor=coordinator_user, organisation=org, membership=coordinator)
    stories.approve_story(story, actor=coordinator_user, organisation=org, membership=coordinator)
    kwargs = {"actor": coordinator_user, "organisation": org, "membership": coordinator}
    if change == "photo":
        stories.add_photo(story, upload=upload(png()), alt_text="De kantine", **kwargs)
    else:
        stories.add_quote(story, text="Ik hoor erbij.", speaker="Medewerker kantine", **kwargs)
    story.refresh_from_db()
    assert story.state == Story.State.SUBMITTED


def test_staff_change_their_own_stories_only_the_coordinator_any(org, cast):
    story = draft(org, cast["staff"])
    other_user, other = cast["other_staff"]
    _viewer_user, viewer = cast["viewer"]
    assert stories.may_edit(story, cast["staff"][1])
    assert stories.may_edit(story, cast["coordinator"][1])
    assert not stories.may_edit(story, other)
    assert not stories.may_edit(story, viewer)
    with pytest.raises(PermissionDenied):
        stories.add_quote(
            story, actor=other_user, organisation=org, membership=other, text="x", speaker="y"
        )


def test_sent_back_with_a_note_and_withdrawn(org, cast):
    staff_user, staff = cast["staff"]
    coordinator_user, coordinator = cast["coordinator"]
    story = draft(org, cast["staff"])
    stories.submit_story(story, actor=staff_user, organisation=org, membership=staff)
    stories.send_back_story(
        story,
        actor=coordinator_user,
        organisation=org,
        membership=coordinator,
        note="Vraag toestemming voor de foto.",
    )
    story.refresh_from_db()
    assert story.state == Story.State.DRAFT
    assert stories.last_note(story) == "Vraag toestemming voor de foto."

    stories.submit_story(story, actor=staff_user, organisation=org, membership=staff)
    story.refresh_from_db()
    assert stories.last_note(story) == ""
    with pytest.raises(stories.WrongState):
        stories.submit_story(story, actor=staff_user, organisation=org, membership=staff)

    stories.withdraw_story(story, actor=staff_user, organisation=org, membership=staff)
    story.refresh_from_db()
    assert story.state == Story.State.WITHDRAWN
    assert not stories.may_edit(story, coordinator)


def test_only_the_organisations_own_contract_goal_and_sensible_companies(org, other_org, cast):
    foreign_contract = Contract.objects.create(
        organisation=other_org, key="ref:x", title="Hun contract"
    )
    foreign_goal = Goal.objects.create(
        organisation=other_org, title="Hun doel", metric="number", deadline=date(2027, 1, 1)
    )
    their_contractor = Company.objects.create(kvk_number="11112222", name="Alleen bij hen")
    Contract.objects.create(
        organisation=other_org, key="ref:y", title="Ander", company=their_contractor
    )
    in_catalogue = published_enterprise("22223333", "In de catalogus").company
    ours = Company.objects.create(kvk_number="33334444", name="Onze aannemer")
    Contract.objects.create(organisation=org, key="ref:z", title="Ons contract", company=ours)

    choices = set(stories.company_choices(org))
    assert {in_catalogue, ours} <= choices
    assert their_contractor not in choices
    assert foreign_contract not in stories.contract_choices(org)
    assert foreign_goal not in stories.goal_choices(org)
    for link in (
        {"contract": foreign_contract},
        {"goal": foreign_goal},
        {"company": their_contractor},
    ):
        with pytest.raises(PermissionDenied):
            draft(org, cast["staff"], **link)
    assert not Story.objects.exists()


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"%PDF-1.4 geen foto", "foto.png"),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "foto.svg",
        ),
    ],
)
def test_a_photo_must_be_a_real_image(org, cast, data, name):
    user, membership = cast["staff"]
    story = draft(org, cast["staff"])
    with pytest.raises(ValidationError) as raised:
        stories.add_photo(
            story,
            actor=user,
            organisation=org,
            membership=membership,
            upload=upload(data, name),
            alt_text="Iets",
        )
    assert "geen PNG-, JPEG- of WebP-afbeelding" in raised.value.messages[0]
    assert not story.photos.exists()


@override_settings(STORY_PHOTO_MAX_BYTES=100)
def test_a_photo_too_large_is_refused(org, cast):
    user, membership = cast["staff"]
    story = draft(org, cast["staff"])
    with pytest.raises(ValidationError, match="hoogstens"):
        stories.add_photo(
            story,
            actor=user,
            organisation=org,
            membership=membership,
            upload=upload(png((200, 200))),
            alt_text="Iets",
        )


def test_a_photo_needs_an_alternative_text(org, cast):
    user, membership = cast["staff"]
    story = draft(org, cast["staff"])
    with pytest.raises(ValidationError):
        stories.add_photo(
            story,
            actor=user,
            organisation=org,
            membership=membership,
            upload=upload(png()),
            alt_text="  ",
        )
    photo = stories.add_photo(
        story,
        actor=user,
        organisation=org,
        membership=membership,
        upload=upload(png()),
        alt_text="De ploeg aan het werk",
    )
    assert bytes(photo.image).startswith(b"\x89PNG")
    assert photo.content_type == "image/png"
    stories.remove_photo(photo, actor=user, organisation=org, membership=membership)
    assert not story.photos.exists()
