"""The dependency licence check (scripts/check_licences.py): which licences pass, which fail."""

import pytest

from scripts.check_licences import ALLOWED, Package, is_compatible, npm_packages, refused


@pytest.mark.parametrize(
    "licence",
    [
        "MIT",
        "MIT License",
        "BSD License",
        "BSD-3-Clause",
        "Apache Software License",
        "Python Software Foundation License",
        "LGPL-3.0-only",
        "MPL-2.0",
        "EUPL-1.2",
        "Apache-2.0 OR BSD-2-Clause",
        "BSD-3-Clause AND 0BSD AND MIT AND Zlib AND CC0-1.0",
        "(MIT OR GPL-3.0-only) AND Apache-2.0",
        "Apache-2.0 WITH LLVM-exception",
        # Classifiers are alternatives: this package may be used under the LGPL.
        "GNU General Public License v2 or later (GPLv2+); "
        "GNU Lesser General Public License v2 or later (LGPLv2+)",
    ],
)
def test_permissive_and_weak_copyleft_licences_pass(licence):
    assert is_compatible(licence)


@pytest.mark.parametrize(
    "licence",
    [
        "",
        "UNKNOWN",
        "GPL-3.0-only",
        "GNU General Public License v3 (GPLv3)",
        "AGPL-3.0-or-later",
        "SSPL-1.0",
        "BUSL-1.1",
        "CC-BY-NC-4.0",
        "Other/Proprietary License",
        "MIT AND GPL-3.0-only",
        "(MIT OR Apache-2.0) AND SSPL-1.0",
        "MIT OR",
    ],
)
def test_strong_copyleft_restricted_and_unreadable_licences_fail(licence):
    assert not is_compatible(licence)


def test_only_the_refused_packages_are_listed_and_the_allow_list_is_by_name():
    packages = [
        Package("Django", "5.2", "BSD-3-Clause"),
        Package("strong", "1.0", "GPL-3.0-only"),
        Package("Kept-Anyway", "2.0", "UNKNOWN"),
    ]
    assert refused(packages, allowed={}) == packages[1:]
    assert refused(packages, allowed={"kept-anyway": "read its licence: MIT"}) == [packages[1]]


def test_every_allowed_package_says_why():
    assert all(reason.strip() for reason in ALLOWED.values())


def test_the_npm_packages_of_the_asset_manifest_are_checked_and_pass():
    """Decision 0016: the component CSS (EUPL-1.2) is served, axe-core (MPL-2.0) only runs in the
    browser tests; both are weak copyleft or our own licence."""
    packages = npm_packages()

    assert packages == [
        Package("npm:@utrecht/component-library-css", "9.0.4", "EUPL-1.2"),
        Package("npm:axe-core (test-only)", "4.14.1", "MPL-2.0"),
    ]
    assert refused(packages) == []
