"""`Authorization: Bearer iik_…`: the token is the only credential the API takes (no session
cookie, so no cross-site request can call it on a signed-in person's behalf)."""

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from . import tokens


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("The Authorization header must be 'Bearer' followed by one token.")
            )
        try:
            secret = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("The token is not valid.")) from None
        token = tokens.find(secret)
        if token is None:
            raise exceptions.AuthenticationFailed(
                _("The token is not valid: unknown, revoked or expired.")
            )
        tokens.mark_used(token)
        return (token.user or AnonymousUser(), token)

    def authenticate_header(self, request):
        # Makes DRF answer 401 (with this challenge) instead of 403 when no token was sent.
        return f'{self.keyword} realm="api"'
