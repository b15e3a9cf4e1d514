"""Bad input on the plan's forms: every error names the field, and nothing is half-written."""

import re

import pytest
from django.urls import reverse

from impactinkoop.plans.models import AmbitionScore, AmbitionSession, Goal, ProgressEntry

from .helpers import small_plan


@pytest.fixture
def plan(org, alice):
    return small_plan(org, alice)


def session_form(plan, **fields) -> dict:
    social_return, circular = plan["social_return"], plan["circular"]
    return {
        "title": "Ambitieweb catering",
        "held_on": "2026-04-01",
        "subject": "organisation",
        f"level_{social_return.pk}": "2",
        f"level_{circular.pk}": "1",
        **fields,
    }


@pytest.mark.parametrize(
    "level,message",
    [
        ("4", "Kies een niveau van 0 tot 3."),
        ("-1", "Kies een niveau van 0 tot 3."),
        ("drie", "Kies een niveau van 0 tot 3."),
        ("", "Dit veld is verplicht."),
    ],
)
def test_a_level_out_of_range_is_refused_and_nothing_is_saved(
    org, plan, alice, client_for, level, message
):
    before = (AmbitionSession.objects.count(), AmbitionScore.objects.count())
    data = session_form(plan, **{f"level_{plan['circular'].pk}": level})
    response = client_for(alice).post(reverse("plans:session_new", args=[org.slug]), data)
    assert response.status_code == 400
    page = response.content.decode()
    error = re.search(rf'id="id_level_{plan["circular"].pk}_error"[^>]*>(.*?)</', page, re.S)
    assert error and error.group(1).strip() == message
    assert (AmbitionSession.objects.count(), AmbitionScore.objects.count()) == before


def test_the_database_refuses_a_level_above_three(plan):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        AmbitionScore.objects.filter(session=plan["sessions"][0]).update(level=4)


def test_a_session_for_a_department_needs_the_department(org, plan, alice, client_for):
    data = session_form(plan, subject="department")
    response = client_for(alice).post(reverse("plans:session_new", args=[org.slug]), data)
    assert response.status_code == 400
    assert "Kies de afdeling." in response.content.decode()


def test_another_organisations_department_is_not_a_choice(org, other_org, plan, alice, client_for):
    from impactinkoop.accounts.models import Department

    theirs = Department.objects.create(organisation=other_org, name="Geheim")
    data = session_form(plan, subject="department", department=theirs.pk)
    response = client_for(alice).post(reverse("plans:session_new", args=[org.slug]), data)
    assert response.status_code == 400
    assert not AmbitionSession.objects.filter(department=theirs).exists()


def goal_form(**fields) -> dict:
    return {"title": "Meer social return", "deadline": "2026-12-31", **fields}


def post_goal(org, alice, client_for, **fields):
    return client_for(alice).post(reverse("plans:goal_new", args=[org.slug]), goal_form(**fields))


def test_a_target_without_a_metric_is_refused(org, alice, client_for):
    response = post_goal(org, alice, client_for, target_value="5")
    assert response.status_code == 400
    assert "Een streefwaarde heeft een maatstaf nodig" in response.content.decode()
    assert not Goal.objects.exists()


def test_a_deadline_before_the_baseline_date_is_refused(org, alice, client_for):
    response = post_goal(
        org,
        alice,
        client_for,
        metric="number",
        unit="contracten",
        target_value="10",
        baseline_value="2",
        baseline_date="2027-01-01",
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "De deadline (31-12-2026) moet na de datum van de nulmeting (1-1-2027) liggen." in page
    assert 'id="id_deadline_error"' in page
    assert not Goal.objects.exists()


@pytest.mark.parametrize(
    "fields,message",
    [
        ({"metric": "social_share", "target_value": "120"}, "tussen 0 en 100 procent"),
        ({"metric": "number", "target_value": "3"}, "Zeg wat het getal telt."),
        ({"metric": "number", "unit": "x", "target_value": "3,333"}, "hele centen"),
        ({"metric": "number", "unit": "x", "target_value": "veel"}, "is geen bedrag"),
        ({"metric": "number", "unit": "x", "baseline_value": "1"}, "Geef de datum"),
        ({"deadline": "31-13-2026"}, "Voer een geldige datum in."),
    ],
)
def test_other_bad_goals_are_refused_with_a_message(org, alice, client_for, fields, message):
    response = post_goal(org, alice, client_for, **fields)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Goal.objects.exists()


def test_a_measurement_needs_evidence_and_a_real_file(org, plan, alice, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("plans:goal", args=[org.slug, plan["goal"].pk])
    client = client_for(alice)
    response = client.post(url, {"measured_on": "2026-03-01", "value": "4"})
    assert response.status_code == 400
    fake = SimpleUploadedFile("bewijs.pdf", b"<script>alert(1)</script>")
    response = client.post(
        url, {"measured_on": "2026-03-01", "value": "4", "evidence": "telling", "file": fake}
    )
    assert response.status_code == 400
    assert "bewijs.pdf is geen PDF-, PNG- of JPEG-bestand." in response.content.decode()
    response = client.post(url, {"measured_on": "2999-01-01", "value": "4", "evidence": "telling"})
    assert response.status_code == 400
    assert not ProgressEntry.objects.exists()
    real = SimpleUploadedFile("bewijs.pdf", b"%PDF-1.4 telling")
    response = client.post(
        url, {"measured_on": "2026-03-01", "value": "4", "evidence": "telling", "file": real}
    )
    assert response.status_code == 302
    entry = ProgressEntry.objects.get()
    download = client.get(reverse("plans:evidence", args=[org.slug, plan["goal"].pk, entry.pk]))
    assert download.content == b"%PDF-1.4 telling"


def test_matrix_needs_a_reason_for_a_theme_that_does_not_apply(org, plan, alice, client_for):
    from impactinkoop.plans.models import CategoryThemeException

    url = reverse("plans:matrix_row", args=[org.slug, plan["catering"].pk])
    social_return, circular = plan["social_return"], plan["circular"]
    client = client_for(alice)
    response = client.post(url, {f"applies_{social_return.pk}": "on"})
    assert response.status_code == 400
    assert "geef de reden" in response.content.decode()
    assert not CategoryThemeException.objects.exists()
    response = client.post(
        url, {f"applies_{social_return.pk}": "on", f"reason_{circular.pk}": "Eten is eten"}
    )
    assert response.status_code == 302
    exception = CategoryThemeException.objects.get()
    assert (exception.theme, exception.reason) == (circular, "Eten is eten")
    page = client.get(reverse("plans:matrix", args=[org.slug])).content.decode()
    assert "Eten is eten" in page


def test_own_theme_names_are_unique_and_sdgs_are_checked(org, alice, client_for):
    url = reverse("plans:theme_new", args=[org.slug])
    client = client_for(alice)
    assert client.post(url, {"name": "Lokaal", "sdgs": ["8", "11"]}).status_code == 302
    response = client.post(url, {"name": "lokaal"})
    assert response.status_code == 400
    assert "Je hebt al een thema met deze naam." in response.content.decode()
    assert client.post(url, {"name": "Anders", "sdgs": ["18"]}).status_code == 400
