"""Sentences for the accounts app's audit actions (see `core.audit_text`)."""

from django.utils.translation import gettext_lazy as _

from impactinkoop.core.audit_text import (
    register_audit_area,
    register_audit_fields,
    register_audit_texts,
)

register_audit_texts(
    {
        "organisation.created": _("%(actor)s created the organisation %(object)s"),
        "organisation.updated": _("%(actor)s changed the details of %(object)s"),
        "organisation.theme_changed": _("%(actor)s changed the house style of %(object)s"),
        "organisation.token_set_assigned": _(
            "%(actor)s changed the published token set of %(object)s"
        ),
        "members.invited": _("%(actor)s invited %(object)s"),
        "members.invitation_revoked": _("%(actor)s withdrew the invitation of %(object)s"),
        "members.joined": _("%(object)s joined"),
        "members.added": _("%(actor)s added %(object)s as a member"),
        "members.role_changed": _("%(actor)s changed the role of %(object)s"),
        "members.department_changed": _("%(actor)s changed the department of %(object)s"),
        "members.removed": _("%(actor)s removed %(object)s"),
        "members.deactivated": _("%(actor)s deactivated %(object)s"),
        "members.reactivated": _("%(actor)s reactivated %(object)s"),
        "account.created": _("%(object)s created an account"),
        "contractors.invited": _("%(actor)s invited %(object)s as a contractor"),
        "contractors.joined": _("%(object)s accepted the invitation as a contractor"),
        "contractors.access_withdrawn": _("%(actor)s withdrew the contractor access of %(object)s"),
    }
)

register_audit_fields(
    {
        "member_active": _("active member"),
        "can_sign_in": _("can sign in"),
    }
)

register_audit_area("organisation", _("Organisation"))
register_audit_area("members", _("Members"))
register_audit_area("account", _("Accounts"))
register_audit_area("contractors", _("Contractors"))
