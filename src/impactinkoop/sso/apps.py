from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SsoConfig(AppConfig):
    """Single sign-on with the organisation's own OpenID Connect provider (decision 0027)."""

    name = "impactinkoop.sso"
    label = "sso"
    verbose_name = _("Single sign-on")

    def ready(self):
        # accounts may not import sso (the layers): it asks the rules registered with it.
        from impactinkoop.accounts import signin_routes

        from .password_rule import password_sign_in_refusal

        signin_routes.register(password_sign_in_refusal)
