"""Sentences for the sign-in audit actions (see `core.audit_text`)."""

from django.utils.translation import gettext_lazy as _

from impactinkoop.core.audit_text import register_audit_area, register_audit_texts

register_audit_texts(
    {
        "signin.signed_in": _("%(object)s signed in"),
        "signin.signed_in_by_provider": _("%(object)s signed in through the organisation"),
        "signin.failed": _("A sign-in as %(object)s failed: wrong password"),
        "signin.second_factor_failed": _("A sign-in as %(object)s failed: wrong code"),
        "signin.signed_out_everywhere": _("%(object)s signed out on every device"),
        "signin.two_factor_set_up": _("%(object)s set up an authenticator app"),
        "signin.two_factor_turned_off": _("%(object)s turned off the authenticator app"),
        "signin.two_factor_reset": _("%(actor)s reset the second factor of %(object)s"),
        "signin.recovery_codes_renewed": _("%(object)s made new recovery codes"),
        "signin.recovery_code_used": _("%(object)s signed in with a recovery code"),
    }
)

register_audit_area("signin", _("Signing in"))
