"""The knowledge per step and theme: every member reads it, the coordinator keeps it; links are
http(s) only; own documents are checked by their bytes and size, refused with a translated
message, and served only inside the organisation as a download; every change is audited."""

import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from impactinkoop.accounts.roles import Role
from impactinkoop.core.audit_text import sentence
from impactinkoop.core.models import AuditEntry
from impactinkoop.peers import (
    audit_texts_library,  # noqa: F401 (registers the sentences)
    knowledge,
    knowledge_documents,
)
from impactinkoop.peers.demo_library import small_pdf
from impactinkoop.peers.models import KnowledgeItem
from impactinkoop.plans.models import Theme

from ..factories import make_member

pytestmark = pytest.mark.django_db

PDF = small_pdf("Handreiking", ["Een eigen handreiking."])


def office_file(*names: str, mimetype: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if mimetype is not None:
            archive.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


DOCX = office_file("[Content_Types].xml", "word/document.xml")
XLSX = office_file("[Content_Types].xml", "xl/workbook.xml")
PPTX = office_file("[Content_Types].xml", "ppt/presentation.xml")
ODT = office_file("content.xml", mimetype="application/vnd.oasis.opendocument.text")
ODS = office_file("content.xml", mimetype="application/vnd.oasis.opendocument.spreadsheet")


def upload(data: bytes, name: str):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def url(name, org, *args):
    return reverse(f"peers:{name}", args=[org.slug, *args])


@pytest.fixture
def coordinator(org):
    return make_member(org, "cora@voorbeeldstad.example", Role.COORDINATOR, language="en")


def link_item(org, actor, **fields) -> KnowledgeItem:
    values = {"step": 2, "title": "PIANOo over MVI", "url": "https://www.pianoo.nl/nl"}
    return knowledge.add_item(actor=actor, organisation=org, **{**values, **fields})


def test_a_viewer_reads_and_the_coordinator_keeps_it(org, bob, coordinator, client_for):
    item = link_item(org, coordinator, note="Begin hier.")
    viewer = client_for(bob)
    page = viewer.get(url("knowledge", org))
    assert page.status_code == 200
    assert "PIANOo over MVI" in page.content.decode() and "Begin hier." in page.content.decode()
    assert url("knowledge_new", org) not in page.content.decode()
    for name, args in [
        ("knowledge_new", []),
        ("knowledge_edit", [item.pk]),
    ]:
        assert viewer.get(url(name, org, *args)).status_code == 403
    data = {"step": 1, "title": "x", "url": "https://example.org/"}
    assert viewer.post(url("knowledge_new", org), data).status_code == 403
    assert viewer.post(url("knowledge_remove", org, item.pk)).status_code == 403
    assert viewer.post(url("knowledge_starter", org)).status_code == 403
    assert KnowledgeItem.objects.count() == 1

    manager = client_for(coordinator)
    assert manager.get(url("knowledge_new", org) + "?step=4").context["form"].initial["step"] == 4
    response = manager.post(
        url("knowledge_new", org),
        {"step": 4, "title": "Kansrijke aanbestedingen", "url": "www.pianoo.nl/nl/kansrijk"},
    )
    assert response.status_code == 302
    assert response.url == url("knowledge", org) + "#step-4"
    added = KnowledgeItem.objects.get(title="Kansrijke aanbestedingen")
    assert added.url == "https://www.pianoo.nl/nl/kansrijk"  # typed without https://
    assert (added.organisation, added.step, added.added_by) == (org, 4, coordinator)


@pytest.mark.parametrize(
    "address",
    ["javascript:alert(1)", "ftp://bestanden.example/gids.pdf", "https://gebruiker@elders.example"],
)
def test_only_web_addresses_pass(address, org, coordinator, client_for):
    response = client_for(coordinator).post(
        url("knowledge_new", org), {"step": 1, "title": "Gids", "url": address}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["url"]
    # The service itself refuses it too, whoever calls it.
    with pytest.raises(ValidationError):
        link_item(org, coordinator, url=address)
    assert not KnowledgeItem.objects.exists()


def test_a_link_or_a_document_one_of_the_two(org, coordinator, client_for):
    client = client_for(coordinator)
    neither = client.post(url("knowledge_new", org), {"step": 1, "title": "Leeg"})
    assert neither.status_code == 400
    assert "Give a web address or a document, one of the two." in neither.content.decode()
    # An empty form says everything that is missing in one round, the title too.
    empty = client.post(url("knowledge_new", org), {"step": 1})
    assert set(empty.context["form"].errors) == {"title", "__all__"}
    both = client.post(
        url("knowledge_new", org),
        {
            "step": 1,
            "title": "Beide",
            "url": "https://example.org/",
            "document": upload(PDF, "gids.pdf"),
        },
    )
    assert both.status_code == 400
    assert not KnowledgeItem.objects.exists()
    with pytest.raises(ValidationError):
        knowledge.add_item(actor=coordinator, organisation=org, step=1, title="Leeg")


@pytest.mark.parametrize(
    "data,name,kind,served_name",
    [
        (PDF, "handreiking.pdf", "pdf", "handreiking.pdf"),
        (DOCX, "sjabloon.docx", "docx", "sjabloon.docx"),
        (XLSX, "overzicht.xlsx", "xlsx", "overzicht.xlsx"),
        (PPTX, "presentatie.pptx", "pptx", "presentatie.pptx"),
        (ODT, "notitie.odt", "odt", "notitie.odt"),
        (ODS, "lijst.ods", "ods", "lijst.ods"),
        # The name follows what the file really is.
        (PDF, "C:\\Users\\cora\\gids.docx", "pdf", "gids.docx.pdf"),
    ],
)
def test_own_documents_are_kept_and_served_inside_as_a_download(
    data, name, kind, served_name, org, bob, charlie, coordinator, client_for
):
    response = client_for(coordinator).post(
        url("knowledge_new", org),
        {"step": 5, "title": "Eigen document", "document": upload(data, name)},
    )
    assert response.status_code == 302
    item = KnowledgeItem.objects.get()
    content_type = knowledge_documents.DOCUMENT_TYPES[kind][0]
    assert (item.content_type, item.file_name, item.url) == (content_type, served_name, "")

    served = client_for(bob).get(url("knowledge_document", org, item.pk))
    assert served.status_code == 200
    assert served.content == data
    assert served["Content-Type"] == content_type
    assert served["Content-Disposition"].startswith("attachment;")
    assert served_name in served["Content-Disposition"]
    assert served["X-Content-Type-Options"] == "nosniff"
    assert served["Content-Security-Policy"] == "default-src 'none'"
    # Another organisation's administrator does not get it.
    assert client_for(charlie).get(url("knowledge_document", org, item.pk)).status_code == 404


def test_a_link_has_no_document(org, bob, coordinator, client_for):
    item = link_item(org, coordinator)
    assert client_for(bob).get(url("knowledge_document", org, item.pk)).status_code == 404


@pytest.mark.parametrize(
    "data,name,message",
    [
        (b"\x89PNG\r\n\x1a\n" + b"0" * 100, "foto.pdf", "foto.pdf is not a PDF, ODT, ODS"),
        (b"<html><script>alert(1)</script></html>", "pagina.pdf", "pagina.pdf is not a PDF"),
        (office_file("readme.txt"), "archief.docx", "archief.docx is not a PDF"),
        (b"PK\x03\x04 kapot", "kapot.xlsx", "kapot.xlsx is not a PDF"),
        (
            office_file("[Content_Types].xml", "word/document.xml", "word/vbaProject.bin"),
            "macro.docm",
            "macro.docm contains macros.",
        ),
        (
            office_file(
                "content.xml",
                "Basic/Standard/Module1.xml",
                mimetype=("application/vnd.oasis.opendocument.text"),
            ),
            "macro.odt",
            "macro.odt contains macros.",
        ),
        (
            office_file("content.xml", mimetype="application/vnd.oasis.opendocument.graphics"),
            "tekening.odg",
            "tekening.odg is not a PDF",
        ),
    ],
)
def test_other_files_are_refused_with_a_message(data, name, message, org, coordinator, client_for):
    response = client_for(coordinator).post(
        url("knowledge_new", org), {"step": 5, "title": "Document", "document": upload(data, name)}
    )
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors["document"])
    assert not KnowledgeItem.objects.exists()


@override_settings(KNOWLEDGE_DOCUMENT_MAX_BYTES=2_000_000)
def test_a_document_too_large_is_refused(org, coordinator, client_for):
    data = PDF + b"%" + b"0" * 2_100_000
    response = client_for(coordinator).post(
        url("knowledge_new", org),
        {"step": 5, "title": "Groot", "document": upload(data, "groot.pdf")},
    )
    assert response.status_code == 400
    errors = " ".join(response.context["form"].errors["document"])
    assert "groot.pdf is 2.1 MB; a document may be at most 2 MB." in errors
    assert not KnowledgeItem.objects.exists()


def test_changes_and_removals_are_audited(org, coordinator, client_for):
    client = client_for(coordinator)
    client.post(
        url("knowledge_new", org),
        {"step": 2, "title": "MVI bij PIANOo", "url": "https://www.pianoo.nl/nl"},
    )
    item = KnowledgeItem.objects.get()
    added = AuditEntry.objects.get(action="peers.knowledge_added")
    assert added.organisation == org and added.object_id == str(item.pk)
    assert added.after["url"] == "https://www.pianoo.nl/nl"
    assert "MVI bij PIANOo" in sentence(added)

    theme = Theme.objects.get(organisation=None, key="circulair")
    response = client.post(
        url("knowledge_edit", org, item.pk),
        {
            "step": 3,
            "title": "MVI bij PIANOo",
            "url": "https://www.pianoo.nl/nl/mvi",
            "theme": theme.pk,
        },
    )
    assert response.status_code == 302
    changed = AuditEntry.objects.get(action="peers.knowledge_changed")
    assert changed.before["step"] == 2 and changed.after["step"] == 3
    assert changed.after["url"] == "https://www.pianoo.nl/nl/mvi"
    assert changed.after["theme"] == str(theme)
    # Saving without a change writes no entry.
    client.post(
        url("knowledge_edit", org, item.pk),
        {
            "step": 3,
            "title": "MVI bij PIANOo",
            "url": "https://www.pianoo.nl/nl/mvi",
            "theme": theme.pk,
        },
    )
    assert AuditEntry.objects.filter(action="peers.knowledge_changed").count() == 1

    client.post(url("knowledge_remove", org, item.pk))
    assert not KnowledgeItem.objects.exists()
    removed = AuditEntry.objects.get(action="peers.knowledge_removed")
    assert removed.before["title"] == "MVI bij PIANOo"


def test_a_link_stays_a_link_and_a_document_is_replaced(org, coordinator, client_for):
    client = client_for(coordinator)
    link = link_item(org, coordinator)
    form = client.get(url("knowledge_edit", org, link.pk)).context["form"]
    assert "url" in form.fields and "document" not in form.fields
    empty = client.post(url("knowledge_edit", org, link.pk), {"step": 2, "title": "x", "url": ""})
    assert empty.status_code == 400

    document = knowledge.add_item(
        actor=coordinator,
        organisation=org,
        step=5,
        title="Handreiking",
        document=knowledge_documents.check_document(upload(PDF, "oud.pdf")),
    )
    form = client.get(url("knowledge_edit", org, document.pk)).context["form"]
    assert "document" in form.fields and "url" not in form.fields
    # Kept when no new file is given.
    client.post(url("knowledge_edit", org, document.pk), {"step": 6, "title": "Handreiking"})
    document.refresh_from_db()
    assert (document.step, document.file_name, bytes(document.document)) == (6, "oud.pdf", PDF)
    client.post(
        url("knowledge_edit", org, document.pk),
        {"step": 6, "title": "Handreiking", "document": upload(DOCX, "nieuw.docx")},
    )
    document.refresh_from_db()
    assert (document.file_name, bytes(document.document)) == ("nieuw.docx", DOCX)
    entry = AuditEntry.objects.filter(action="peers.knowledge_changed").latest("pk")
    assert entry.before["file_name"] == "oud.pdf" and entry.after["file_name"] == "nieuw.docx"


def test_themes_of_the_organisation_only_and_the_filter(
    org, other_org, bob, coordinator, client_for
):
    own = Theme.objects.create(organisation=org, name="Lokaal inkopen")
    foreign = Theme.objects.create(organisation=other_org, name="Geheim thema van Anderdorp")
    client = client_for(coordinator)
    refused = client.post(
        url("knowledge_new", org),
        {"step": 1, "title": "x", "url": "https://example.org/", "theme": foreign.pk},
    )
    assert refused.status_code == 400 and refused.context["form"].errors["theme"]
    assert (
        "Geheim thema van Anderdorp" not in client.get(url("knowledge_new", org)).content.decode()
    )
    with pytest.raises(PermissionDenied):
        link_item(org, coordinator, theme=foreign)

    link_item(org, coordinator, title="Lokaal", theme=own)
    link_item(org, coordinator, title="Algemeen", url="https://example.org/")
    viewer = client_for(bob)
    everything = viewer.get(url("knowledge", org)).content.decode()
    assert "Lokaal" in everything and "Algemeen" in everything
    filtered = viewer.get(url("knowledge", org) + f"?theme={own.pk}")
    names = [item.title for row in filtered.context["step_rows"] for item in row.items]
    assert names == ["Lokaal"]
    # Another organisation's theme is no choice: the filter is ignored.
    ignored = viewer.get(url("knowledge", org) + f"?theme={foreign.pk}")
    assert len([item for row in ignored.context["step_rows"] for item in row.items]) == 2


def test_every_step_is_shown_with_its_items(org, bob, coordinator, client_for):
    link_item(org, coordinator, step=7, title="Delen met anderen")
    steps = client_for(bob).get(url("knowledge", org)).context["step_rows"]
    assert [row.step.number for row in steps] == [1, 2, 3, 4, 5, 6, 7]
    assert [item.title for item in steps[6].items] == ["Delen met anderen"]
    assert all(not row.items for row in steps[:6])
    with pytest.raises(ValidationError):
        link_item(org, coordinator, step=8)


def test_pianoos_guidance_is_added_once(org, coordinator, client_for):
    client = client_for(coordinator)
    link_item(org, coordinator, url=knowledge.STARTER_SET[0].url, title="Al bewaard")
    page = client.get(url("knowledge", org)).content.decode()
    assert url("knowledge_starter", org) in page
    client.post(url("knowledge_starter", org))
    items = KnowledgeItem.objects.for_organisation(org)
    assert items.count() == len(knowledge.STARTER_SET)
    assert set(items.values_list("url", flat=True)) == knowledge.STARTER_URLS
    assert items.filter(title="Al bewaard").exists()  # the one it had stays as it was
    social = items.get(url__contains="social-return")
    assert social.step == 5 and social.theme.key == "social-return"
    assert all(url.startswith("https://") for url in knowledge.STARTER_URLS)
    entry = AuditEntry.objects.get(action="peers.knowledge_starter_added")
    assert len(entry.after["items"]) == len(knowledge.STARTER_SET) - 1

    client.post(url("knowledge_starter", org))
    assert items.count() == len(knowledge.STARTER_SET)
    assert AuditEntry.objects.filter(action="peers.knowledge_starter_added").count() == 1
    assert url("knowledge_starter", org) not in client.get(url("knowledge", org)).content.decode()


def test_another_organisations_item_is_not_found(org, other_org, charlie, coordinator, client_for):
    theirs = knowledge.add_item(
        actor=charlie,
        organisation=other_org,
        step=1,
        title="Van Anderdorp",
        document=knowledge_documents.check_document(upload(PDF, "anderdorp.pdf")),
    )
    client = client_for(coordinator)
    assert client.get(url("knowledge_edit", org, theirs.pk)).status_code == 404
    assert client.post(url("knowledge_remove", org, theirs.pk)).status_code == 404
    assert client.get(url("knowledge_document", org, theirs.pk)).status_code == 404
    assert "Van Anderdorp" not in client.get(url("knowledge", org)).content.decode()
    # Outsiders of Voorbeeldstad get 404 on each of its knowledge pages.
    mine = link_item(org, coordinator)
    outsider = client_for(charlie)
    for name, args in [
        ("knowledge", []),
        ("knowledge_new", []),
        ("knowledge_edit", [mine.pk]),
        ("knowledge_document", [mine.pk]),
    ]:
        assert outsider.get(url(name, org, *args)).status_code == 404
    for name, args in [("knowledge_remove", [mine.pk]), ("knowledge_starter", [])]:
        assert outsider.post(url(name, org, *args)).status_code == 404
    assert KnowledgeItem.objects.filter(organisation=org).count() == 1
