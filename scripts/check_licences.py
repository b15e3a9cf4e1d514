"""Fails when an installed package's licence is not known to be compatible with the EUPL-1.2,
the project's licence (`make licences`, run by CI after lint; decision 0014).

pip-licenses reads each package's licence from its metadata (the SPDX expression where the
package gives one, else its classifiers). A licence is accepted when it is permissive, or a
copyleft licence that the EUPL-1.2 names as compatible and that does not reach our code when
the package is used as a library (LGPL, MPL-2.0, EPL-2.0). Strong copyleft (GPL, AGPL), licences
that restrict use (SSPL, BUSL, non-commercial) and packages without a readable licence fail,
unless ALLOWED below says why the package may stay. Every package in the environment `make
install` builds is checked: what runs in production and the development tools. So are the npm
packages of src/impactinkoop/core/assets.toml (decision 0016), by the licence written there: the
served component CSS and the test-only axe-core.
"""

import json
import re
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

ASSETS_TOML = Path(__file__).resolve().parents[1] / "src" / "impactinkoop" / "core" / "assets.toml"

# SPDX identifiers of licences whose code may be part of, or used by, an EUPL-1.2 work.
COMPATIBLE = {
    # Permissive: keep the notice, nothing else asked.
    "0BSD",
    "Apache-2.0",
    "BSD-2-Clause",
    "BSD-3-Clause",
    "CC0-1.0",
    "HPND",
    "ISC",
    "MIT",
    "MIT-0",
    "MIT-CMU",
    "PSF-2.0",
    "Python-2.0",
    "Unlicense",
    "Zlib",
    # Weak copyleft, named compatible in the EUPL's appendix (or its successor there): a library
    # used unchanged leaves our code under the EUPL.
    "EPL-2.0",
    "EUPL-1.1",
    "EUPL-1.2",
    "LGPL-2.1-only",
    "LGPL-2.1-or-later",
    "LGPL-3.0-only",
    "LGPL-3.0-or-later",
    "MPL-2.0",
}

# What packages write instead of an SPDX identifier (trove classifiers and free text).
SPDX_OF = {
    "apache 2.0": "Apache-2.0",
    "apache license 2.0": "Apache-2.0",
    "apache software license": "Apache-2.0",
    "bsd": "BSD-3-Clause",
    "bsd license": "BSD-3-Clause",
    "eclipse public license 2.0 (epl-2.0)": "EPL-2.0",
    "european union public licence 1.2 (eupl 1.2)": "EUPL-1.2",
    "gnu affero general public license v3": "AGPL-3.0-only",
    "gnu general public license v2 (gplv2)": "GPL-2.0-only",
    "gnu general public license v2 or later (gplv2+)": "GPL-2.0-or-later",
    "gnu general public license v3 (gplv3)": "GPL-3.0-only",
    "gnu lesser general public license v2 (lgplv2)": "LGPL-2.1-only",
    "gnu lesser general public license v2 or later (lgplv2+)": "LGPL-2.1-or-later",
    "gnu lesser general public license v3 (lgplv3)": "LGPL-3.0-only",
    "gnu lesser general public license v3 or later (lgplv3+)": "LGPL-3.0-or-later",
    "gnu library or lesser general public license (lgpl)": "LGPL-2.1-or-later",
    "isc license (iscl)": "ISC",
    "mit license": "MIT",
    "mozilla public license 2.0 (mpl 2.0)": "MPL-2.0",
    "python software foundation license": "PSF-2.0",
    "the unlicense (unlicense)": "Unlicense",
    "zlib/libpng license": "Zlib",
}

# Packages that may stay although their licence is not in COMPATIBLE, each with the reason.
# Add one only after reading the package's licence; the key is the package name as pip lists it.
ALLOWED: dict[str, str] = {
    # The project itself, not a dependency (EUPL-1.2; an editable install made before the
    # licence was in pyproject.toml shows none until it is installed again).
    "impactinkoop": "this project",
    # drf-spectacular's URI templates: "BSD 3-Clause OR Apache-2.0", an SPDX expression with a
    # space in the first name; either licence is permissive.
    "uritemplate": "BSD-3-Clause OR Apache-2.0",
}


