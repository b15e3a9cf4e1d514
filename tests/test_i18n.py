"""Dutch by default, English per user; every page renders in both; the catalogue is complete."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

import impactinkoop
from impactinkoop.accounts.roles import Role

from .factories import make_member

PO_FILE = Path(impactinkoop.__file__).parent / "locale" / "nl" / "LC_MESSAGES" / "django.po"


def po_entries(path: Path) -> list[dict]:
    """A small reader for our own .po file: msgid, plural and msgstr(s), and the flags."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        entry = {"flags": "", "msgid": "", "msgid_plural": None, "msgstr": []}
        key = None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"] += line
            elif line.startswith("#"):
                continue
            else:
                match = re.match(r'^(msgid_plural|msgid|msgstr(?:\[\d\])?)\s+(".*")$', line)
                if match:
                    key, text = match.group(1), eval(match.group(2))  # noqa: S307 (own file)
                    if key.startswith("msgstr"):
                        entry["msgstr"].append(text)
                    else:
                        entry[key] = text
                elif line.startswith('"') and key:
                    text = eval(line)  # noqa: S307
                    if key.startswith("msgstr"):
                        entry["msgstr"][-1] += text
                    else:
                        entry[key] += text
        if entry["msgid"]:
            entries.append(entry)
    return entries


def test_dutch_catalogue_is_complete_and_not_fuzzy():
    entries = po_entries(PO_FILE)
    assert len(entries) > 250
    untranslated = [e["msgid"] for e in entries if not all(e["msgstr"]) or "fuzzy" in e["flags"]]
    assert untranslated == []


def test_compiled_catalogue_matches_the_po_file():
    with translation.override("nl"):
        for entry in po_entries(PO_FILE):
            if entry["msgid_plural"] is None:
                assert translation.gettext(entry["msgid"]) == entry["msgstr"][0], entry["msgid"]


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="gettext tools not installed")
def test_every_string_in_the_code_is_in_the_catalogue(tmp_path):
    package = Path(impactinkoop.__file__).parent
    copy = tmp_path / "impactinkoop"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "bare_settings.py").write_text(
        "SECRET_KEY = 'x'\nUSE_I18N = True\nLOCALE_PATHS = []\nINSTALLED_APPS = []\n"
    )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "makemessages",
            "-l",
            "nl",
            "--no-obsolete",
            "--no-location",
            "--settings",
            "bare_settings",
            "--pythonpath",
            str(tmp_path),
        ],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    found = {e["msgid"] for e in po_entries(copy / "locale" / "nl" / "LC_MESSAGES" / "django.po")}
    ours = {e["msgid"] for e in po_entries(PO_FILE)}
    assert found - ours == set(), "run makemessages and translate the new strings"


GET_PAGES = ["portal:home", "portal:audit", "portal:jobs", "accounts:members", "accounts:settings"]


@pytest.mark.parametrize("name", GET_PAGES)
@pytest.mark.parametrize(
    "language,skip_link", [("nl", "Naar de inhoud"), ("en", "Skip to content")]
)
def test_every_organisation_page_renders_in_both_languages(
    name, language, skip_link, org, client_for
):
    user = make_member(org, "x@voorbeeldstad.example", Role.ADMIN, language=language)
    body = client_for(user).get(reverse(name, args=[org.slug])).content.decode()
    assert f'<html lang="{language}">' in body
    assert skip_link in body


@pytest.mark.parametrize("name", ["accounts:login", "accounts:password_reset"])
@pytest.mark.parametrize("language,title", [("nl", "<h1>"), ("en", "<h1>")])
def test_public_pages_follow_the_language_cookie(name, language, title, client, db):
    client.cookies["django_language"] = language
    body = client.get(reverse(name)).content.decode()
    assert f'<html lang="{language}">' in body


def test_dutch_is_the_default_even_for_an_english_browser(client, db):
    body = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-GB").content.decode()
    assert "Wachtwoord vergeten?" in body


def test_a_user_switches_to_english_and_it_sticks(client_for, org, alice):
    client = client_for(alice)
    response = client.post(
        reverse("core:set_language"), {"language": "en", "next": "/o/voorbeeldstad/"}
    )
    assert response.url == "/o/voorbeeldstad/"
    alice.refresh_from_db()
    assert alice.language == "en"
    assert "Where we stand" in client.get("/o/voorbeeldstad/").content.decode()


def test_language_switch_refuses_foreign_redirects(client, db):
    response = client.post(
        reverse("core:set_language"), {"language": "en", "next": "https://evil.example/"}
    )
    assert response.url == "/"


def test_step_pages_in_both_languages(client_for, org, alice):
    client = client_for(alice)
    assert (
        "Inventarisatie"
        in client.get(reverse("portal:step", args=[org.slug, "inventory"])).content.decode()
    )
    alice.language = "en"
    alice.save()
    assert (
        "Inventory"
        in client.get(reverse("portal:step", args=[org.slug, "inventory"])).content.decode()
    )
