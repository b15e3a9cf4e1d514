"""The plan's pages as people use them: the ambition web on screen and on paper with its table,
two sessions compared, the annual plan as PDF, checklists with progress on the home page, and
every page in Dutch and English with the structural accessibility checks."""

import shutil
import subprocess

import pytest
from django.urls import reverse

from impactinkoop.core.models import AuditEntry
from impactinkoop.plans.models import StepCheck, TeamMember, ThemeChoice

from ..test_accessibility import check
from .helpers import small_plan

NUMBER = (
    '<td class="utrecht-table__cell utrecht-table__cell--numeric-column '
    'utrecht-table__cell--numeric-data">'
)


def _pango_missing() -> bool:
    try:
        import weasyprint  # noqa: F401
    except OSError:
        return True
    return False


needs_pdf = pytest.mark.skipif(_pango_missing(), reason="WeasyPrint needs Pango")


def pdf_text(content: bytes) -> str | None:
    """The PDF's text through poppler's pdftotext, or None where it is not installed."""
    if not shutil.which("pdftotext"):
        return None
    result = subprocess.run(  # noqa: S603 - fixed program, our own bytes on stdin
        ["pdftotext", "-", "-"], input=content, capture_output=True, check=True
    )
    return " ".join(result.stdout.decode().split())  # table cells wrap over lines


@pytest.fixture
def plan(org, alice):
    return small_plan(org, alice)


def test_the_session_page_draws_the_radar_with_its_table(org, plan, alice, client_for):
    session = plan["sessions"][1]
    page = client_for(alice).get(reverse("plans:session", args=[org.slug, session.pk]))
    html = page.content.decode()
    assert html.count("<svg") == 1
    assert 'role="img" aria-label="Ambitieweb: Ambitieweb 2026"' in html
    assert "<title>Ambitieweb: Ambitieweb 2026</title>" in html
    # The text alternative: every theme with its level, in a table.
    assert (
        '<th class="utrecht-table__header-cell" scope="row">Social return</th>' + NUMBER + "3</td>"
        in html
    )
    assert (
        '<th class="utrecht-table__header-cell" scope="row">Circulair</th>' + NUMBER + "2</td>"
        in html
    )