@dataclass(frozen=True)
class Package:
    name: str
    version: str
    licence: str


def spdx(name: str) -> str:
    name = name.strip()
    return SPDX_OF.get(name.lower(), name)


def _tokens(expression: str) -> list[str]:
    return re.findall(r"\(|\)|[^\s()]+", expression)


def is_compatible(licence: str) -> bool:
    """Whether a package's licence as pip-licenses reports it is compatible with the EUPL-1.2.

    An SPDX expression is read with its operators: `A OR B` needs one of them, `A AND B` both,
    `A WITH exception` is A. Classifiers come joined by "; ", one licence each, offered as
    alternatives (a package under "GPL-2.0-or-later; LGPL-2.1-or-later" may be used under
    either)."""
    if "; " in licence:
        return any(is_compatible(part) for part in licence.split("; "))
    tokens = _tokens(licence)
    if not tokens:
        return False
    try:
        result, rest = _any_of(tokens)
    except (IndexError, ValueError):
        # Not an SPDX expression (free text such as "BSD License"): the whole of it is one name.
        return spdx(licence) in COMPATIBLE
    if rest:
        return spdx(licence) in COMPATIBLE
    return result


def _any_of(tokens: list[str]) -> tuple[bool, list[str]]:
    result, tokens = _all_of(tokens)
    while tokens and tokens[0] == "OR":
        other, tokens = _all_of(tokens[1:])
        result = result or other
    return result, tokens


def _all_of(tokens: list[str]) -> tuple[bool, list[str]]:
    result, tokens = _one(tokens)
    while tokens and tokens[0] == "AND":
        other, tokens = _one(tokens[1:])
        result = result and other
    return result, tokens


def _one(tokens: list[str]) -> tuple[bool, list[str]]:
    if tokens[0] == "(":
        result, tokens = _any_of(tokens[1:])
        if not tokens or tokens[0] != ")":
            raise ValueError("unbalanced parentheses")
        return result, tokens[1:]
    if tokens[0] in {")", "AND", "OR", "WITH"}:
        raise ValueError(f"unexpected {tokens[0]}")
    name, tokens = tokens[0], tokens[1:]
    if tokens and tokens[0] == "WITH":
        tokens = tokens[2:]  # an exception only ever grants more
    if tokens and tokens[0] not in {")", "AND", "OR"}:
        raise ValueError("not an SPDX expression")
    return spdx(name) in COMPATIBLE, tokens


def refused(packages: list[Package], allowed: dict[str, str] = ALLOWED) -> list[Package]:
    """The packages whose licence fails the check and that are not allowed by name."""
    return [
        package
        for package in packages
        if package.name.lower() not in {name.lower() for name in allowed}
        and not is_compatible(package.licence)
    ]


def installed_packages() -> list[Package]:
    output = subprocess.run(
        [sys.executable, "-m", "piplicenses", "--from=mixed", "--format=json"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [Package(row["Name"], row["Version"], row["License"]) for row in json.loads(output)]


def npm_packages(manifest: Path = ASSETS_TOML) -> list[Package]:
    """The front-end packages fetched from the npm registry, named `npm:NAME` (test-only ones say
    so): the licence is the one assets.toml records, copied from the package's own metadata."""
    with manifest.open("rb") as file:
        entries = tomllib.load(file)["package"]
    return [
        Package(
            f"npm:{entry['name']}" + (" (test-only)" if entry.get("test_only") else ""),
            entry["version"],
            entry["licence"],
        )
        for entry in entries
    ]


def main() -> int:
    packages = installed_packages() + npm_packages()
    wrong = refused(packages)
    for package in wrong:
        print(
            f"{package.name} {package.version}: licence {package.licence!r} is not known to be "
            "compatible with the EUPL-1.2 (scripts/check_licences.py says what to do)"
        )
    print(f"{len(packages)} packages checked, {len(wrong)} refused.")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
