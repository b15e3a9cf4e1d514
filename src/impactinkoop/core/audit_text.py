"""Readable sentences for audit entries ("Anna froze Nulmeting 2025"), never the raw action code
or a Python dict. Core knows no app: each app registers the sentence for its own action codes in
its `audit_texts.py` (found by `CoreConfig.ready`). A sentence is a lazy translation with the
placeholders `%(actor)s` and `%(object)s`, so it is shown in the reader's language."""

import re
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

_SENTENCES: dict[str, object] = {}
_FIELDS: dict[str, object] = {}
_AREAS: dict[str, object] = {}
_VALUES: dict[str, object] = {}

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


def register_audit_area(prefix: str, label) -> None:
    """The first part of an app's action codes (`members`) and its name, for the log's filter."""
    _AREAS[prefix] = label


def action_choices() -> list:
    """Choices for filtering the log: per area the area as a whole, then each of its actions as
    its sentence with the names left out ("… froze …"), never a code."""
    choices = []
    for prefix, label in sorted(_AREAS.items(), key=lambda item: str(item[1])):
        actions = [(prefix, _("all of %(area)s") % {"area": label})]
        for code, template in sorted(_SENTENCES.items()):
            if code.split(".", 1)[0] == prefix and not callable(template):
                actions.append((code, str(template) % {"actor": "…", "object": "…"}))
        choices.append((str(label), actions))
    return choices


def register_audit_fields(labels: Mapping[str, object], values: Mapping | None = None) -> None:
    """Names for keys of the before/after values that are no model field (`total_spend`), and
    functions that turn a key's stored value into words (a matching reason in the reader's
    language)."""
    _FIELDS.update(labels)
    _VALUES.update(values or {})


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


def _field(entry, key: str):
    try:
        model = apps.get_model(entry.object_type) if entry.object_type else None
    except (LookupError, ValueError):
        return None
    if model is None:
        return None
    try:
        return model._meta.get_field(key.removesuffix("_id"))
    except FieldDoesNotExist:
        return None


def _label(entry, key: str) -> str:
    """The translated name of a key of the before/after values: registered, or the model
    field's own name."""
    if key in _FIELDS:
        return str(_FIELDS[key])
    field = _field(entry, key)
    if field is not None:
        return str(field.verbose_name)
    return key.replace("_", " ")


def _shown(entry, key: str, value) -> str:
    """A value as the reader knows it: a choice by its label ("Inkoper", not "buyer")."""
    if key in _VALUES and value is not None:
        return str(_VALUES[key](value))
    field = _field(entry, key)
    choices = dict(field.flatchoices) if field is not None and field.choices else {}
    if not isinstance(value, (list, dict)) and value in choices:
        return str(choices[value])
    if field is not None and field.many_to_one and isinstance(value, (int, str)) and value != "":
        # A foreign key is stored as its id: show what it points at, not the number. Some
        # entries keep the name instead ("Stichting De Schakel"), which is shown as it is.
        try:
            related = field.related_model._default_manager.filter(pk=value).first()
        except (ValueError, TypeError, ValidationError):
            related = None
        if related is not None:
            return str(related)
    return _value(value)


def _value(value) -> str:
    if value is None or value == "":
        return "—"
    if value is True:
        return _("yes")
    if value is False:
        return _("no")
    if isinstance(value, int):
        return formats.number_format(value, force_grouping=True)
    if isinstance(value, (float, Decimal, date, datetime)):
        return formats.localize(value, use_l10n=True)
    if isinstance(value, (list, tuple)):
        return ", ".join(_value(item) for item in value) or "—"
    if isinstance(value, dict):
        return "; ".join(f"{key}: {_value(item)}" for key, item in value.items())
    return _text(str(value))


_DECIMAL = re.compile(r"-?\d+\.\d+")


def _text(text: str) -> str:
    """Dates, moments and amounts kept as text in the reader's notation: "2025-01-01 –
    2025-12-31" as "1-1-2025 – 31-12-2025", "118518267.09" as "118.518.267,09". A data version
    shows only the moment it leads with."""
    moment, sep, _digest = text.partition(" · ")
    if sep:
        shown = _moment(moment)
        return shown if shown is not None else text
    parts = text.split(" – ")
    shown_parts = [_moment(part) for part in parts]
    if all(shown is not None for shown in shown_parts):
        return " – ".join(shown_parts)
    if _DECIMAL.fullmatch(text):
        places = len(text.partition(".")[2])
        return formats.number_format(Decimal(text), decimal_pos=places, force_grouping=True)
    return text


def _moment(text: str) -> str | None:
    if len(text) == 10:
        try:
            return formats.date_format(date.fromisoformat(text), "SHORT_DATE_FORMAT")
        except ValueError:
            return None
    if len(text) > 10 and text[4:5] == "-" and "T" in text:
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            return None
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return formats.date_format(moment, "SHORT_DATETIME_FORMAT")
    return None


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
                "before": _shown(entry, key, before[key]) if key in before else "",
                "after": _shown(entry, key, after[key]) if key in after else "",
            }
        )
    return rows
