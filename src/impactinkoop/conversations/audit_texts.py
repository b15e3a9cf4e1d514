"""Sentences for the supplier conversations' audit actions (see `core.audit_text`)."""

from django.utils.translation import gettext_lazy as _

from impactinkoop.core.audit_text import register_audit_area, register_audit_texts

register_audit_texts(
    {
        "conversations.recorded": _("%(actor)s recorded the conversation with %(object)s"),
        "conversations.commitment_added": _("%(actor)s recorded the commitment %(object)s"),
        "conversations.commitment_status": _(
            "%(actor)s changed the status of the commitment %(object)s"
        ),
        "conversations.commitment_to_action": _(
            "%(actor)s made the commitment %(object)s an action in the plan"
        ),
        "conversations.commitment_measured": _(
            "%(actor)s entered the commitment %(object)s as a measurement of a goal"
        ),
    }
)

register_audit_area("conversations", _("Supplier conversations"))
