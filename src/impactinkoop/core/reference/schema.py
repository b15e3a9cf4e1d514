"""The OCDS 1.1 JSON schemas, offline: validation of a release package against the product's own
copies of the schemas (data/ocds/), with our extension patched in when a package declares it, and
JSON text with exact decimal amounts."""

import copy
import json
from decimal import Decimal
from functools import cache

from jsonschema import Draft4Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from .build import DATA_DIR

EXTENSION_DIR = DATA_DIR / "ocds-extension"
# A package that declares an extension whose URL ends so is declaring ours, wherever it is served.
EXTENSION_SUFFIX = "ocds-extension/extension.json"


def _load(path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def merge_patch(target, patch):
    """RFC 7386 JSON Merge Patch, the way OCDS extensions patch the release schema."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    result = copy.deepcopy(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


@cache
def _validator(extended: bool) -> Draft4Validator:
    release = _load(DATA_DIR / "ocds" / "release-schema.json")
    if extended:
        release = merge_patch(release, _load(EXTENSION_DIR / "release-schema.json"))
    package = _load(DATA_DIR / "ocds" / "release-package-schema.json")
    # The package schema names the release schema by its URL: serve it from our copy, so
    # validation never reaches the network.
    registry = Registry().with_resources(
        [
            (release["id"], Resource.from_contents(release, default_specification=DRAFT4)),
            (package["id"], Resource.from_contents(package, default_specification=DRAFT4)),
        ]
    )
    return Draft4Validator(package, registry=registry)


def declares_our_extension(package: dict) -> bool:
    return any(str(url).endswith(EXTENSION_SUFFIX) for url in package.get("extensions") or [])


def validate_package(package: dict) -> list[str]:
    validator = _validator(declares_our_extension(package))
    errors = sorted(validator.iter_errors(package), key=lambda error: list(error.absolute_path))
    return [
        f"/{'/'.join(str(part) for part in error.absolute_path)}: {error.message}"
        for error in errors
    ]


def dumps(value) -> str:
    """Compact JSON text in which a Decimal is written as its exact digits (json's own encoder
    would go through float)."""
    parts: list[str] = []
    _write(value, parts.append)
    return "".join(parts)


def _write(value, out) -> None:
    if isinstance(value, dict):
        out("{")
        for index, (key, item) in enumerate(value.items()):
            if index:
                out(",")
            out(json.dumps(str(key), ensure_ascii=False))
            out(":")
            _write(item, out)
        out("}")
    elif isinstance(value, list | tuple):
        out("[")
        for index, item in enumerate(value):
            if index:
                out(",")
            _write(item, out)
        out("]")
    elif isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"{value} is not a JSON number")
        out(str(value))
    elif value is None or isinstance(value, bool | int | float | str):
        out(json.dumps(value, ensure_ascii=False))
    else:
        raise TypeError(f"{type(value).__name__} is not JSON")
