"""Sentences for the register's audit actions (see `core.audit_text`)."""

from django.utils.translation import gettext_lazy as _

from impactinkoop.core.audit_text import register_audit_area, register_audit_texts

register_audit_texts(
    {
        "register.company_created": _("%(actor)s added %(object)s to the register"),
        "register.company_updated": _("%(actor)s changed %(object)s in the register"),
        "register.qualification_added": _("%(actor)s added a qualification: %(object)s"),
        "register.qualification_changed": _("%(actor)s changed a qualification: %(object)s"),
        "register.policy_changed": _("%(actor)s changed the policy of %(object)s"),
    }
)

register_audit_area("register", _("Register"))
