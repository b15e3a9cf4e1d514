"""Validators for Dutch identifiers, shared by every form and import."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

KVK_PATTERN = re.compile(r"^\d{8}$")


def normalise_kvk(value: str) -> str:
    """Strip the spaces, dots and dashes people type; keep leading zeros (a KvK is text)."""
    return re.sub(r"[\s.\-]", "", value or "")


def validate_kvk_number(value: str) -> None:
    if not KVK_PATTERN.match(value or ""):
        raise ValidationError(
            _("A KvK number is exactly 8 digits, for example 01234567."),
            code="invalid_kvk",
        )
