"""Linking suppliers to the register by name: bands, the review queue, remembered decisions."""

import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from impactinkoop.core.models import AuditEntry
from impactinkoop.registry.models import Company
from impactinkoop.spend.linking.links import decide, match_suppliers
from impactinkoop.spend.models import Supplier, SupplierMatch


@pytest.fixture
def world(org):
    companies = {
        "werkplaats": Company.objects.create(kvk_number="01234567", name="De Werkplaats B.V."),
        "jansen": Company.objects.create(kvk_number="22334455", name="Bakkerij Jansen"),
        "janssen": Company.objects.create(kvk_number="22334466", name="Bakkerij Janssen"),
        "poort": Company.objects.create(name="Sociaal Werkbedrijf De Poort"),
    }

    def supplier(key, name, kvk=""):
        return Supplier.objects.create(organisation=org, key=key, name=name, kvk_number=kvk)

    suppliers = {
        "werkplaats": supplier("n:1", "STG. DE WERKPLAATS"),
        "bakkerij": supplier("n:2", "BAKKERIJ JANSENS"),
        "poort": supplier("n:3", "SOCIAAL WERKBEDRIJF DE POORT"),
        "unknown": supplier("n:4", "Totaal Onbekend Installatiebedrijf"),
        "contradiction": supplier("n:5", "De Werkplaats", kvk="99999999"),
    }
    return companies, suppliers


def test_bands_link_auto_and_queue_the_rest(org, world):
    companies, suppliers = world
    counts = match_suppliers(organisation=org, actor="test")
    assert counts == {
        "suppliers": 5,
        "auto": 2,
        "review": 2,
        "none": 1,
        "rechecked": 0,
        "questioned": 0,
    }
    werkplaats = Supplier.objects.get(pk=suppliers["werkplaats"].pk)
    assert werkplaats.company == companies["werkplaats"]
    assert Supplier.objects.get(pk=suppliers["poort"].pk).company == companies["poort"]
    proposals = SupplierMatch.objects.filter(state="proposed")
    assert {p.supplier_id for p in proposals} == {
        suppliers["bakkerij"].pk,
        suppliers["contradiction"].pk,
    }
    contradiction = proposals.get(supplier=suppliers["contradiction"])
    assert "KvK numbers differ" in contradiction.reason
    # Proposals are not links: they do not make spend count.
    assert Supplier.objects.get(pk=suppliers["bakkerij"].pk).company is None


def test_decisions_are_remembered(org, world):
    companies, suppliers = world
    match_suppliers(organisation=org, actor="test")
    proposal = SupplierMatch.objects.get(supplier=suppliers["contradiction"])
    decide(actor=None, proposal=proposal, accept=False)
    assert AuditEntry.objects.filter(action="spend.match_rejected").count() == 1
    match_suppliers(organisation=org, actor="test")
    assert not SupplierMatch.objects.filter(
        supplier=suppliers["contradiction"], state="proposed"
    ).exists()  # never again

    bakkerij = SupplierMatch.objects.get(supplier=suppliers["bakkerij"], state="proposed")
    other = next(a[0] for a in bakkerij.alternatives if a[0] != bakkerij.company_id)
    decide(actor=None, proposal=bakkerij, accept=True, company_id=other)
    supplier = Supplier.objects.get(pk=suppliers["bakkerij"].pk)
    assert supplier.company_id == other
    assert SupplierMatch.objects.get(supplier=supplier, company_id=bakkerij.company_id).state == (
        "rejected"
    )
    counts = match_suppliers(organisation=org, actor="test")
    assert supplier.company_id == Supplier.objects.get(pk=supplier.pk).company_id  # holds
    # The unknown supplier and the rejected one are looked at again; nothing is proposed twice.
    assert (counts["suppliers"], counts["review"]) == (2, 0)


def test_the_review_queue_end_to_end_through_pages(client_for, org, alice, world):
    companies, suppliers = world
    match_suppliers(organisation=org, actor="test")
    client = client_for(alice)
    url = reverse("spend:matches", args=[org.slug])
    page = client.get(url)
    proposal = page.context["proposal"]
    assert page.context["total"] == 2
    assert proposal.supplier.name in page.content.decode()
    client.post(reverse("spend:match_decide", args=[org.slug, proposal.pk]), {"action": "accept"})
    proposal.refresh_from_db()
    assert proposal.state == "accepted"
    assert Supplier.objects.get(pk=proposal.supplier_id).company_id == proposal.company_id
    second = client.get(url).context["proposal"]
    response = client.post(
        reverse("spend:match_decide", args=[org.slug, second.pk]),
        {"action": "other", "company": companies["poort"].pk},
    )
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.state == "proposed"  # not a listed candidate: refused
    client.post(reverse("spend:match_decide", args=[org.slug, second.pk]), {"action": "reject"})
    assert "Niets te beoordelen" in client.get(url).content.decode()


def test_a_skip_past_the_end_shows_the_last_proposal(client_for, org, alice, world):
    match_suppliers(organisation=org, actor="test")
    client = client_for(alice)
    url = reverse("spend:matches", args=[org.slug])
    last = client.get(url, {"skip": "1"}).context["proposal"]
    for skip in ("2", "99999999999999999999"):
        page = client.get(url, {"skip": skip})
        assert page.status_code == 200
        assert (page.context["skip"], page.context["proposal"]) == (1, last)
        assert "Voorstel 2 van 2" in page.content.decode()
    for skip in ("-1", "abc", ""):
        assert client.get(url, {"skip": skip}).context["skip"] == 0


