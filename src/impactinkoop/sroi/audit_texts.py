"""Sentences for the social-return app's audit actions (see `core.audit_text`)."""

from django.utils.translation import gettext_lazy as _

from impactinkoop.core.audit_text import register_audit_area, register_audit_texts

register_audit_texts(
    {
        "sroi.rules_loaded": _("%(actor)s loaded the building-block table %(object)s"),
        "sroi.rules_copied": _("%(actor)s copied a building-block table to %(object)s"),
        "sroi.obligation_created": _("%(actor)s recorded the social-return obligation %(object)s"),
        "sroi.obligation_changed": _("%(actor)s changed the social-return obligation %(object)s"),
        "sroi.realisation_added": _("%(actor)s entered a realisation for %(object)s"),
        "sroi.realisation_accepted": _("%(actor)s accepted a realisation for %(object)s"),
        "sroi.realisation_rejected": _("%(actor)s rejected a realisation for %(object)s"),
        "sroi.realisation_submitted": _("%(actor)s submitted a realisation for %(object)s"),
        "sroi.realisation_resubmitted": _("%(actor)s submitted a realisation for %(object)s again"),
        "sroi.reminder_before": _("%(actor)s sent a reminder of the report deadline of %(object)s"),
        "sroi.reminder_after": _("%(actor)s sent a reminder of the overdue report of %(object)s"),
        "sroi.follow_up_reported": _(
            "%(actor)s reported whether a participant of %(object)s is still employed"
        ),
        "sroi.realisation_split": _("%(actor)s split a double count for %(object)s"),
        "sroi.participants_reduced": _(
            "%(actor)s reduced the participant data of %(object)s to counts"
        ),
        "sroi.imported": _("%(actor)s imported social return from %(object)s"),
    }
)

register_audit_area("sroi", _("Social return"))
