"""Intervision group pages under `groups/`, outside any organisation: my groups, starting one,
accepting an invitation, and a group's overview, settings and members. Every page of a group is
wrapped in `group_page` (members only, 404 for anyone else); its meetings and dilemmas are in
`group_meetings`, whose routes are listed here too."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from impactinkoop.accounts.forms import RegistrationForm
from impactinkoop.accounts.models import User

from .. import groups
from ..group_forms import GroupForm, InviteForm, JoinForm, NewGroupForm
from ..groups import group_page
from ..models import Group, GroupInvitation, GroupMember
from . import group_meetings


def _to_group(group_pk: int, name: str = "peers:group"):
    return redirect(name, group_pk=group_pk)


@login_required
@require_GET
def group_list(request):
    user = request.user
    # Counted apart from the filter on the user's own membership, which would count only that.
    my_groups = (
        Group.objects.filter(pk__in=Group.objects.for_member(user).values("pk"))
        .annotate(member_count=Count("members"))
        .order_by("name")
    )
    upcoming = {}
    for meeting in group_meetings.upcoming_meetings(my_groups):
        upcoming.setdefault(meeting.group_id, meeting)
    return render(
        request,
        "peers/group_list.html",
        {
            "groups": [(group, upcoming.get(group.pk)) for group in my_groups],
            "invitations": groups.open_invitations(email=user.email.lower())
            .exclude(group__members__user=user)
            .select_related("group", "invited_by"),
            "may_start": bool(groups.starting_organisations(user)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def group_new(request):
    organisations = groups.starting_organisations(request.user)
    if not organisations:
        raise PermissionDenied
    last = request.user.last_organisation_id
    form = NewGroupForm(
        request.POST or None,
        organisations=organisations,
        initial={"organisation": last if last in {o.pk for o in organisations} else None},
    )
    if request.method == "POST" and form.is_valid():
        group = groups.start_group(actor=request.user, **form.cleaned_data)
        messages.success(request, _("The group is started. Invite the other members."))
        return _to_group(group.pk, "peers:group_members")
    return render(
        request,
        "peers/group_form.html",
        {"form": form, "group": None},
        status=400 if request.method == "POST" else 200,
    )


def _join_form(request):
    organisations = groups.user_organisations(request.user)
    return JoinForm(
        request.POST or None,
        organisations=organisations,
        initial_organisation=request.user.last_organisation,
    )


def _welcome(request, member: GroupMember):
    messages.success(request, _("Welcome to %(name)s.") % {"name": member.group.name})
    return _to_group(member.group_id)


def _closed(request, invitation, reason: str):
    return render(
        request,
        "peers/group_invitation_closed.html",
        {"reason": reason, "invitation": invitation},
        status=404 if reason == "unknown" else 410,
    )


@require_http_methods(["GET", "POST"])
def group_invitation(request, token: str):
    """The link in the invitation mail: the person it was sent to joins, after logging in or,
    without an account, after creating one (as with an invitation to an organisation)."""
    invitation = groups.find_invitation(token)
    if invitation is None:
        return _closed(request, None, "unknown")
    state = groups.invitation_state(invitation)
    if state != "open":
        return _closed(request, invitation, state)
    context = {"invitation": invitation}
    user = request.user
    if user.is_authenticated:
        if user.email.lower() != invitation.email:
            return render(request, "peers/group_invitation_wrong_account.html", context, status=403)
        return _accept(request, invitation)
    if User.objects.filter(email__iexact=invitation.email).exists():
        return render(request, "peers/group_invitation_login.html", context)
    form = RegistrationForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            new_user = groups.register_and_join(
                invitation=invitation,
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password1"],
            )
        except ValidationError as error:
            if error.code == "closed":  # the same link was used a moment ago, in another tab
                return _closed(request, invitation, "accepted")
            form.add_error(None, error)
        else:
            login(request, new_user, backend="django.contrib.auth.backends.ModelBackend")
            return _welcome(request, groups.member_of(new_user, invitation.group_id))
    context["form"] = form
    return render(
        request,
        "peers/group_invitation_register.html",
        context,
        status=400 if request.method == "POST" else 200,
    )


def _accept(request, invitation: GroupInvitation):
    form = _join_form(request)
    if request.method == "POST" and form.is_valid():
        try:
            member = groups.accept_invitation(
                invitation=invitation,
                user=request.user,
                organisation=form.cleaned_data["organisation"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("peers:groups")
        return _welcome(request, member)
    return render(
        request,
        "peers/group_invitation.html",
        {"invitation": invitation, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def group_invitation_accept(request, pk: int):
    """An open invitation shown on "my groups", accepted without the mail's link: the account
    has the address the invitation was sent to (set by an invitation or an administrator, never
    by its user), which is what the link would prove."""
    invitation = get_object_or_404(
        groups.open_invitations(email=request.user.email.lower()).select_related("group"), pk=pk
    )
    return _accept(request, invitation)


@group_page
@require_GET
def group_overview(request):
    group = request.group
    now = timezone.now()
    meetings = group.meetings.all()
    return render(
        request,
        "peers/group.html",
        {
            "group": group,
            "member": request.group_member,
            "members": _members(group),
            "upcoming": meetings.filter(starts_at__gte=now).order_by("starts_at"),
            "past": meetings.filter(starts_at__lt=now).order_by("-starts_at"),
            "dilemmas": group.dilemmas.select_related("author").annotate(
                answer_count=Count("answers")
            ),
        },
    )


def _members(group):
    return group.members.select_related("user", "organisation").order_by(
        "-is_host", "user__full_name", "user__email"
    )


@group_page
@require_http_methods(["GET", "POST"])
def group_edit(request):
    groups.require_host(request.group_member)
    form = GroupForm(request.POST or None, instance=Group.objects.get(pk=request.group.pk))
    if request.method == "POST" and form.is_valid():
        groups.change_group(member=request.group_member, **form.cleaned_data)
        messages.success(request, _("Saved."))
        return _to_group(request.group.pk)
    return render(
        request,
        "peers/group_form.html",
        {"form": form, "group": request.group},
        status=400 if request.method == "POST" else 200,
    )


@group_page
@require_http_methods(["GET", "POST"])
def group_members(request):
    """Everyone sees who is in the group; hosts invite, withdraw invitations, and appoint."""
    member = request.group_member
    form = InviteForm(request.POST or None)
    if request.method == "POST":
        groups.require_host(member)
        if form.is_valid():
            try:
                invitation = groups.invite(member=member, email=form.cleaned_data["email"])
            except ValidationError as error:
                form.add_error("email", error)
            else:
                messages.success(
                    request, _("An invitation was sent to %(email)s.") % {"email": invitation.email}
                )
                return _to_group(request.group.pk, "peers:group_members")
    invitations = []
    if member.is_host:
        invitations = groups.open_invitations(group=request.group).select_related("invited_by")
    return render(
        request,
        "peers/group_members.html",
        {
            "group": request.group,
            "member": member,
            "members": _members(request.group),
            "invitations": invitations,
            "form": form,
        },
        status=400 if form.errors else 200,
    )


def _other_member(request, pk: int) -> GroupMember:
    return get_object_or_404(request.group.members.select_related("user"), pk=pk)


@group_page
@require_POST
def group_member_host(request, pk: int):
    other = _other_member(request, pk)
    try:
        groups.set_host(
            member=request.group_member, other=other, is_host=request.POST.get("host") == "1"
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _to_group(request.group.pk, "peers:group_members")


@group_page
@require_POST
def group_member_remove(request, pk: int):
    other = _other_member(request, pk)
    try:
        groups.remove_member(member=request.group_member, other=other)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s is no longer a member.") % {"name": other.user})
    return _to_group(request.group.pk, "peers:group_members")


@group_page
@require_POST
def group_invitation_withdraw(request, pk: int):
    invitation = get_object_or_404(request.group.invitations, pk=pk)
    groups.withdraw_invitation(member=request.group_member, invitation=invitation)
    messages.success(request, _("The invitation is withdrawn."))
    return _to_group(request.group.pk, "peers:group_members")


@group_page
@require_http_methods(["GET", "POST"])
def group_leave(request):
    member = request.group_member
    alone = not request.group.members.exclude(pk=member.pk).exists()
    if request.method == "POST":
        try:
            closed = groups.leave_group(member=member)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return _to_group(request.group.pk, "peers:group_members")
        if closed:
            messages.success(request, _("You left the group; it is closed."))
        else:
            messages.success(request, _("You left %(name)s.") % {"name": request.group.name})
        return redirect("peers:groups")
    return render(request, "peers/group_leave.html", {"group": request.group, "alone": alone})


GROUP = "groups/<int:group_pk>/"

urlpatterns = [
    path("groups/", group_list, name="groups"),
    path("groups/new/", group_new, name="group_new"),
    path("groups/invitations/<str:token>/", group_invitation, name="group_invitation"),
    path(
        "groups/invitations/<int:pk>/accept/",
        group_invitation_accept,
        name="group_invitation_accept",
    ),
    path(GROUP, group_overview, name="group"),
    path(GROUP + "edit/", group_edit, name="group_edit"),
    path(GROUP + "members/", group_members, name="group_members"),
    path(GROUP + "members/<int:pk>/host/", group_member_host, name="group_member_host"),
    path(GROUP + "members/<int:pk>/remove/", group_member_remove, name="group_member_remove"),
    path(
        GROUP + "invitations/<int:pk>/withdraw/",
        group_invitation_withdraw,
        name="group_invitation_withdraw",
    ),
    path(GROUP + "leave/", group_leave, name="group_leave"),
    *group_meetings.routes(GROUP),
]
