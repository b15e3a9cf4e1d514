"""Case stories inside the organisation: the list, a story's page, writing it, its photos and
quotes, and the steps from draft to approved (`reports.stories`)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from impactinkoop.accounts.roles import Permission
from impactinkoop.accounts.tenancy import get_for_organisation, organisation_view
from impactinkoop.core.urls import ORG

from .. import stories
from ..models import Quote, Story, StoryPhoto
from ..story_forms import PhotoForm, QuoteForm, SendBackForm, StateFilterForm, StoryForm

STORIES = ORG + "results/stories/"


def _to_story(request, story: Story):
    return redirect("reports:story", request.organisation.slug, story.pk)


def _story(request, pk: int) -> Story:
    return get_for_organisation(
        request, Story.objects.select_related("company", "contract", "goal", "written_by"), pk=pk
    )


def _may(request, story: Story) -> dict:
    membership = request.membership
    return {
        "may_edit": stories.may_edit(story, membership),
        "may_approve": stories.may_approve(membership),
        "may_withdraw": stories.may_withdraw(story, membership),
    }


@organisation_view(Permission.VIEW_RESULTS)
@require_GET
def story_list(request):
    form = StateFilterForm(request.GET or None)
    state = form.cleaned_data["state"] if form.is_valid() else ""
    rows = (
        Story.objects.for_organisation(request.organisation)
        .select_related("company", "written_by")
        .annotate(photo_count=Count("photos", distinct=True))
    )
    if state:
        rows = rows.filter(state=state)
    return render(
        request,
        "reports/stories.html",
        {
            "form": form,
            "stories": rows,
            "state": state,
            "may_write": request.membership.has_permission(Permission.WRITE_STORIES),
        },
    )


@organisation_view(Permission.WRITE_STORIES)
@require_http_methods(["GET", "POST"])
def story_new(request):
    form = StoryForm(request.POST or None, organisation=request.organisation)
    if request.method == "POST" and form.is_valid():
        story = stories.create_story(
            actor=request.user, organisation=request.organisation, **form.cleaned_data
        )
        messages.success(request, _("The story is saved as a draft."))
        return _to_story(request, story)
    return render(
        request,
        "reports/story_form.html",
        {"form": form, "story": None},
        status=400 if request.method == "POST" else 200,
    )


@organisation_view(Permission.VIEW_RESULTS)
@require_GET
def story_page(request, pk: int):
    story = _story(request, pk)
    return render(
        request,
        "reports/story.html",
        {
            "story": story,
            "photos": story.photos.defer("image"),
            "quotes": story.quotes.all(),
            "note": stories.last_note(story),
            "send_back_form": SendBackForm(),
            **_may(request, story),
        },
    )


@organisation_view(Permission.WRITE_STORIES)
@require_http_methods(["GET", "POST"])
def story_edit(request, pk: int):
    story = _story(request, pk)
    if not stories.may_edit(story, request.membership):
        raise PermissionDenied
    form = StoryForm(request.POST or None, instance=story, organisation=request.organisation)
    if request.method == "POST" and form.is_valid():
        was_approved = story.state == Story.State.APPROVED
        story = stories.edit_story(
            Story.objects.get(pk=story.pk),
            actor=request.user,
            organisation=request.organisation,
            membership=request.membership,
            **form.cleaned_data,
        )
        if was_approved and story.state != Story.State.APPROVED:
            messages.warning(request, _("Saved. The changed story waits for approval again."))
        else:
            messages.success(request, _("Saved."))
        return _to_story(request, story)
    return render(
        request,
        "reports/story_form.html",
        {"form": form, "story": story},
        status=400 if request.method == "POST" else 200,
    )


@organisation_view(Permission.WRITE_STORIES)
@require_http_methods(["GET", "POST"])
def story_photos(request, pk: int):
    story = _story(request, pk)
    if not stories.may_edit(story, request.membership):
        raise PermissionDenied
    form = PhotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            stories.add_photo(
                story,
                actor=request.user,
                organisation=request.organisation,
                membership=request.membership,
                upload=form.cleaned_data["image"],
                alt_text=form.cleaned_data["alt_text"],
                caption=form.cleaned_data["caption"],
            )
        except ValidationError as error:
            form.add_error("image", error)
        else:
            messages.success(request, _("The photo is added."))
            return redirect("reports:story_photos", request.organisation.slug, story.pk)
    return render(
        request,
        "reports/story_photos.html",
        {"story": story, "form": form, "photos": story.photos.defer("image")},
        status=400 if request.method == "POST" else 200,
    )


@organisation_view(Permission.WRITE_STORIES)
@require_POST
def story_photo_remove(request, pk: int, photo: int):
    row = get_for_organisation(
        request, StoryPhoto.objects.defer("image"), "story__organisation", pk=photo, story__pk=pk
    )
    stories.remove_photo(
        row, actor=request.user, organisation=request.organisation, membership=request.membership
    )
    messages.success(request, _("The photo is removed."))
    return redirect("reports:story_photos", request.organisation.slug, pk)


def photo_response(photo: StoryPhoto) -> HttpResponse:
    """A photo's bytes with the type found when it was checked, and nothing in it may run."""
    response = HttpResponse(bytes(photo.image), content_type=photo.content_type)
    response["Content-Security-Policy"] = "default-src 'none'"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@organisation_view(Permission.VIEW_RESULTS)
