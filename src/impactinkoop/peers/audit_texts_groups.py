"""Sentences for the intervision groups' audit actions (see `core.audit_text`). The entries name
the group, never what was said in it (`peers.groups`)."""

from django.utils.translation import gettext_lazy as _

from impactinkoop.core.audit_text import (
    register_audit_fields,
    register_audit_texts,
)

# The group and its members (peers.groups).
register_audit_texts(
    {
        "peers.group_started": _("%(actor)s started the intervision group %(object)s"),
        "peers.group_changed": _("%(actor)s changed the intervision group %(object)s"),
        "peers.group_invited": _("%(actor)s invited %(object)s to an intervision group"),
        "peers.group_invitation_withdrawn": _(
            "%(actor)s withdrew the invitation of %(object)s to an intervision group"
        ),
        "peers.group_joined": _("%(actor)s joined the intervision group %(object)s"),
        "peers.group_member_added": _(
            "%(actor)s added a member to an intervision group: %(object)s"
        ),
        "peers.group_host_changed": _("%(actor)s changed who hosts: %(object)s"),
        "peers.group_member_removed": _(
            "%(actor)s removed a member from an intervision group: %(object)s"
        ),
        "peers.group_left": _("%(actor)s left the intervision group %(object)s"),
        "peers.group_closed": _("%(actor)s left and closed the intervision group %(object)s"),
    }
)

# Meetings and dilemmas (peers.group_threads).
register_audit_texts(
    {
        "peers.meeting_planned": _("%(actor)s planned a meeting of %(object)s"),
        "peers.meeting_changed": _("%(actor)s changed the meeting of %(object)s"),
        "peers.meeting_cancelled": _("%(actor)s removed the meeting of %(object)s"),
        "peers.dilemma_posted": _("%(actor)s put a dilemma to the intervision group %(object)s"),
        "peers.dilemma_answered": _("%(actor)s answered a dilemma in %(object)s"),
        "peers.dilemma_replied": _("%(actor)s replied to an answer in %(object)s"),
        "peers.answer_deleted": _("%(actor)s deleted their answer to a dilemma in %(object)s"),
    }
)
register_audit_fields({"changed": _("changed"), "email": _("e-mail address")})
