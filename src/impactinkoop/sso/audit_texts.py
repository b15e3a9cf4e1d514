"""Sentences for the single sign-on audit actions (see `core.audit_text`)."""

from django.utils.translation import gettext_lazy as _

from impactinkoop.core.audit_text import register_audit_area, register_audit_texts

register_audit_texts(
    {
        "sso.settings_changed": _("%(actor)s changed how %(object)s signs in"),
        "sso.secrets_re_encrypted": _("The sign-in secret of %(object)s was encrypted again"),
    }
)

register_audit_area("sso", _("Single sign-on"))
