"""Meetings and dilemmas of an intervision group. Every object is fetched through the request's
group (`request.group`, set by `group_page`), so an id of another group's meeting, dilemma or
answer is a 404 even for a member of both."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .. import group_threads
from ..group_forms import AnswerForm, DilemmaForm, MeetingForm, NotesForm
from ..groups import group_page, require_host
from ..models import Answer, Dilemma, Meeting


def upcoming_meetings(groups):
    return (
        Meeting.objects.filter(group__in=groups, starts_at__gte=timezone.now())
        .select_related("group")
        .order_by("starts_at")
    )


def _meeting(request, pk: int) -> Meeting:
    return get_object_or_404(request.group.meetings.select_related("group"), pk=pk)


def _dilemma(request, pk: int) -> Dilemma:
    return get_object_or_404(request.group.dilemmas.select_related("group", "author"), pk=pk)


def _to_meeting(request, meeting: Meeting):
    return redirect("peers:meeting", group_pk=request.group.pk, pk=meeting.pk)


def _to_dilemma(request, dilemma: Dilemma):
    return redirect("peers:dilemma", group_pk=request.group.pk, pk=dilemma.pk)


def _form_page(request, template: str, context: dict):
    context = {"group": request.group, "member": request.group_member, **context}
    return render(request, template, context, status=400 if request.method == "POST" else 200)


@group_page
@require_http_methods(["GET", "POST"])
def meeting_new(request):
    require_host(request.group_member)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        meeting = group_threads.plan_meeting(member=request.group_member, **form.meeting_fields())
        messages.success(request, _("The meeting is planned."))
        return _to_meeting(request, meeting)
    return _form_page(request, "peers/meeting_form.html", {"form": form, "meeting": None})


@group_page
@require_GET
def meeting_page(request, pk: int):
    meeting = _meeting(request, pk)
    return render(
        request,
        "peers/meeting.html",
        {
            "group": request.group,
            "member": request.group_member,
            "meeting": meeting,
            "is_past": meeting.starts_at < timezone.now(),
        },
    )


@group_page
@require_http_methods(["GET", "POST"])
def meeting_edit(request, pk: int):
    """A host changes the whole meeting; any other member writes the notes."""
    meeting = _meeting(request, pk)
    if request.group_member.is_host:
        form = MeetingForm(request.POST or None, meeting=meeting)
    else:
        form = NotesForm(request.POST or None, initial={"notes": meeting.notes})
    if request.method == "POST" and form.is_valid():
        changes = (
            form.meeting_fields() if isinstance(form, MeetingForm) else dict(form.cleaned_data)
        )
        group_threads.change_meeting(member=request.group_member, meeting=meeting, **changes)
        messages.success(request, _("Saved."))
        return _to_meeting(request, meeting)
    return _form_page(request, "peers/meeting_form.html", {"form": form, "meeting": meeting})


@group_page
@require_POST
def meeting_delete(request, pk: int):
    meeting = _meeting(request, pk)
    group_threads.cancel_meeting(member=request.group_member, meeting=meeting)
    messages.success(request, _("The meeting is removed."))
    return redirect("peers:group", group_pk=request.group.pk)


@group_page
@require_http_methods(["GET", "POST"])
def dilemma_new(request):
    form = DilemmaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        dilemma = group_threads.post_dilemma(member=request.group_member, **form.cleaned_data)
        messages.success(request, _("Your dilemma is posted. The other members can answer it."))
        return _to_dilemma(request, dilemma)
    return _form_page(request, "peers/dilemma_form.html", {"form": form})


@group_page
@require_http_methods(["GET", "POST"])
def dilemma_page(request, pk: int):
    """The dilemma with its answers, each with its replies indented; posting answers it."""
    dilemma = _dilemma(request, pk)
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        parent = None
        if form.cleaned_data["parent"]:
            parent = get_object_or_404(dilemma.answers, pk=form.cleaned_data["parent"])
        group_threads.answer_dilemma(
            member=request.group_member,
            dilemma=dilemma,
            text=form.cleaned_data["text"],
            parent=parent,
        )
        messages.success(request, _("Your answer is posted."))
        return _to_dilemma(request, dilemma)
    replies = Answer.objects.select_related("author").prefetch_related("replies")
    answers = list(
        dilemma.answers.filter(parent=None)
        .select_related("author")
        .prefetch_related(Prefetch("replies", queryset=replies))
    )
    shown = [answer for top in answers for answer in (top, *top.replies.all())]
    _describe(request, dilemma, shown)
    return render(
        request,
        "peers/dilemma.html",
        {
            "group": request.group,
            "member": request.group_member,
            "dilemma": dilemma,
            "answers": answers,
            "answer_count": len(shown),
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )


def _describe(request, dilemma: Dilemma, answers: list[Answer]) -> None:
    """Set on each post the organisation its author speaks for in the group (none once they
    left), and whether the member may delete it: their own, and nobody replied to it."""
    speaks_for = {
        person.user_id: person.organisation.name if person.organisation else ""
        for person in request.group.members.select_related("organisation")
    }
    dilemma.speaks_for = speaks_for.get(dilemma.author_id, "")
    for answer in answers:
        answer.speaks_for = speaks_for.get(answer.author_id, "")
        answer.deletable = answer.author_id == request.group_member.user_id and not list(
            answer.replies.all()
        )


@group_page
@require_POST
def answer_delete(request, pk: int, answer: int):
    dilemma = _dilemma(request, pk)
    found = get_object_or_404(dilemma.answers.select_related("dilemma"), pk=answer)
    try:
        group_threads.delete_answer(member=request.group_member, answer=found)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your answer is deleted."))
    return _to_dilemma(request, dilemma)


def routes(prefix: str) -> list:
    return [
        path(prefix + "meetings/new/", meeting_new, name="meeting_new"),
        path(prefix + "meetings/<int:pk>/", meeting_page, name="meeting"),
        path(prefix + "meetings/<int:pk>/edit/", meeting_edit, name="meeting_edit"),
        path(prefix + "meetings/<int:pk>/delete/", meeting_delete, name="meeting_delete"),
        path(prefix + "dilemmas/new/", dilemma_new, name="dilemma_new"),
        path(prefix + "dilemmas/<int:pk>/", dilemma_page, name="dilemma"),
        path(
            prefix + "dilemmas/<int:pk>/answers/<int:answer>/delete/",
            answer_delete,
            name="answer_delete",
        ),
    ]
