"""CPV codes as contracts and tenders keep them: a list of codes with their check digit
("45000000-7"), each checked against the CPV 2008 vocabulary (`core.reference.cpv`)."""

import re

from django.core.exceptions import ValidationError

from impactinkoop.core.reference import cpv

_SPLIT = re.compile(r"[\s,;|]+")


def parse_cpv_codes(text: str | list[str]) -> list[str]:
    """The codes in a cell or field ("45000000-7, 71000000"), each once, in order. Raises
    ValidationError (params: the refused `code`) naming the first code that is not a CPV
    code: not its shape, not in the vocabulary, or a wrong check digit."""
    parts = text if isinstance(text, list) else _SPLIT.split(text or "")
    codes: list[str] = []
    for part in parts:
        part = part.strip()
        if not part:
            continue
        try:
            code = cpv.normalise(part)
        except cpv.CpvError as error:
            raise ValidationError(
                cpv.error_message(error), code=error.reason, params={"code": part[:40]}
            ) from error
        if code not in codes:
            codes.append(code)
    return codes


def cpv_labels(codes: list[str]) -> list[tuple[str, str]]:
    """(code, label in the reader's language) for display."""
    return [(code, entry.label if (entry := cpv.lookup(code)) else "") for code in codes]
