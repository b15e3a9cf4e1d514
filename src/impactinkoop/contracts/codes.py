"""CPV codes as contracts and tenders keep them: a list of eight-digit codes (the check digit
after the dash is dropped, as TenderNed's own mapping does).

Until the CPV vocabulary of `core.reference` is merged, a code is checked by its form only."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_CODE = re.compile(r"^(\d{8})(?:-\d)?$")
_SPLIT = re.compile(r"[\s,;|]+")


def parse_cpv_codes(text: str | list[str]) -> list[str]:
    """The codes in a cell or field ("45000000-7, 71000000"), each once, in order. Raises
    ValidationError naming the first code that is not a CPV code."""
    parts = text if isinstance(text, list) else _SPLIT.split(text or "")
    codes: list[str] = []
    for part in parts:
        part = part.strip()
        if not part:
            continue
        match = _CODE.match(part)
        if match is None:
            raise ValidationError(
                _("“%(code)s” is not a CPV code (eight digits, such as 45000000-7)"),
                code="cpv",
                params={"code": part[:40]},
            )
        if match.group(1) not in codes:
            codes.append(match.group(1))
    return codes
