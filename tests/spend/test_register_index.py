"""The register's index for supplier matching is kept on disk and built again only when a company
is added, changed or removed; trade names are matched as names of the company."""

import pytest

from impactinkoop.registry.models import Company
from impactinkoop.spend.linking.links import company_register

pytestmark = pytest.mark.django_db


@pytest.fixture
def kept(settings, tmp_path):
    settings.MATCHING_INDEX_DIR = str(tmp_path)
    return tmp_path


def test_the_index_is_reused_until_the_register_changes(kept):
    company = Company.objects.create(kvk_number="01234567", name="De Werkplaats B.V.")
    assert company_register().index.meta["kept"] is False
    assert company_register().index.meta["kept"] is True
    company.name = "Werkplaats Oost B.V."
    company.save()
    register = company_register()
    assert register.index.meta["kept"] is False
    assert register.match("WERKPLAATS OOST BV").ref == company.pk
    Company.objects.create(kvk_number="07654321", name="Groen & Zo")
    assert company_register().index.meta["kept"] is False
    company.delete()
    register = company_register()
    assert (register.index.meta["kept"], len(register)) == (False, 1)


def test_a_trade_name_finds_its_company(kept):
    company = Company.objects.create(
        kvk_number="01234567", name="Stichting Werk en Zo", trade_names="Koffiebranderij Morgen\n"
    )
    match = company_register().match("KOFFIEBRANDERIJ MORGEN")
    assert (match.ref, match.decision) == (company.pk, "auto")
    match = company_register().match("Werk en Zo")
    assert match.ref == company.pk
    assert company_register().index.meta["kept"] is True