def test_two_sessions_compared_in_one_chart(org, plan, alice, client_for):
    first, second = plan["sessions"]
    response = client_for(alice).get(
        reverse("plans:session_compare", args=[org.slug]),
        {"first": second.pk, "second": first.pk},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<polygon points=") == 3 + 2  # three rings, two sessions
    assert 'stroke-dasharray="6 4"' in html  # the second series differs by more than colour
    assert (
        '<th class="utrecht-table__header-cell" scope="row">Social return</th>'
        + NUMBER
        + "3</td><td "
        in html
    )
    same = client_for(alice).get(
        reverse("plans:session_compare", args=[org.slug]), {"first": first.pk, "second": first.pk}
    )
    assert same.status_code == 400
    assert "Kies twee verschillende sessies." in same.content.decode()


@needs_pdf
@pytest.mark.parametrize("language,words", [("nl", "Dezelfde niveaus"), ("en", "The same levels")])
def test_radar_pdf_has_the_chart_and_the_text_alternative(
    org, plan, alice, client_for, language, words
):
    session = plan["sessions"][0]
    response = client_for(alice).get(
        reverse("plans:session_pdf", args=[org.slug, session.pk]), {"lang": language}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    if text is not None:
        assert words in text and "Ambitieweb 2025" in text and "SW-bedrijf" in text
    first, second = plan["sessions"]
    compared = client_for(alice).get(
        reverse("plans:session_compare_pdf", args=[org.slug]),
        {"first": first.pk, "second": second.pk, "lang": language},
    )
    assert compared.content.startswith(b"%PDF")


@needs_pdf
def test_annual_plan_pdf(org, plan, alice, client_for):
    year = plan["own_action"].due.year
    response = client_for(alice).get(
        reverse("plans:plan_pdf", args=[org.slug]), {"year": year, "lang": "nl"}
    )
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert f"annual-plan-voorbeeldstad-{year}.pdf" in response["Content-Disposition"]
    text = pdf_text(response.content)
    if text is not None:
        assert "Groenonderhoud voorbehouden" in text and "te laat" in text
        assert "Lotte Smit" in text and "Tien contracten met social return" in text


def test_bad_year_or_language_is_404(org, plan, alice, client_for):
    client = client_for(alice)
    assert client.get(reverse("plans:actions", args=[org.slug]), {"year": "abc"}).status_code == 404
    assert client.get(reverse("plans:plan_pdf", args=[org.slug]), {"lang": "de"}).status_code in (
        404,
        503,
    )


def test_checklists_tick_off_steps_and_show_progress_on_home(org, plan, alice, client_for):
    client = client_for(alice)
    url = reverse("plans:checklist_step", args=[org.slug, "dnz", 2])
    assert client.post(url, {"done": "1", "note": "Wethouder is sponsor"}).status_code == 302
    client.post(reverse("plans:checklist_step", args=[org.slug, "pianoo", 1]), {"done": "1"})
    assert StepCheck.objects.filter(organisation=org).count() == 2
    home = client.get(reverse("portal:home", args=[org.slug])).content.decode()
    assert "De Normaalste Zaak: zeven stappen" in home and "1 van 7 stappen klaar" in home
    page = client.get(reverse("plans:checklists", args=[org.slug])).content.decode()
    assert "Wethouder is sponsor" in page
    assert reverse("plans:team", args=[org.slug]) in page  # step 2 links to the team page
    client.post(url, {"done": ""})
    assert not StepCheck.objects.filter(plan="dnz").exists()
    assert (
        client.post(
            reverse("plans:checklist_step", args=[org.slug, "dnz", 8]), {"done": "1"}
        ).status_code
        == 404
    )
    assert AuditEntry.objects.filter(action="plan.step_checked").count() == 2


def test_choosing_themes_moves_step_two(org, alice, client_for):
    from impactinkoop.core.steps import STEPS_BY_SLUG, status_for

    from .helpers import national

    assert status_for(STEPS_BY_SLUG["themes"], org).state == "todo"
    client = client_for(alice)
    theme = national("klimaat")
    url = reverse("plans:theme_choose", args=[org.slug, theme.pk])
    client.post(url, {"reason": ""})
    assert status_for(STEPS_BY_SLUG["themes"], org).state == "started"
    client.post(url, {"reason": "Klimaatneutraal in 2040"})
    assert status_for(STEPS_BY_SLUG["themes"], org).state == "done"
    assert ThemeChoice.objects.get(organisation=org).reason == "Klimaatneutraal in 2040"
    client.post(url, {"drop": "1"})
    assert not ThemeChoice.objects.filter(organisation=org).exists()


def test_team_and_documents_are_kept_and_logged(org, plan, alice, client_for):
    client = client_for(alice)
    client.post(
        reverse("plans:team_new", args=[org.slug]),
        {"name": "Daan", "function": "Teamleider", "part": "ambassador", "department": "Ruimte"},
    )
    assert TeamMember.objects.filter(part="ambassador").get().name == "Daan"
    team = client.get(reverse("plans:team", args=[org.slug])).content.decode()
    assert "Daan" in team and "Lotte Smit" in team
    goal = plan["goal"]
    response = client.post(
        reverse("plans:passage_new", args=[org.slug, plan["document"].pk]),
        {"text": "Social return in alle grote opdrachten", "reference": "p. 4", "goals": [goal.pk]},
    )
    assert response.status_code == 302
    page = client.get(reverse("plans:goal", args=[org.slug, goal.pk])).content.decode()
    assert "Social return in alle grote opdrachten" in page and "p. 4" in page
    assert AuditEntry.objects.filter(action="plan.team_member.created").exists()
    assert AuditEntry.objects.filter(action="plan.passage.created").exists()


PAGES = [
    ("plans:overview", None),
    ("plans:themes", None),
    ("plans:theme_new", None),
    ("plans:matrix", None),
    ("plans:matrix_row", "catering"),
    ("plans:sessions", None),
    ("plans:session_new", None),
    ("plans:session", "session"),
    ("plans:session_edit", "session"),
    ("plans:goals", None),
    ("plans:goal_new", None),
    ("plans:goal", "goal"),
    ("plans:goal_edit", "goal"),
    ("plans:actions", None),
    ("plans:action_new", None),
    ("plans:action_edit", "own_action"),
    ("plans:checklists", None),
    ("plans:team", None),
    ("plans:team_new", None),
    ("plans:team_edit", "member"),
    ("plans:documents", None),
    ("plans:document_new", None),
    ("plans:document_edit", "document"),
    ("plans:passage_new", "document"),
]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_plan_page_in_both_languages(org, plan, alice, client_for, language):
    alice.language = language
    alice.save()
    client = client_for(alice)
    plan["session"] = plan["sessions"][1]
    for name, key in PAGES:
        args = [org.slug] + ([plan[key].pk] if key else [])
        response = client.get(reverse(name, args=args))
        check(response, language)
    first, second = plan["sessions"]
    compare = client.get(
        reverse("plans:session_compare", args=[org.slug]), {"first": first.pk, "second": second.pk}
    )
    check(compare, language)
    home = client.get(reverse("portal:home", args=[org.slug]))
    check(home, language)
    english = "Step plans" in home.content.decode()
    assert english == (language == "en")


def test_deleting_a_goal_keeps_its_actions(org, plan, alice, client_for):
    from impactinkoop.plans.models import Action, AmbitionSession, Goal, PolicyDocument

    client = client_for(alice)
    goal, action = plan["goal"], plan["own_action"]
    response = client.post(reverse("plans:goal_delete", args=[org.slug, goal.pk]))
    assert response.status_code == 302
    assert not Goal.objects.filter(pk=goal.pk).exists()
    assert Action.objects.get(pk=action.pk).goal is None
    client.post(reverse("plans:session_delete", args=[org.slug, plan["sessions"][0].pk]))
    client.post(reverse("plans:document_delete", args=[org.slug, plan["document"].pk]))
    assert AmbitionSession.objects.count() == 1 and not PolicyDocument.objects.exists()
    assert AuditEntry.objects.filter(action="plan.goal.deleted").exists()
