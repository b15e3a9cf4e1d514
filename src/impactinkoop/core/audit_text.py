"""Readable sentences for audit entries ("Anna froze Nulmeting 2025"), never the raw action code
or a Python dict. Core knows no app: each app registers the sentence for its own action codes in
its `audit_texts.py` (found by `CoreConfig.ready`). A sentence is a lazy translation with the
placeholders `%(actor)s` and `%(object)s`, so it is shown in the reader's language."""

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

_SENTENCES: dict[str, object] = {}

# The last part of a code (`plan.goal.created`) when no app registered a sentence for it.
_BY_VERB = {
    "created": gettext_lazy("%(actor)s created %(object)s"),
    "changed": gettext_lazy("%(actor)s changed %(object)s"),
    "updated": gettext_lazy("%(actor)s changed %(object)s"),
    "deleted": gettext_lazy("%(actor)s deleted %(object)s"),
    "retried": gettext_lazy("%(actor)s tried %(object)s again"),
}
_FALLBACK = gettext_lazy("%(actor)s made a change: %(object)s")


def register_audit_texts(sentences: Mapping[str, object]) -> None:
    """`sentences` maps action codes to lazy translated sentences, or to a function of the
    entry that returns the sentence (for codes whose object needs a lookup to read well)."""
    _SENTENCES.update(sentences)


def actor_name(entry) -> str:
    if entry.actor_id and entry.actor is not None:
        return str(entry.actor)
    if entry.actor_label in ("", "system"):
        return _("The system")
    return entry.actor_label


def sentence(entry) -> str:
    """One readable sentence for an audit entry, in the current language."""
    template = _SENTENCES.get(entry.action) or _BY_VERB.get(entry.action.rsplit(".", 1)[-1])
    if callable(template):
        return template(entry)
    values = {"actor": actor_name(entry), "object": entry.object_repr or "—"}
    return str(template or _FALLBACK) % values


def _label(entry, key: str) -> str:
    """The model field's translated name for a key of the before/after values."""
    try:
        model = apps.get_model(entry.object_type) if entry.object_type else None
    except (LookupError, ValueError):
        model = None
    if model is not None:
        try:
            return str(model._meta.get_field(key.removesuffix("_id")).verbose_name)
        except FieldDoesNotExist:
            pass
    return key.replace("_", " ")


def _value(value) -> str:
    if value is None or value == "":
        return "—"
    if value is True:
        return _("yes")
    if value is False:
        return _("no")
    if isinstance(value, (int, float, Decimal, date, datetime)):
        return formats.localize(value, use_l10n=True)
    if isinstance(value, (list, tuple)):
        return ", ".join(_value(item) for item in value) or "—"
    if isinstance(value, dict):
        return "; ".join(f"{key}: {_value(item)}" for key, item in value.items())
    return str(value)


def changes(entry) -> list[dict]:
    """The before/after values as rows of {label, before, after}, only the keys that differ
    (every key when the entry has only one side)."""
    if not isinstance(entry.before or {}, dict) or not isinstance(entry.after or {}, dict):
        return [{"label": "", "before": _value(entry.before), "after": _value(entry.after)}]
    before = entry.before or {}
    after = entry.after or {}
    rows = []
    for key in list(before) + [key for key in after if key not in before]:
        if key in before and key in after and before[key] == after[key]:
            continue
        rows.append(
            {
                "label": _label(entry, key),
                "before": _value(before[key]) if key in before else "",
                "after": _value(after[key]) if key in after else "",
            }
        )
    return rows
