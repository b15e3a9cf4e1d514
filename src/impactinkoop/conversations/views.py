"""Pages of the supplier conversations: whom to talk to first and why, the conversations, one
conversation with its commitments, and the commitments with reminders of passed follow-ups."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from impactinkoop.accounts.models import Membership
from impactinkoop.accounts.roles import Permission
from impactinkoop.accounts.tenancy import get_for_organisation, organisation_view

from .forms import CommitmentFields, ConversationForm, MeasurementForm
from .models import Commitment, Conversation
from .priorities import priorities
from .services import (
    add_commitment,
    last_conversations,
    record_conversation,
    set_status,
    to_measurement,
    to_plan_action,
)


def _member(request, user_id):
    if user_id is None:
        return None
    membership = (
        Membership.objects.active()
        .filter(organisation=request.organisation, user_id=user_id)
        .select_related("user")
        .first()
    )
    return membership.user if membership else None


def _may_record(request) -> bool:
    return request.membership.has_permission(Permission.RECORD_SUPPLIER_TALKS)


@organisation_view(Permission.VIEW_SUPPLIER_TALKS)
@require_GET
def priority_list(request):
    today = timezone.localdate()
    found = priorities(request.organisation, today, last_conversations(request.organisation))
    return render(
        request,
        "conversations/priorities.html",
        {"priorities": found, "may_record": _may_record(request)},
    )


@organisation_view(Permission.VIEW_SUPPLIER_TALKS)
@require_GET
def conversation_list(request):
    conversations = list(
        Conversation.objects.for_organisation(request.organisation).prefetch_related("commitments")
    )
    return render(
        request,
        "conversations/conversation_list.html",
        {"conversations": conversations, "may_record": _may_record(request)},
    )


@organisation_view(Permission.RECORD_SUPPLIER_TALKS)
@require_http_methods(["GET", "POST"])
def conversation_new(request):
    initial = {"held_on": timezone.localdate()}
    if request.GET.get("supplier", "").isdigit():
        initial["supplier"] = int(request.GET["supplier"])
    form = ConversationForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        organisation=request.organisation,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                conversation = record_conversation(
                    request.organisation,
                    actor=request.user,
                    supplier_id=data["supplier"],
                    held_on=data["held_on"],
                    participants=data["participants"],
                    asked=data["asked"],
                    offered=data["offered"],
                )
                if data["description"]:
                    add_commitment(
                        conversation,
                        actor=request.user,
                        description=data["description"],
                        follow_up=data["follow_up"],
                        owner=_member(request, data["owner"]),
                    )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The conversation was recorded."))
            return redirect(
                "conversations:conversation",
                org_slug=request.organisation.slug,
                pk=conversation.pk,
            )
    status = 400 if request.method == "POST" else 200
    return render(request, "conversations/conversation_form.html", {"form": form}, status=status)


@organisation_view(Permission.VIEW_SUPPLIER_TALKS)
@require_GET
def conversation_detail(request, pk: int):
    conversation = get_for_organisation(request, Conversation, pk=pk)
    commitments = list(conversation.commitments.select_related("owner", "plan_action"))
    context = {
        "conversation": conversation,
        "commitments": commitments,
        "today": timezone.localdate(),
        "may_record": _may_record(request),
        "form": CommitmentFields(organisation=request.organisation),
        "statuses": Commitment.Status.choices,
    }
    return render(request, "conversations/conversation_detail.html", context)


@organisation_view(Permission.RECORD_SUPPLIER_TALKS)
@require_POST
def commitment_new(request, pk: int):
    conversation = get_for_organisation(request, Conversation, pk=pk)
    form = CommitmentFields(request.POST, organisation=request.organisation)
    if form.is_valid():
        add_commitment(
            conversation,
            actor=request.user,
            description=form.cleaned_data["description"],
            follow_up=form.cleaned_data["follow_up"],
            owner=_member(request, form.cleaned_data["owner"]),
        )
        messages.success(request, _("The commitment was recorded."))
    else:
        messages.error(request, _("A commitment needs a description and a follow-up date."))
    return redirect("conversations:conversation", org_slug=request.organisation.slug, pk=pk)


def _commitment(request, pk: int) -> Commitment:
    return get_for_organisation(request, Commitment.objects.select_related("conversation"), pk=pk)


def _back(request, commitment):
    return redirect(
        "conversations:conversation",
        org_slug=request.organisation.slug,
        pk=commitment.conversation_id,
    )


@organisation_view(Permission.RECORD_SUPPLIER_TALKS)
@require_POST
def commitment_status(request, pk: int):
    commitment = _commitment(request, pk)
    try:
        set_status(commitment, actor=request.user, status=request.POST.get("status", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _back(request, commitment)


@organisation_view(Permission.RECORD_SUPPLIER_TALKS)
@require_POST
def commitment_action(request, pk: int):
    commitment = _commitment(request, pk)
    try:
        to_plan_action(commitment, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The commitment is now an action in the plan."))
    return _back(request, commitment)


@organisation_view(Permission.RECORD_SUPPLIER_TALKS)
@require_http_methods(["GET", "POST"])
def commitment_measure(request, pk: int):
    commitment = _commitment(request, pk)
    form = MeasurementForm(
        request.POST if request.method == "POST" else None,
        initial={"measured_on": timezone.localdate()},
        organisation=request.organisation,
    )
    if request.method == "POST" and form.is_valid():
        try:
            to_measurement(commitment, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The commitment was entered as a measurement."))
            return _back(request, commitment)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "conversations/measure.html",
        {"form": form, "commitment": commitment},
        status=status,
    )


@organisation_view(Permission.VIEW_SUPPLIER_TALKS)
@require_GET
def commitment_list(request):
    today = timezone.localdate()
    commitments = list(
        Commitment.objects.for_organisation(request.organisation).select_related(
            "conversation", "owner", "plan_action"
        )
    )
    overdue = [c for c in commitments if c.is_overdue(today)]
    return render(
        request,
        "conversations/commitment_list.html",
        {"commitments": commitments, "overdue": overdue, "today": today},
    )
