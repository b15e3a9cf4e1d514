"""Pages for the start after login, switching organisation, invitations, members and settings."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .forms import (
    InviteForm,
    OrganisationForm,
    OrganisationSwitchForm,
    ProfileForm,
    RegistrationForm,
    RoleForm,
    ThemeForm,
    TokenSetForm,
)
from .models import Department, Invitation, Membership, Organisation, Theme, User
from .roles import ROLE_DESCRIPTIONS, Permission, Role
from .services import (
    THEME_FIELDS,
    accept_invitation,
    assign_token_set,
    change_department,
    change_role,
    deactivate_member,
    invitation_role_label,
    invite_member,
    reactivate_member,
    register_and_accept,
    remove_member,
    revoke_invitation,
    switch_organisation,
    update_organisation,
    update_theme,
)
from .tenancy import get_for_organisation, organisation_view, scoped
from .themes import DEFAULT as DEFAULT_COLOURS
from .themes import (
    MINIMUM_CONTRAST,
    TOKEN_SET_CHOICES,
    contrast_pairs,
    contrast_ratio,
    format_ratio,
    theme_stylesheet,
)


@require_GET
def start(request):
    """Where `/` and login lead: the last organisation, the only one, or the chooser."""
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    organisations = Organisation.objects.for_user(request.user)
    last = request.user.last_organisation
    if last is not None and organisations.filter(pk=last.pk).exists():
        return redirect("portal:home", org_slug=last.slug)
    if organisations.count() == 1:
        return redirect("portal:home", org_slug=organisations.get().slug)
    if not organisations.exists():
        # A contractor is no member: its pages are the contractor portal.
        if request.user.contractor_accesses.exists():
            return redirect("sroi:contractor_home")
        # People from social enterprises have no organisation: their page is their home.
        if request.user.enterprises.exists():
            return redirect("catalogue:my_enterprises")
        if request.user.is_staff:
            return redirect("catalogue:curation")
    return redirect("accounts:organisations")


@require_GET
@login_required
def organisation_list(request):
    memberships = (
        Membership.objects.active()
        .filter(user=request.user)
        .select_related("organisation")
        .order_by("organisation__name")
    )
    return render(request, "accounts/organisation_list.html", {"memberships": memberships})


@require_POST
@login_required
def organisation_switch(request):
    form = OrganisationSwitchForm(request.POST)
    if not form.is_valid():
        raise Http404
    organisation = (
        Organisation.objects.for_user(request.user)
        .filter(slug=form.cleaned_data["organisation"])
        .first()
    )
    if organisation is None:
        raise Http404
    switch_organisation(user=request.user, organisation=organisation)
    return redirect("portal:home", org_slug=organisation.slug)


@require_http_methods(["GET", "POST"])
@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        response = redirect("accounts:profile")
        # Keep the cookie in step, so the login page after logout speaks the same language.
        response.set_cookie("django_language", form.instance.language, samesite="Lax")
        messages.success(request, _("Your settings have been saved."))
        return response
    return render(request, "accounts/profile.html", {"form": form})


@require_http_methods(["GET", "POST"])
def invitation(request, token: str):
    invitation = Invitation.find_by_token(token)
    if invitation is None:
        return render(request, "accounts/invitation_closed.html", {"reason": "unknown"}, status=404)
    if not invitation.is_open:
        reason = (
            "accepted"
            if invitation.accepted_at
            else "revoked"
            if invitation.revoked_at
            else "expired"
        )
        return render(
            request,
            "accounts/invitation_closed.html",
            {"reason": reason, "invitation": invitation},
            status=410,
        )
    context = {"invitation": invitation, "role_label": invitation_role_label(invitation)}
    user = request.user
    if user.is_authenticated:
        if user.email.lower() != invitation.email:
            return render(request, "accounts/invitation_wrong_account.html", context, status=403)
        if request.method == "POST":
            try:
                accept_invitation(invitation=invitation, user=user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
                return redirect("accounts:start")
            return _welcome(request, invitation)
        return render(request, "accounts/invitation_accept.html", context)

    if User.objects.filter(email__iexact=invitation.email).exists():
        return render(request, "accounts/invitation_login.html", context)
    form = RegistrationForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            new_user = register_and_accept(
                invitation=invitation,
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password1"],
            )
        except ValidationError as error:
            if error.code == "closed":  # the same link was used a moment ago, in another tab
                return render(
                    request,
                    "accounts/invitation_closed.html",
                    {"reason": "accepted", "invitation": invitation},
                    status=410,
                )
            form.add_error(None, error)
        else:
            login(request, new_user, backend="django.contrib.auth.backends.ModelBackend")
            return _welcome(request, invitation)
    context["form"] = form
    return render(request, "accounts/invitation_register.html", context)


def _welcome(request, invitation: Invitation):
    """After accepting: a member lands on the organisation, a contractor on its own pages."""
    if invitation.company_id:
        messages.success(
            request,
            _("You can now report social return for %(company)s to %(name)s.")
            % {"company": invitation.company_name, "name": invitation.organisation.name},
        )
        return redirect("sroi:contractor_home")
    messages.success(request, _("Welcome to %(name)s.") % {"name": invitation.organisation.name})
    return redirect("portal:home", org_slug=invitation.organisation.slug)


@organisation_view(Permission.VIEW_MEMBERS)
@require_http_methods(["GET", "POST"])
def members(request):
    can_manage = request.membership.has_permission(Permission.MANAGE_MEMBERS)
    form = InviteForm(request.POST or None)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                invited = invite_member(
                    actor=request.user,
                    organisation=request.organisation,
                    email=form.cleaned_data["email"],
                    role=form.cleaned_data["role"],
                )
            except ValidationError as error:
                form.add_error("email", error)
            else:
                messages.success(request, _invited_message(invited, form.cleaned_data["email"]))
                return redirect("accounts:members", org_slug=request.organisation.slug)
    # One query for both lists, whatever the number of members: the last sign-in is the user's
    # and who deactivated someone comes along.
    all_memberships = list(
        scoped(request, Membership)
        .select_related("user", "department", "deactivated_by")
        .order_by("user__email")
    )
    memberships = [m for m in all_memberships if m.deactivated_at is None]
    # Only administrators see who was deactivated; for everyone else they are no members.
    deactivated = [m for m in all_memberships if m.deactivated_at is not None] if can_manage else []
    invitations = (
        # Contractor invitations are kept on the obligation they are for (social return).
        scoped(request, Invitation).filter(accepted_at=None, revoked_at=None, company_id=None)
        if can_manage
        else Invitation.objects.none()
    )
    context = {
        "memberships": memberships,
        "deactivated_memberships": deactivated,
        "invitations": invitations,
        "form": form,
        "can_manage": can_manage,
        "roles": [(role, ROLE_DESCRIPTIONS[role]) for role in Role],
        "departments": scoped(request, Department).order_by("name") if can_manage else [],
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/members.html", context, status=status)


@organisation_view(Permission.MANAGE_MEMBERS)
@require_POST
def member_role(request, pk: int):
    membership = get_for_organisation(request, Membership.objects.select_related("user"), pk=pk)
    form = RoleForm(request.POST, organisation=request.organisation)
    if form.is_valid():
        try:
            change_role(actor=request.user, membership=membership, role=form.cleaned_data["role"])
            if "department" in request.POST:
                change_department(
                    actor=request.user,
                    membership=membership,
                    department=form.cleaned_data["department"],
                )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("%(email)s is now %(role)s.")
                % {"email": membership.user.email, "role": Role(form.cleaned_data["role"]).label},
            )
    else:
        messages.error(request, _("Choose a valid role."))
    return redirect("accounts:members", org_slug=request.organisation.slug)


@organisation_view(Permission.MANAGE_MEMBERS)
@require_POST
def member_remove(request, pk: int):
    membership = get_for_organisation(request, Membership.objects.select_related("user"), pk=pk)
    try:
        remove_member(actor=request.user, membership=membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("accounts:members", org_slug=request.organisation.slug)
    messages.success(
        request, _("%(email)s is no longer a member.") % {"email": membership.user.email}
    )
    if membership.user_id == request.user.pk:
        # Administrators who leave can no longer see the members page.
        return redirect("accounts:start")
    return redirect("accounts:members", org_slug=request.organisation.slug)


def _invited_message(invited: Invitation | Membership, email: str) -> str:
    if isinstance(invited, Membership):
        return _("%(email)s was deactivated and is an active member again, as %(role)s.") % {
            "email": email,
            "role": invited.get_role_display(),
        }
    return _("Invitation sent to %(email)s.") % {"email": email}


@organisation_view(Permission.MANAGE_MEMBERS)
@require_POST
def member_deactivate(request, pk: int):
    membership = get_for_organisation(request, Membership.objects.select_related("user"), pk=pk)
    try:
        membership = deactivate_member(actor=request.user, membership=membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        email = membership.user.email
        if membership.user.is_active:
            text = _(
                "%(email)s is deactivated: they can no longer open this organisation's pages. "
                "What they did stays."
            )
        else:
            text = _(
                "%(email)s is deactivated: they can no longer open this organisation's pages, "
                "and since they have no other access they can no longer sign in. What they did "
                "stays."
            )
        messages.success(request, text % {"email": email})
    return redirect("accounts:members", org_slug=request.organisation.slug)


@organisation_view(Permission.MANAGE_MEMBERS)
@require_POST
def member_reactivate(request, pk: int):
    membership = get_for_organisation(request, Membership.objects.select_related("user"), pk=pk)
    membership = reactivate_member(actor=request.user, membership=membership)
    messages.success(
        request,
        _("%(email)s is an active member again, as %(role)s.")
        % {"email": membership.user.email, "role": membership.get_role_display()},
    )
    return redirect("accounts:members", org_slug=request.organisation.slug)


@organisation_view(Permission.MANAGE_MEMBERS)
@require_POST
def invitation_revoke(request, pk: int):
    invitation = get_for_organisation(
        request, Invitation.objects.filter(accepted_at=None, revoked_at=None), pk=pk
    )
    revoke_invitation(actor=request.user, invitation=invitation)
    messages.success(
        request, _("The invitation for %(email)s was withdrawn.") % {"email": invitation.email}
    )
    return redirect("accounts:members", org_slug=request.organisation.slug)


@organisation_view(Permission.EDIT_ORGANISATION)
@require_http_methods(["GET", "POST"])
def organisation_settings(request):
    organisation = request.organisation
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        changes = {field: form.cleaned_data[field] for field in form.changed_data}
        try:
            update_organisation(actor=request.user, organisation=organisation, changes=changes)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The organisation's details have been saved."))
            return redirect("accounts:settings", org_slug=organisation.slug)
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/organisation_settings.html", {"form": form}, status=status)


@organisation_view(Permission.EDIT_ORGANISATION)
@require_http_methods(["GET", "POST"])
def house_style(request):
    """The organisation's logo and colours, with a sample of how they look."""
    organisation = request.organisation
    theme = Theme.objects.filter(organisation=organisation).defer("logo").first()
    # The sample shows the saved colours: the form writes what was posted onto the instance.
    colours = theme.colours if theme else DEFAULT_COLOURS
    token_set_label = dict(TOKEN_SET_CHOICES).get(theme.token_set) if theme else None
    public_catalogue = theme.public_catalogue if theme else False
    form = ThemeForm(
        request.POST or None,
        request.FILES or None,
        # By id: an unsaved theme set as the organisation's would reach the page's header.
        instance=theme or Theme(organisation_id=organisation.pk),
    )
    if request.method == "POST" and form.is_valid():
        changes = {
            field: form.cleaned_data[field] for field in form.changed_data if field in THEME_FIELDS
        }
        try:
            update_theme(
                actor=request.user,
                organisation=organisation,
                changes=changes,
                logo=form.cleaned_data.get("logo"),
                remove_logo=form.cleaned_data.get("remove_logo", False),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The house style has been saved."))
            return redirect("accounts:house_style", org_slug=organisation.slug)
    context = {
        "form": form,
        "public_catalogue": public_catalogue,
        "token_set_label": token_set_label,
        "contrasts": [
            (label, format_ratio(ratio), ratio >= MINIMUM_CONTRAST)
            for label, foreground, background in contrast_pairs(colours)
            for ratio in [contrast_ratio(foreground, background)]
        ],
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/house_style.html", context, status=status)


# The stylesheet and logo are public (the themed public catalogue needs them) but their
# addresses carry the theme's random version, so nobody can find an organisation by guessing.
IMMUTABLE = "public, max-age=31536000, immutable"


@require_GET
def theme_css(request, slug: str, version: str):
    theme = get_object_or_404(Theme, organisation__slug=slug, version=version)
    return HttpResponse(
        theme_stylesheet(theme.colours),
        content_type="text/css; charset=utf-8",
        headers={"Cache-Control": IMMUTABLE},
    )


@require_GET
def theme_logo(request, slug: str, version: str):
    theme = get_object_or_404(
        Theme.objects.exclude(logo_content_type=""), organisation__slug=slug, version=version
    )
    response = HttpResponse(bytes(theme.logo), content_type=theme.logo_content_type)
    response["Cache-Control"] = IMMUTABLE
    # An image as its own document: nothing in it may run or load anything.
    response["Content-Security-Policy"] = "default-src 'none'"
    return response


@require_http_methods(["GET", "POST"])
def house_styles(request):
    """Platform administrators assign a municipality its published token set; for anyone else
    this page does not exist."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.is_staff:
        raise Http404
    if request.method == "POST":
        organisation = get_object_or_404(Organisation, slug=request.POST.get("organisation", ""))
        form = TokenSetForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose a valid token set."))
        else:
            assign_token_set(
                actor=request.user,
                organisation=organisation,
                token_set=form.cleaned_data["token_set"],
            )
            messages.success(
                request, _("The house style of %(name)s has been saved.") % {"name": organisation}
            )
        return redirect("accounts:house_styles")
    themes = {
        theme.organisation_id: theme.token_set
        for theme in Theme.objects.exclude(token_set="").only("organisation_id", "token_set")
    }
    rows = [
        (organisation, TokenSetForm(initial={"token_set": themes.get(organisation.pk, "")}))
        for organisation in Organisation.objects.order_by("name")
    ]
    return render(request, "accounts/house_styles.html", {"rows": rows})