@require_GET
def story_photo(request, pk: int, photo: int):
    row = get_for_organisation(request, StoryPhoto, "story__organisation", pk=photo, story__pk=pk)
    return photo_response(row)


@organisation_view(Permission.WRITE_STORIES)
@require_http_methods(["GET", "POST"])
def story_quotes(request, pk: int):
    story = _story(request, pk)
    if not stories.may_edit(story, request.membership):
        raise PermissionDenied
    form = QuoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        stories.add_quote(
            story,
            actor=request.user,
            organisation=request.organisation,
            membership=request.membership,
            **form.cleaned_data,
        )
        messages.success(request, _("The quote is added."))
        return redirect("reports:story_quotes", request.organisation.slug, story.pk)
    return render(
        request,
        "reports/story_quotes.html",
        {"story": story, "form": form, "quotes": story.quotes.all()},
        status=400 if request.method == "POST" else 200,
    )


@organisation_view(Permission.WRITE_STORIES)
@require_POST
def story_quote_remove(request, pk: int, quote: int):
    row = get_for_organisation(request, Quote, "story__organisation", pk=quote, story__pk=pk)
    stories.remove_quote(
        row, actor=request.user, organisation=request.organisation, membership=request.membership
    )
    messages.success(request, _("The quote is removed."))
    return redirect("reports:story_quotes", request.organisation.slug, pk)


def _step(request, pk: int, service, done: str, **extra):
    story = _story(request, pk)
    try:
        service(
            story,
            actor=request.user,
            organisation=request.organisation,
            membership=request.membership,
            **extra,
        )
    except stories.WrongState:
        messages.error(request, _("The story has moved on meanwhile; nothing was changed."))
    else:
        messages.success(request, done)
    return _to_story(request, story)


@organisation_view(Permission.WRITE_STORIES)
@require_POST
def story_submit(request, pk: int):
    return _step(
        request, pk, stories.submit_story, _("The story waits for the coordinator's approval.")
    )


@organisation_view(Permission.MANAGE_RESULTS)
@require_POST
def story_approve(request, pk: int):
    return _step(request, pk, stories.approve_story, _("The story is approved."))


@organisation_view(Permission.MANAGE_RESULTS)
@require_POST
def story_send_back(request, pk: int):
    story = _story(request, pk)
    form = SendBackForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "reports/story.html",
            {
                "story": story,
                "photos": story.photos.defer("image"),
                "quotes": story.quotes.all(),
                "note": stories.last_note(story),
                "send_back_form": form,
                **_may(request, story),
            },
            status=400,
        )
    return _step(
        request,
        pk,
        stories.send_back_story,
        _("The story is back with its writer."),
        note=form.cleaned_data["note"],
    )


@organisation_view(Permission.WRITE_STORIES)
@require_POST
def story_withdraw(request, pk: int):
    return _step(request, pk, stories.withdraw_story, _("The story is withdrawn."))


urlpatterns = [
    path(STORIES, story_list, name="stories"),
    path(STORIES + "new/", story_new, name="story_new"),
    path(STORIES + "<int:pk>/", story_page, name="story"),
    path(STORIES + "<int:pk>/edit/", story_edit, name="story_edit"),
    path(STORIES + "<int:pk>/photos/", story_photos, name="story_photos"),
    path(STORIES + "<int:pk>/photos/<int:photo>/", story_photo, name="story_photo"),
    path(
        STORIES + "<int:pk>/photos/<int:photo>/remove/",
        story_photo_remove,
        name="story_photo_remove",
    ),
    path(STORIES + "<int:pk>/quotes/", story_quotes, name="story_quotes"),
    path(
        STORIES + "<int:pk>/quotes/<int:quote>/remove/",
        story_quote_remove,
        name="story_quote_remove",
    ),
    path(STORIES + "<int:pk>/submit/", story_submit, name="story_submit"),
    path(STORIES + "<int:pk>/approve/", story_approve, name="story_approve"),
    path(STORIES + "<int:pk>/send-back/", story_send_back, name="story_send_back"),
    path(STORIES + "<int:pk>/withdraw/", story_withdraw, name="story_withdraw"),
]
