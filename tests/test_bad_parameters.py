"""Numbers in the address that are too large, negative or no number at all: never a 500, on
SQLite (which refuses integers beyond 64 bits) and PostgreSQL alike."""

import pytest
from django.urls import reverse

from impactinkoop.accounts.roles import Role

from .factories import make_member
from .test_security_headers import all_url_names, viewable  # noqa: F401 - a fixture
from .test_tenancy import REALISATION_URLS, url_kwargs, victim  # noqa: F401 - a fixture

HUGE = "99999999999999999999"
PARAMETERS = (
    "skip",
    "page",
    "year",
    "department",
    "supplier",
    "company",
    "min_spend",
    "sort",
    "q",
    "mapping",
    "on",
    "status",
    "lang",
    "table",
)


@pytest.fixture
def organisation_urls(org, viewable):  # noqa: F811
    return {
        name: reverse(name, kwargs={"org_slug": org.slug, **url_kwargs(name, viewable)})
        for name, route in all_url_names().items()
        if "<slug:org_slug>" in route and not name.endswith("_pdf")
    }


@pytest.mark.parametrize("value", [HUGE, "-" + HUGE, "-1", "1e9", "abc", "0x10", "١٢"])
def test_no_page_fails_on_a_bad_number_in_the_address(value, organisation_urls, alice, client_for):
    client = client_for(alice)
    client.raise_request_exception = False  # count every 500, not only the first
    query = dict.fromkeys(PARAMETERS, value)
    failed = {}
    for name, url in sorted(organisation_urls.items()):
        status = client.get(url, query).status_code
        if status >= 500:
            failed[name] = status
    assert failed == {}


def test_public_search_takes_any_page_number(client, db):
    for value in (HUGE, "-1", "abc"):
        assert client.get("/catalogue/search/", {"q": "lunch", "page": value}).status_code == 200


def test_an_id_too_large_for_the_database_is_404(org, alice, viewable, client_for):  # noqa: F811
    alice.is_staff = True
    alice.save()
    officer = make_member(org, "olga@voorbeeldstad.example", Role.SROI_OFFICER)

    def walk(client, names) -> dict:
        client.raise_request_exception = False
        answers = {}
        for name, route in names.items():
            parameters = [
                ("str:" + part if ":" not in part else part).split(":")
                for part in (piece.split(">")[0] for piece in route.split("<")[1:])
            ]
            valid = (
                {"org_slug": org.slug, **url_kwargs(name, viewable)} if "org_slug" in route else {}
            )
            for converter, key in parameters:
                default = 1 if converter == "int" else "x"
                valid.setdefault(key, viewable["enterprise"].slug if key == "slug" else default)
            # One number at a time too large, the others pointing at real rows.
            for converter, key in parameters:
                if converter == "int":
                    url = reverse(name, kwargs={**valid, key: int(HUGE)})
                    codes = {client.get(url).status_code, client.post(url).status_code}
                    answers[f"{name} {key}"] = codes
        return answers

    names = all_url_names()
    answers = walk(client_for(alice), names)
    # Only the tenderboard advises: alice (admin) is refused advice pages before any lookup.
    assert answers.pop("tenderboard:advise pk") == {403}
    # Realisations are the SROI officers' only: alice is refused those before any lookup too.
    refused = {key: answers.pop(key) for key in list(answers) if key.split()[0] in REALISATION_URLS}
    assert refused and all(codes == {403} for codes in refused.values())
    by_officer = walk(client_for(officer), {name: names[name] for name in REALISATION_URLS})
    assert set(by_officer) == set(refused)
    assert {name: codes for name, codes in by_officer.items() if codes - {404, 405}} == {}
    assert {name: codes for name, codes in answers.items() if codes - {404, 405}} == {}
    assert len(answers) > 40
    member = make_member(org, "tina@voorbeeldstad.example", Role.TENDERBOARD)
    url = reverse("tenderboard:advise", kwargs={"org_slug": org.slug, "pk": int(HUGE)})
    client = client_for(member)
    assert {client.get(url).status_code, client.post(url).status_code} == {404}
