"""Messages kept with data (an import's rejected lines, its warnings) are stored as their English
msgid with the values that fill it, and translated when shown: an import checked by a Dutch
reader shows its problems in English to an English reader, and the other way round.

A stored message is a dict {"text": msgid, "values": {...}, "message": the English text}; a value
may itself be a stored message (a translated field name). Rows written before this kept only
"message", and are shown as they are."""

from django.utils.functional import Promise
from django.utils.translation import gettext


def msgid(lazy) -> str:
    """The English msgid of a lazy translation (`gettext_lazy("Amount")`), or the text itself."""
    if isinstance(lazy, Promise):  # Django's lazy proxy keeps the call's arguments
        args = getattr(lazy, "_args", None)
        if args and isinstance(args[0], str):
            return args[0]
    return str(lazy)


def stored(text: str, **values) -> dict:
    """`text` is an English msgid marked with `gettext_noop`, so makemessages finds it."""
    english = {key: _english(value) for key, value in values.items()}
    return {"text": text, "values": values, "message": text % english if values else text}


def label(lazy) -> dict:
    """A translated name (a field label) as a value of a stored message."""
    return {"text": msgid(lazy), "values": {}}


def _english(value):
    if isinstance(value, dict) and "text" in value:
        return value["text"] % value["values"] if value.get("values") else value["text"]
    return value


def shown(message) -> str:
    """A stored message in the current language."""
    if isinstance(message, str):
        return message
    if not isinstance(message, dict):
        return ""
    if "text" not in message:
        return str(message.get("message", ""))
    values = {
        key: shown(value) if isinstance(value, dict) else value
        for key, value in (message.get("values") or {}).items()
    }
    text = gettext(message["text"])
    return text % values if values else text
