"""Writing the audit log: service functions call `log_action` explicitly, never a signal."""

from typing import Any

from django.db import models
from django.forms.models import model_to_dict

from .models import AuditEntry


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The values of a model's own fields, for the before/after columns."""
    data = model_to_dict(obj, fields=fields)
    return {
        key: (str(value) if isinstance(value, models.Model) else value)
        for key, value in data.items()
    }


def actor_fields(actor) -> dict:
    """Who did it: a user, or a label such as "cli" or "demo" for scripts."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    return {
        "actor": user,
        "actor_label": user.email if user else (str(actor) if actor else "system"),
    }


def log_action(
    action: str,
    *,
    actor,
    organisation=None,
    obj: models.Model | None = None,
    before: dict | None = None,
    after: dict | None = None,
    object_repr: str | None = None,
) -> AuditEntry:
    """Append one entry; `action` is a dotted code such as `members.invited`."""
    return AuditEntry.objects.create(
        organisation=organisation,
        **actor_fields(actor),
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=(object_repr if object_repr is not None else str(obj or ""))[:300],
        before=before,
        after=after,
    )
