"""The demo's knowledge: PIANOo's starter set, the municipality's own pages and one own PDF over
several steps, some with a theme; running it twice adds nothing."""

import shutil
import subprocess

import pytest

from impactinkoop.accounts.roles import Role
from impactinkoop.peers import knowledge, knowledge_documents
from impactinkoop.peers.demo_library import build_demo, small_pdf
from impactinkoop.peers.models import KnowledgeItem
from impactinkoop.peers.step_status_library import learn_status

from ..factories import make_member

pytestmark = pytest.mark.django_db


def test_the_demo_keeps_knowledge_over_several_steps_once(org):
    users = {"coordinator": make_member(org, "fatima@voorbeeldstad.example", Role.COORDINATOR)}
    build_demo(org, users)
    items = KnowledgeItem.objects.for_organisation(org)
    count = items.count()
    assert count == len(knowledge.STARTER_SET) + 3
    assert len(set(items.values_list("step", flat=True))) >= 5
    assert items.filter(theme__isnull=False).count() >= 3
    document = items.get(file_name__endswith=".pdf")
    assert document.content_type == "application/pdf"
    assert knowledge_documents.document_kind(bytes(document.document)) == "pdf"
    assert learn_status(org).state == "done"

    build_demo(org, users)
    assert items.count() == count


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_the_demo_pdf_is_a_real_pdf(tmp_path):
    path = tmp_path / "demo.pdf"
    path.write_bytes(small_pdf("Handreiking (concept)", ["Eerste regel", "Tweede: €5 (ca.)"]))
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Eerste regel" in text and "Tweede: €5 (ca.)" in text
