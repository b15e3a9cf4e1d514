"""Frozen baselines: the page shows what the PDF shows, a baseline whose author is gone still
opens, and making one official is a deliberate choice (never ticked for you, confirmed when it
replaces another, with a warning for a year that is not complete)."""

import re
import shutil
import subprocess

import pytest
from django.urls import reverse

from impactinkoop.core.models import AuditEntry
from impactinkoop.spend.models import Baseline

from . import test_baseline
from .test_baseline import LEDGER
from .test_importing import import_text

ledger = test_baseline.ledger  # the fixture: a small ledger of 2024 and 2025


def _pango_missing() -> bool:
    try:
        import weasyprint  # noqa: F401
    except OSError:
        return True
    return False


def pdf_text(content: bytes) -> str:
    result = subprocess.run(  # noqa: S603 - fixed program, our own bytes on stdin
        ["pdftotext", "-", "-"], input=content, capture_output=True, check=True
    )
    return " ".join(result.stdout.decode().split())


needs_pdf = pytest.mark.skipif(
    _pango_missing() or not shutil.which("pdftotext"), reason="needs Pango and pdftotext"
)


def freeze(client, org, year=2025, **form):
    return client.post(reverse("spend:baseline_freeze", args=[org.slug]) + f"?year={year}", form)


def text_of(response) -> str:
    """The page's text as a reader sees it: no tags, spaces (and no-break spaces) as one."""
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


@needs_pdf
def test_the_frozen_page_shows_the_months_and_the_day_as_the_pdf_does(ledger, client_for, alice):
    client = client_for(alice)
    freeze(client, ledger, name="Nulmeting 2025")
    baseline = Baseline.objects.get()
    page = text_of(client.get(reverse("spend:baseline_frozen", args=[ledger.slug, baseline.pk])))
    pdf = pdf_text(
        client.get(
            reverse("spend:baseline_frozen_pdf", args=[ledger.slug, baseline.pk]), {"lang": "nl"}
        ).content
    )
    for text in (page, pdf):
        assert "op 31 december 2025, de laatste dag van de periode" in text
        assert "januari 2025 € 1.234,56" in text
        assert "december 2025 € 999,99" in text


def test_a_baseline_whose_author_was_removed_still_opens(ledger, client_for, alice):
    client = client_for(alice)
    freeze(client, ledger, name="Nulmeting 2025")
    Baseline.objects.update(frozen_by=None)
    baseline = Baseline.objects.get()
    page = client.get(reverse("spend:baseline_frozen", args=[ledger.slug, baseline.pk]))
    assert page.status_code == 200
    assert "door —" in text_of(page)
    dashboard = client.get(reverse("spend:baseline", args=[ledger.slug]), {"year": 2025})
    assert dashboard.status_code == 200


def test_official_is_not_ticked_and_freezing_alone_makes_no_official_baseline(
    ledger, client_for, alice
):
    client = client_for(alice)
    url = reverse("spend:baseline", args=[ledger.slug])
    page = client.get(url, {"year": 2025}).content.decode()
    checkbox = re.search(r'<input class="[^"]*" type="checkbox" id="official"[^>]*>', page).group(0)
    assert "checked" not in checkbox
    freeze(client, ledger, name="Probeersel")
    assert Baseline.objects.get().is_official is False


def test_replacing_the_official_baseline_asks_first_and_changes_nothing_until_confirmed(
    ledger,
    client_for,
    alice,
):
    client = client_for(alice)
    freeze(client, ledger, name="Nulmeting 2025", official="on")
    first = Baseline.objects.get()
    assert first.is_official
    frozen = AuditEntry.objects.filter(action="spend.baseline_frozen").count()

    asked = freeze(client, ledger, name="Nieuwe nulmeting", official="on")
    assert asked.status_code == 200
    html = text_of(asked)
    assert "“Nulmeting 2025” is nu de officiële nulmeting" in html
    assert 'name="confirm" value="replace"' in asked.content.decode()
    assert list(Baseline.objects.values_list("name", "is_official")) == [("Nulmeting 2025", True)]
    assert AuditEntry.objects.filter(action="spend.baseline_frozen").count() == frozen

    confirmed = freeze(client, ledger, name="Nieuwe nulmeting", official="on", confirm="replace")
    second = Baseline.objects.get(name="Nieuwe nulmeting")
    assert confirmed.url == reverse("spend:baseline_frozen", args=[ledger.slug, second.pk])
    assert second.is_official
    first.refresh_from_db()
    assert first.is_official is False


def test_making_an_older_baseline_official_again_asks_first(ledger, client_for, alice):
    client = client_for(alice)
    freeze(client, ledger, name="Eerste")
    freeze(client, ledger, name="Tweede", official="on")
    first = Baseline.objects.get(name="Eerste")
    url = reverse("spend:baseline_official", args=[ledger.slug, first.pk])
    asked = client.post(url)
    assert asked.status_code == 200
    assert "“Tweede” is nu de officiële nulmeting" in text_of(asked)
    assert Baseline.objects.get(is_official=True).name == "Tweede"
    client.post(url, {"confirm": "replace"})
    assert Baseline.objects.get(is_official=True).name == "Eerste"


def test_the_first_official_baseline_needs_no_confirmation(ledger, client_for, alice):
    client = client_for(alice)
    freeze(client, ledger, name="Eerste")
    first = Baseline.objects.get()
    client.post(reverse("spend:baseline_official", args=[ledger.slug, first.pk]))
    first.refresh_from_db()
    assert first.is_official


def test_freezing_a_partial_year_warns_and_the_frozen_baseline_says_partial(
    ledger,
    client_for,
    alice,
):
    # 2024 has one line, in December: its figures cover only December.
    client = client_for(alice)
    page = text_of(client.get(reverse("spend:baseline", args=[ledger.slug]), {"year": 2024}))
    assert "Let op: dit is geen volledig jaar" in page
    freeze(client, ledger, year=2024, name="Alleen december")
    baseline = Baseline.objects.get()
    frozen = text_of(client.get(reverse("spend:baseline_frozen", args=[ledger.slug, baseline.pk])))
    assert "Onvolledig jaar: de grootboekregels lopen van december 2024 tot december 2024" in frozen


def test_an_outsider_cannot_make_a_baseline_official(ledger, client_for, alice, charlie):
    freeze(client_for(alice), ledger, name="Eerste")
    first = Baseline.objects.get()
    response = client_for(charlie).post(
        reverse("spend:baseline_official", args=[ledger.slug, first.pk]), {"confirm": "replace"}
    )
    assert response.status_code == 404
    first.refresh_from_db()
    assert first.is_official is False


def test_a_later_import_does_not_change_a_frozen_page(ledger, client_for, alice):
    client = client_for(alice)
    freeze(client, ledger, name="Nulmeting 2025")
    import_text(ledger, LEDGER.replace("F1;", "F9;"), name="tweede.csv")
    baseline = Baseline.objects.get()
    page = text_of(client.get(reverse("spend:baseline_frozen", args=[ledger.slug, baseline.pk])))
    assert "januari 2025 € 1.234,56" in page
