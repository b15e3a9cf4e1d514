"""The report's PDF, read back with pdftotext: the same values as the page in Dutch and English,
the data version and the date, and the difference next to a changed figure in an edition's
PDF. It is tagged (PDF/UA-1 through WeasyPrint) with its title and language."""

import re
import shutil
import subprocess
import tempfile
import zlib
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from impactinkoop.reports import editions, figures, labels
from impactinkoop.reports.models import Edition
from tests.spend.test_importing import import_text

from .data import LATER_LEDGER, YEAR, build
from .helpers import coordinator_of, plain, shown_values

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        shutil.which("pdftotext") is None,
        reason="pdftotext (poppler-utils) is not installed: the PDF cannot be read back",
    ),
]


@pytest.fixture
def coordinator(org):
    return coordinator_of(org)


@pytest.fixture
def built(org, coordinator):
    return build(org, coordinator)


def read_back(content: bytes, tool: str = "pdftotext") -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.pdf"
        path.write_bytes(content)
        arguments = [tool, str(path), "-"] if tool == "pdftotext" else [tool, str(path)]
        return subprocess.run(arguments, capture_output=True, check=True, text=True).stdout


def pdf_of(client, url: str, language: str) -> bytes:
    response = client.get(url, {"lang": language})
    if response.status_code == 503:
        pytest.skip("WeasyPrint cannot run here (Pango missing)")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response.content


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_pdf_has_every_value_the_data_version_and_the_date(
    org, coordinator, built, client_for, language
):
    client = client_for(coordinator)
    content = pdf_of(client, reverse("reports:report_pdf", args=[org.slug, YEAR]), language)
    text = plain(read_back(content))
    with translation.override(language):
        snapshot = figures.collect(org, YEAR)
        values = shown_values(snapshot)
        today = date_format(timezone.localdate(), "j F Y")
        title = str(labels.figure_label("spend.total"))
    for what, value, _url in values:
        assert plain(value) in text, (what, value)
    assert title in text
    digest = snapshot.data_version.rsplit(" · ", 1)[-1]
    assert digest in text
    assert plain(today) in text
    assert "Meer sociaal inkopen" in text


def test_the_pdf_is_tagged_with_its_title_and_language(org, coordinator, built, client_for):
    if shutil.which("pdfinfo") is None:
        pytest.skip("pdfinfo (poppler-utils) is not installed")
    content = pdf_of(
        client_for(coordinator), reverse("reports:report_pdf", args=[org.slug, YEAR]), "en"
    )
    info = read_back(content, "pdfinfo")
    assert "Tagged:          yes" in info
    assert f"Impact report {YEAR}" in info
    assert re.search(rb"/Lang ?\(en\)", uncompressed(content))


def uncompressed(content: bytes) -> bytes:
    """The PDF with its compressed streams (the catalogue sits in an object stream) unpacked."""
    parts = [content]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", content, re.S):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"\n".join(parts)


def test_the_edition_pdf_is_frozen_and_says_what_differs_now(org, coordinator, built, client_for):
    edition = editions.publish(org, YEAR, actor=coordinator)
    import_text(org, LATER_LEDGER, name="later.csv")
    client = client_for(coordinator)
    url = reverse("reports:edition_pdf", args=[org.slug, YEAR, edition.number])
    text = plain(read_back(pdf_of(client, url, "nl")))
    with translation.override("nl"):
        frozen = plain(labels.display(Decimal("2484.59"), "eur"))
        now = plain(labels.display(Decimal("2984.59"), "eur"))
        published = plain(
            date_format(
                timezone.localtime(Edition.objects.get(pk=edition.pk).published_at), "j F Y"
            )
        )
    assert f"{frozen} (nu: {now})" in text
    assert edition.data_version.rsplit(" · ", 1)[-1] in text
    assert published in text
    assert "editie 1" in text
