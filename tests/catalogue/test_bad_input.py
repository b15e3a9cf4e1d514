"""Logos are checked by opening them; descriptions are Markdown without HTML, sanitised when
shown; errors are in Dutch."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from impactinkoop.catalogue.models import Revision
from impactinkoop.core.richtext import clean_html, markdown_html

from ..factories import make_user
from .helpers import published_enterprise


def image_bytes(image_format: str, size=(40, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "green").save(buffer, format=image_format)
    return buffer.getvalue()


@pytest.fixture
def editor_client(client_for, db):
    enterprise = published_enterprise("80000001", "Logo Test", [])
    editor = make_user("editor@logo.example")
    enterprise.editors.add(editor)
    client = client_for(editor)

    def post(upload):
        return client.post(
            f"/enterprise/{enterprise.slug}/profile/",
            {
                "name": "Logo Test",
                "summary": "Wat wij doen",
                "impact": "Onze impact",
                "contact_email": "info@logo.example",
                "logo_upload": upload,
            },
        )

    return post


@pytest.mark.parametrize(
    "name,data,message",
    [
        (
            "logo.svg",
            b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
            "geen PNG-, JPEG- of WebP-afbeelding",
        ),
        ("logo.png", b"\x89PNG\r\n\x1a\n not really a png", "geen PNG-, JPEG- of WebP-afbeelding"),
        ("logo.gif", None, "geen PNG-, JPEG- of WebP-afbeelding"),
        ("logo.png", b"\x89PNG" + b"0" * 1_100_000, "mag hoogstens 1000 kB zijn"),
        ("huge.png", "huge", "hoogstens 4000 op een zijde"),
    ],
)
def test_bad_logos_are_refused(editor_client, name, data, message):
    if data is None:
        data = image_bytes("GIF")
    if data == "huge":
        data = image_bytes("PNG", size=(4100, 10))
    response = editor_client(SimpleUploadedFile(name, data))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Revision.objects.count() == 0


@pytest.mark.parametrize("image_format", ["PNG", "JPEG", "WEBP"])
def test_good_logos_are_kept_for_approval(editor_client, image_format):
    response = editor_client(SimpleUploadedFile("logo", image_bytes(image_format)))
    assert response.status_code == 302
    assert Revision.objects.get().logo.content_type.startswith("image/")


def test_html_is_sanitised():
    dirty = (
        '<p style="color:red" onclick="steal()">Hallo <a href="javascript:alert(1)">x</a>'
        '<a href="https://ok.example">ok</a><img src=x onerror=alert(1)><iframe></iframe></p>'
    )
    clean = clean_html(dirty)
    for bad in ("onclick", "style", "javascript:", "<img", "<iframe", "onerror"):
        assert bad not in clean
    assert '<a href="https://ok.example" rel="noopener noreferrer nofollow">ok</a>' in clean


def test_markdown_cannot_make_a_dangerous_link_or_tag():
    html = markdown_html(
        "[x](javascript:alert(1)) [y](data:text/html,z) ![i](https://e.example/i.png) "
        "<script>alert(1)</script> [ok](https://ok.example)"
    )
    assert "<script" not in html and "<img" not in html
    assert 'href="javascript' not in html and 'href="data' not in html
    assert "&lt;script&gt;" in html  # shown as text
    assert '<a href="https://ok.example" rel="noopener noreferrer nofollow">ok</a>' in html


def test_description_of_only_html_is_refused(editor_client):
    from impactinkoop.catalogue.forms import OfferForm
    from impactinkoop.catalogue.models import Category

    form = OfferForm(
        {
            "category": Category.objects.get(slug="bloemen").pk,
            "kind": "product",
            "title": "Leeg",
            "description": "<script>alert(1)</script>",
        }
    )
    assert not form.is_valid()
    assert "HTML wordt hier niet gebruikt" in str(form.errors["description"])
    form = OfferForm(
        {
            "category": Category.objects.get(slug="bloemen").pk,
            "kind": "product",
            "title": "Leeg",
            "description": "[](https://x.example)",
        }
    )
    assert not form.is_valid()
    assert "alleen opmaak is niet genoeg" in str(form.errors["description"])
