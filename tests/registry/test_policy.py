"""KvK validation, qualifications over time, and the one policy answer everything else uses."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from impactinkoop.core.validators import normalise_kvk, validate_kvk_number
from impactinkoop.registry.models import Company, Qualification, RegisterPolicy
from impactinkoop.registry.policy import accepted_keys, social_enterprise_ids, verdict
from impactinkoop.registry.sources import DEFAULT_POLICY_KEYS, Level, Source, parse_level

DAY = date(2026, 6, 1)


@pytest.mark.parametrize("value", ["01234567", "00000001", "99999999"])
def test_valid_kvk_numbers(value):
    validate_kvk_number(value)


@pytest.mark.parametrize("value", ["1234567", "123456789", "1234567a", "", "12 34 56 78"])
def test_invalid_kvk_numbers(value):
    with pytest.raises(ValidationError):
        validate_kvk_number(value)


def test_typed_kvk_numbers_are_normalised_and_keep_leading_zeros():
    assert normalise_kvk(" 0123.4567 ") == "01234567"
    assert normalise_kvk("0123-4567") == "01234567"


def test_company_validates_kvk_and_establishment_number(db):
    with pytest.raises(ValidationError) as error:
        Company(kvk_number="123", name="X", establishment_number="12").full_clean()
    assert set(error.value.message_dict) == {"kvk_number", "establishment_number"}


def test_one_company_per_kvk_number_but_many_candidates(db):
    Company.objects.create(kvk_number="01234567", name="A")
    Company.objects.create(name="Kandidaat 1")
    Company.objects.create(name="Kandidaat 2", kvk_number="")
    assert Company.objects.candidates().count() == 2
    with pytest.raises(IntegrityError), transaction.atomic():
        Company.objects.create(kvk_number="01234567", name="B")


def test_a_period_must_end_after_it_starts(db):
    company = Company.objects.create(kvk_number="01234567", name="A")
    with pytest.raises(IntegrityError), transaction.atomic():
        Qualification.objects.create(
            company=company,
            source=Source.SE_NL,
            valid_from=date(2026, 1, 2),
            valid_until=date(2026, 1, 1),
        )


def test_own_judgement_needs_a_reason(db):
    company = Company.objects.create(kvk_number="01234567", name="A")
    with pytest.raises(IntegrityError), transaction.atomic():
        Qualification.objects.create(
            company=company, source=Source.OWN_JUDGEMENT, valid_from=DAY, reason=""
        )


@pytest.mark.parametrize(
    "source,text,level",
    [
        (Source.PSO, "Trede 2", Level.PSO_2),
        (Source.PSO, "PSO 30+", Level.PSO_30),
        (Source.PSO, "aspirant", Level.PSO_ASPIRANT),
        (Source.PSO, "trede 1", Level.PSO_1),
        (Source.PSO, "3", Level.PSO_3),
        (Source.REGIONAL, "Erkend", Level.ERKEND),
        (Source.REGIONAL, "Aspirant", Level.ASPIRANT),
        (Source.CODE_SO, "whatever", ""),
    ],
)
def test_levels_as_registers_write_them(source, text, level):
    assert parse_level(source, text) == level


def test_unknown_level_is_refused():
    with pytest.raises(ValueError):
        parse_level(Source.PSO, "goud")


@pytest.fixture
def companies(db):
    def make(kvk, *qualifications):
        company = Company.objects.create(kvk_number=kvk, name=f"Bedrijf {kvk}")
        for data in qualifications:
            Qualification.objects.create(company=company, **data)
        return company

    return make


def test_default_policy_counts_everything_but_aspirants(org):
    assert accepted_keys(org) == DEFAULT_POLICY_KEYS
    assert "pso:pso_aspirant" not in DEFAULT_POLICY_KEYS
    assert "regional:aspirant" not in DEFAULT_POLICY_KEYS
    assert "pso:pso_30" in DEFAULT_POLICY_KEYS


def test_policy_decides_per_organisation(org, other_org, companies):
    pso_aspirant = companies(
        "00000001",
        {"source": Source.PSO, "level": Level.PSO_ASPIRANT, "valid_from": date(2026, 1, 1)},
    )
    code = companies("00000002", {"source": Source.CODE_SO, "valid_from": date(2026, 1, 1)})
    RegisterPolicy.objects.create(organisation=org, accepted=["pso:pso_aspirant"])

    assert social_enterprise_ids(org, DAY) == {pso_aspirant.pk}
    assert social_enterprise_ids(other_org, DAY) == {code.pk}
    answer = verdict(code, org, DAY)
    assert not answer.is_social_enterprise
    assert "telt niet mee volgens het beleid" in answer.explanation()


def test_expired_and_future_qualifications_do_not_count(org, companies):
    expired = companies(
        "00000003",
        {
            "source": Source.CODE_SO,
            "valid_from": date(2023, 1, 1),
            "valid_until": date(2025, 12, 31),
        },
    )
    future = companies("00000004", {"source": Source.CODE_SO, "valid_from": date(2026, 7, 1)})
    assert social_enterprise_ids(org, DAY) == set()
    assert "verlopen op 31 december 2025" in verdict(expired, org, DAY).explanation()
    assert "pas geldig vanaf 1 juli 2026" in verdict(future, org, DAY).explanation()
    assert verdict(expired, org, date(2025, 12, 31)).is_social_enterprise
    assert not verdict(expired, org, date(2026, 1, 1)).is_social_enterprise


def test_overlapping_qualifications_count_once_and_name_all_reasons(org, companies):
    company = companies(
        "00000005",
        {
            "source": Source.PSO,
            "level": Level.PSO_1,
            "valid_from": date(2025, 1, 1),
            "valid_until": date(2026, 12, 31),
        },
        {"source": Source.PSO, "level": Level.PSO_2, "valid_from": date(2026, 3, 1)},
        {"source": Source.SE_NL, "valid_from": date(2024, 1, 1)},
    )
    assert social_enterprise_ids(org, DAY) == {company.pk}
    answer = verdict(company, org, DAY)
    assert len(answer.counted) == 3
    assert "PSO trede 1" in answer.explanation() and "PSO trede 2" in answer.explanation()


def test_own_qualifications_count_only_for_their_organisation(org, other_org, companies):
    company = companies(
        "00000006",
        {
            "source": Source.OWN_JUDGEMENT,
            "organisation": org,
            "reason": "leerwerkbedrijf",
            "valid_from": date(2026, 1, 1),
        },
    )
    assert social_enterprise_ids(org, DAY) == {company.pk}
    assert social_enterprise_ids(other_org, DAY) == set()
    assert verdict(company, other_org, DAY).counted == []
    assert verdict(company, other_org, DAY).not_counted == []


def test_the_bulk_answer_and_the_single_answer_agree(org, companies):
    RegisterPolicy.objects.create(organisation=org, accepted=["pso:pso_2", "se_nl:"])
    made = [
        companies(
            "00000011", {"source": Source.PSO, "level": Level.PSO_2, "valid_from": date(2026, 1, 1)}
        ),
        companies(
            "00000012", {"source": Source.PSO, "level": Level.PSO_3, "valid_from": date(2026, 1, 1)}
        ),
        companies("00000013", {"source": Source.SE_NL, "valid_from": date(2026, 6, 2)}),
        companies(
            "00000014",
            {
                "source": Source.SE_NL,
                "valid_from": date(2026, 6, 1),
                "valid_until": date(2026, 6, 1),
            },
        ),
        companies("00000015"),
    ]
    bulk = social_enterprise_ids(org, DAY)
    assert bulk == {made[0].pk, made[3].pk}
    assert {c.pk for c in made if verdict(c, org, DAY).is_social_enterprise} == bulk