def test_deciding_keeps_only_a_number_as_the_place_in_the_queue(client_for, org, alice, world):
    match_suppliers(organisation=org, actor="test")
    proposal = SupplierMatch.objects.filter(state="proposed").first()
    response = client_for(alice).post(
        reverse("spend:match_decide", args=[org.slug, proposal.pk]),
        {"action": "reject", "skip": "1&next=//elders.example"},
    )
    assert response.url == reverse("spend:matches", args=[org.slug])


def test_only_coordinators_and_admins_review(client_for, org, bob, world):
    match_suppliers(organisation=org, actor="test")
    proposal = SupplierMatch.objects.filter(state="proposed").first()
    client = client_for(bob)
    assert client.get(reverse("spend:matches", args=[org.slug])).status_code == 403
    assert (
        client.post(
            reverse("spend:match_decide", args=[org.slug, proposal.pk]), {"action": "accept"}
        ).status_code
        == 403
    )
    proposal.refresh_from_db()
    assert proposal.state == "proposed"


def test_match_suppliers_command(org, world, capsys):
    call_command("match_suppliers", "--org", org.slug, "--json")
    counts = json.loads(capsys.readouterr().out)
    assert (counts["auto"], counts["review"], counts["none"]) == (2, 2, 1)


def test_only_accepted_links_make_a_supplier_social(client_for, org, alice, world):
    from impactinkoop.registry.models import Qualification

    companies, suppliers = world
    for company in companies.values():
        Qualification.objects.create(company=company, source="se_nl", valid_from="2020-01-01")
    match_suppliers(organisation=org, actor="test")
    page = client_for(alice).get(reverse("spend:suppliers", args=[org.slug]))
    social = {s.name: s.is_social for s in page.context["suppliers"]}
    assert social["STG. DE WERKPLAATS"] is True  # linked automatically
    assert social["BAKKERIJ JANSENS"] is False  # only proposed


def test_reasons_are_shown_in_the_readers_language():
    from django.utils import translation

    from impactinkoop.spend.linking.reasons import translate_reason

    with translation.override("nl"):
        assert translate_reason("2 letters differ; another company scores almost as high") == (
            "2 letters verschillen; een ander bedrijf scoort bijna even hoog"
        )
        assert translate_reason("same KvK") == "hetzelfde KvK-nummer"
        assert translate_reason("names 84% alike, but the KvK numbers differ") == (
            "namen 84% gelijk; maar de KvK-nummers verschillen"
        )
        assert translate_reason("both names have the rare word “philips”") == (
            "beide namen hebben het zeldzame woord “philips”"
        )
        assert translate_reason("the initials of one name spell the other") == (
            "de beginletters van de ene naam vormen de andere"
        )
        composed = (
            "same name after removing legal form and punctuation; the legal forms differ"
            "; another company has the same name"
        )
        assert translate_reason(composed) == (
            "dezelfde naam zonder rechtsvorm en leestekens; de rechtsvormen verschillen"
            "; een ander bedrijf heeft dezelfde naam"
        )
        assert translate_reason("only one of the names has “holding”: another legal person") == (
            "alleen een van de namen heeft “holding”: een andere rechtspersoon"
        )
    with translation.override("en"):
        assert translate_reason("1 letter differs") == "1 letter differs"


def test_a_waiting_supplier_whose_kvk_number_arrives_later_is_linked_by_it(org, world):
    companies, suppliers = world
    match_suppliers(organisation=org, actor="test")
    waiting = suppliers["bakkerij"]
    assert SupplierMatch.objects.filter(supplier=waiting, state="proposed").exists()
    waiting.kvk_number = companies["janssen"].kvk_number  # a later import brought the number
    waiting.save()
    counts = match_suppliers(organisation=org, actor="test")
    waiting.refresh_from_db()
    assert waiting.company == companies["janssen"]
    assert counts["auto"] == 1
    assert not SupplierMatch.objects.filter(supplier=waiting, state="proposed").exists()
    link = SupplierMatch.objects.get(supplier=waiting, state="accepted")
    assert (link.company, link.reason) == (companies["janssen"], "same KvK")


def test_proposals_of_a_supplier_an_import_linked_by_kvk_are_settled(org, world):
    companies, suppliers = world
    match_suppliers(organisation=org, actor="test")
    waiting = suppliers["bakkerij"]
    assert SupplierMatch.objects.filter(supplier=waiting, state="proposed").count() >= 1
    # A later import brought the KvK number and linked the supplier by it.
    Supplier.objects.filter(pk=waiting.pk).update(
        kvk_number=companies["jansen"].kvk_number, company=companies["jansen"]
    )
    match_suppliers(organisation=org, actor="test")
    assert not SupplierMatch.objects.filter(supplier=waiting, state="proposed").exists()
    assert (
        SupplierMatch.objects.get(supplier=waiting, state="accepted").company
        == (companies["jansen"])
    )
