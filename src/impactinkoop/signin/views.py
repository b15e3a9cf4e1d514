"""The second-factor page after the password, setting up the authenticator app, and the
person's own security page: the app, recovery codes, open sessions and remembered browsers."""

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from impactinkoop.accounts.security import locked_out
from impactinkoop.core.redirects import requested_next, safe_next

from . import services, twofactor
from .forms import CodeForm, PasswordAgainForm, SetupForm
from .models import SignInSession, TrustedBrowser
from .policy import second_factor_required
from .qr import qr_code


def _next(request) -> str:
    return safe_next(request, requested_next(request), reverse(settings.LOGIN_REDIRECT_URL))


def _credentials(user) -> dict:
    return {"username": user.email, "second_factor": True}


def _wrong_code(seconds: int) -> str:
    """Why a code was refused: a pause after earlier wrong codes, or the code itself."""
    if seconds:
        return ngettext(
            "This code is not accepted now: after wrong codes the next try waits. Wait "
            "%(seconds)d second and type the code the app shows then.",
            "This code is not accepted now: after wrong codes the next try waits. Wait "
            "%(seconds)d seconds and type the code the app shows then.",
            seconds,
        ) % {"seconds": seconds}
    return _(
        "This code is not right. Check that you type the code the app shows now for "
        "Impactinkoop, and that your phone's clock is right."
    )


@login_required
@require_http_methods(["GET", "POST"])
def verify(request):
    """After the password: the code from the app or a recovery code. Wrong codes count towards
    the same login limit as wrong passwords (axes), and the lockout signs the person out."""
    user = request.user
    if user.is_verified() or twofactor.confirmed_app(user) is None:
        return redirect(_next(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST":
        credentials = _credentials(user)
        if AxesProxyHandler.is_locked(request, credentials):
            logout(request)
            return locked_out(request, credentials=credentials)
        if form.is_valid():
            waiting = twofactor.seconds_to_wait(user)
            device = twofactor.verify(request, form.cleaned_data["code"])
            if device is not None:
                response = redirect(_next(request))
                if form.cleaned_data.get("remember"):
                    twofactor.remember_browser(request, response)
                if twofactor.remaining_recovery_codes(user) <= 2:
                    messages.warning(
                        request,
                        _("You have few recovery codes left: make new ones on your security page."),
                    )
                return response
            user_login_failed.send(__name__, credentials=credentials, request=request)
            if getattr(request, "axes_locked_out", False):
                logout(request)  # axes' middleware answers with the lockout page
                return render(request, "signin/verify.html", {"form": form}, status=429)
            form.add_error("code", _wrong_code(waiting))
    return render(request, "signin/verify.html", {"form": form, "next": _next(request)})


@login_required
@require_http_methods(["GET", "POST"])
def setup(request):
    """Scan the QR code (or type the secret), then give the first code; the new recovery codes
    are shown once on the answer."""
    device = twofactor.pending_app(request.user)
    form = SetupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        waiting = twofactor.seconds_to_wait(request.user)
        codes = twofactor.confirm_app(request, device, form.cleaned_data["code"])
        if codes is not None:
            return render(
                request, "signin/recovery_codes.html", {"codes": codes, "next": _next(request)}
            )
        form.add_error("code", _wrong_code(waiting))
    context = {
        "form": form,
        "qr": qr_code(device.config_url),
        "secret": twofactor.readable_secret(device),
        "replacing": twofactor.confirmed_app(request.user) is not None,
        "required": second_factor_required(request.user),
        "next": _next(request),
    }
    return render(request, "signin/setup.html", context)


def _security_page(request, password_form=None, status=200):
    user = request.user
    context = {
        "app": twofactor.confirmed_app(user),
        "codes_left": twofactor.remaining_recovery_codes(user),
        "required": second_factor_required(user),
        "sessions": services.open_sessions(user),
        "current_key": request.session.session_key,
        "browsers": TrustedBrowser.objects.filter(user=user).order_by("-created_at"),
        "password_form": password_form or PasswordAgainForm(user=user),
    }
    return render(request, "signin/security.html", context, status=status)


@login_required
def security(request):
    return _security_page(request)


@login_required
@require_POST
def recovery_codes(request):
    if twofactor.confirmed_app(request.user) is None:
        return redirect("signin:security")
    codes = twofactor.renew_recovery_codes(request.user)
    return render(
        request, "signin/recovery_codes.html", {"codes": codes, "next": reverse("signin:security")}
    )


@login_required
@require_POST
def turn_off(request):
    user = request.user
    if second_factor_required(user):
        messages.error(
            request,
            _(
                "Your role or organisation asks for two factors: you can replace the app, not "
                "turn it off."
            ),
        )
        return redirect("signin:security")
    form = PasswordAgainForm(request.POST, user=user)
    if not form.is_valid():
        return _security_page(request, form, status=400)
    twofactor.remove_second_factor(user)
    messages.success(
        request, _("The authenticator app is turned off; you sign in with your password only.")
    )
    return redirect("signin:security")


@login_required
@require_POST
def end_session(request, pk: int):
    session = get_object_or_404(SignInSession, pk=pk, user=request.user, ended_at=None)
    if session.session_key == request.session.session_key:
        logout(request)
        return redirect(settings.LOGOUT_REDIRECT_URL)
    services.end_session(request.user, session)
    messages.success(request, _("That session has ended."))
    return redirect("signin:security")


@login_required
@require_POST
def forget_browser(request, pk: int):
    get_object_or_404(TrustedBrowser, pk=pk, user=request.user).delete()
    messages.success(request, _("That browser asks for a code again at the next sign-in."))
    return redirect("signin:security")


@login_required
@require_POST
def sign_out_everywhere(request):
    count = services.sign_out_everywhere(request.user)
    logout(request)
    messages.success(
        request,
        ngettext(
            "You are signed out everywhere (%(count)d session).",
            "You are signed out everywhere (%(count)d sessions).",
            count,
        )
        % {"count": count},
    )
    return redirect(settings.LOGOUT_REDIRECT_URL)
