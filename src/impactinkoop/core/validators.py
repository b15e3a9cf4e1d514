"""Validators shared by every form and import: Dutch identifiers and web addresses."""

import re
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
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


# Every web address the platform stores (typed in a form, read from an import, later sent to the
# API) passes validate_web_address: a page renders it as a link, so "javascript:" or "data:"
# would run or show whatever it holds.
WEB_ADDRESS_MAX_LENGTH = 500
WEB_SCHEMES = ("http", "https")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):(.?)")
_URL = URLValidator(schemes=list(WEB_SCHEMES))


def normalise_web_address(value: str) -> str:
    """An address typed without a scheme ("www.example.nl", "example.nl:8080/x") means https."""
    value = (value or "").strip()
    if not value:
        return ""
    scheme = _SCHEME.match(value)
    if scheme is None or scheme.group(2).isdigit():  # no scheme, or a host with a port
        return "https:" + value if value.startswith("//") else "https://" + value
    return value


def _shown(value: str) -> str:
    return value if len(value) <= 80 else value[:77] + "…"


def validate_web_address(value: str) -> None:
    """An http or https address with a host name, at most WEB_ADDRESS_MAX_LENGTH characters,
    without a user name or password in it."""
    if len(value) > WEB_ADDRESS_MAX_LENGTH:
        raise ValidationError(
            _("A web address may be at most %(limit)d characters long; this one has %(length)d.")
            % {"limit": WEB_ADDRESS_MAX_LENGTH, "length": len(value)},
            code="web_address_too_long",
        )
    scheme = _SCHEME.match(value)
    if scheme is None or scheme.group(1).lower() not in WEB_SCHEMES:
        raise ValidationError(
            _(
                "“%(value)s” is not a web address: only addresses starting with http:// or "
                "https:// are allowed."
            )
            % {"value": _shown(value)},
            code="web_address_scheme",
        )
    try:
        _URL(value)
        if "@" in urlsplit(value).netloc:  # "https://mijngemeente.nl@elders.example" misleads
            raise ValidationError("a user name or password in the address")
    except (ValidationError, ValueError) as error:
        raise ValidationError(
            _("“%(value)s” is not a valid web address; an example is https://www.example.nl.")
            % {"value": _shown(value)},
            code="web_address",
        ) from error


def is_web_address(value: str) -> bool:
    """For showing stored values: only what validate_web_address accepts becomes a link."""
    try:
        validate_web_address(value)
    except ValidationError:
        return False
    return True
