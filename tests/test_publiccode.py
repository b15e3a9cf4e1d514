"""publiccode.yml, by which public organisations find the software in the government's catalogues:
the fields the standard (version 0.4) requires, with the right types, and in step with
pyproject.toml. The reference validator is a Go program; this checks what we rely on."""

import re
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
DEVELOPMENT_STATUSES = {"concept", "development", "beta", "stable", "obsolete"}
SOFTWARE_TYPES = {
    "standalone/mobile",
    "standalone/iot",
    "standalone/desktop",
    "standalone/web",
    "standalone/backend",
    "standalone/other",
    "addon",
    "library",
    "configurationFiles",
}
MAINTENANCE_TYPES = {"internal", "contract", "community", "none"}


@pytest.fixture(scope="module")
def publiccode() -> dict:
    return yaml.safe_load((ROOT / "publiccode.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def test_the_top_level_fields_the_standard_requires(publiccode):
    required = {
        "publiccodeYmlVersion": str,
        "name": str,
        "url": str,
        "platforms": list,
        "categories": list,
        "developmentStatus": str,
        "softwareType": str,
        "description": dict,
        "legal": dict,
        "maintenance": dict,
        "localisation": dict,
    }
    wrong = {
        key: type(publiccode.get(key)).__name__
        for key, kind in required.items()
        if not isinstance(publiccode.get(key), kind)
    }
    assert wrong == {}
    assert publiccode["publiccodeYmlVersion"] == "0.4"
    assert re.fullmatch(r"https://\S+", publiccode["url"])
    assert publiccode["developmentStatus"] in DEVELOPMENT_STATUSES
    assert publiccode["softwareType"] in SOFTWARE_TYPES
    assert "web" in publiccode["platforms"]
    assert publiccode["categories"] and all(
        re.fullmatch(r"[a-z-]+", category) for category in publiccode["categories"]
    )


def test_version_date_and_licence_agree_with_pyproject(publiccode, project):
    assert publiccode["softwareVersion"] == project["version"]
    # A string, as the standard asks: unquoted, YAML would read a date.
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", publiccode["releaseDate"])
    assert publiccode["legal"]["license"] == project["license"] == "EUPL-1.2"


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_description_in_dutch_and_english(publiccode, language):
    description = publiccode["description"][language]
    assert isinstance(description["shortDescription"], str)
    assert 0 < len(description["shortDescription"].strip()) <= 150
    assert isinstance(description["longDescription"], str)
    assert 150 <= len(description["longDescription"].strip()) <= 10_000
    features = description["features"]
    assert isinstance(features, list) and features
    assert all(isinstance(feature, str) and 0 < len(feature) <= 100 for feature in features)


def test_maintenance_names_who_to_ask(publiccode):
    maintenance = publiccode["maintenance"]
    assert maintenance["type"] in MAINTENANCE_TYPES
    if maintenance["type"] in {"internal", "community"}:
        assert maintenance["contacts"]
        assert all(isinstance(contact["name"], str) for contact in maintenance["contacts"])


def test_localisation_and_dependencies(publiccode, project):
    localisation = publiccode["localisation"]
    assert localisation["localisationReady"] is True
    assert localisation["availableLanguages"] == ["nl", "en"]
    dependencies = publiccode["dependsOn"]["open"]
    assert all(isinstance(dependency["name"], str) for dependency in dependencies)
    assert all(
        isinstance(dependency.get("optional", False), bool)
        and isinstance(dependency.get("versionMin", ""), str)
        for dependency in dependencies
    )
    python = next(dependency for dependency in dependencies if dependency["name"] == "Python")
    assert f">={python['versionMin']}" == project["requires-python"]
