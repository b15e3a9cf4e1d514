"""Between the password and every page: the second factor where it is asked, the end of a
session started through the organisation's provider, and the session's last activity."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from . import services, twofactor
from .policy import open_before_second_factor, second_factor_asked
from .queries import has_two_factors
from .sessions import provider_session_has_ended


class SignInMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            stop = self._check(request)
            if stop is not None:
                return stop
        return self.get_response(request)

    def _check(self, request):
        if provider_session_has_ended(request):
            path = request.get_full_path()
            logout(request)
            messages.info(
                request,
                _("Your sign-in has ended after the time your organisation allows; sign in again."),
            )
            return redirect_to_login(path)
        services.note_activity(request)
        if not second_factor_asked(request) or twofactor.trusted_browser(request):
            return None
        if open_before_second_factor(request.path):
            request.second_factor_pending = True  # base.html: no menu but signing out
            return None
        target = "signin:verify" if has_two_factors(request.user) else "signin:setup"
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
