"""Sentences for the audit actions of the knowledge per step (see `core.audit_text`). The case
library only reads, so it writes no entries."""

from django.utils.translation import gettext_lazy as _

from impactinkoop.core.audit_text import (
    register_audit_fields,
    register_audit_texts,
)

register_audit_texts(
    {
        "peers.knowledge_added": _("%(actor)s added %(object)s to the knowledge"),
        "peers.knowledge_changed": _("%(actor)s changed %(object)s in the knowledge"),
        "peers.knowledge_removed": _("%(actor)s removed %(object)s from the knowledge"),
        "peers.knowledge_starter_added": _("%(actor)s added %(object)s to the knowledge"),
    }
)
register_audit_fields(
    {
        "file_name": _("document"),
        "document": _("document"),
        "items": _("items"),
    }
)
