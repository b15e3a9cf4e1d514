"""A step's status may come from several apps: each registers a provider, core combines them."""

import pytest
from django.urls import reverse

from impactinkoop.core import steps
from impactinkoop.core.steps import STEPS_BY_SLUG, StepStatus, register_step_status, status_for


@pytest.fixture
def providers(monkeypatch):
    """The registered providers of every step, put back after the test."""
    saved = {slug: list(functions) for slug, functions in steps._STATUS_PROVIDERS.items()}
    monkeypatch.setattr(steps, "_STATUS_PROVIDERS", saved)
    return saved


def answering(state: str | None, summary: str = ""):
    return lambda organisation: None if state is None else StepStatus(state, summary)


def test_a_step_without_providers_has_no_status(providers):
    providers.pop("tenders", None)
    assert status_for(STEPS_BY_SLUG["tenders"], organisation=None) is None


def test_one_provider_answers_for_the_step_unchanged(providers):
    providers.pop("tenders", None)
    register_step_status("tenders")(answering("done", "Three tenders with social return."))
    assert status_for(STEPS_BY_SLUG["tenders"], None) == StepStatus(
        "done", "Three tenders with social return."
    )


@pytest.mark.parametrize(
    ("first", "second", "combined"),
    [
        ("done", "done", "done"),
        ("todo", "todo", "todo"),
        ("done", "todo", "started"),
        ("todo", "started", "started"),
        ("done", "started", "started"),
    ],
)
def test_several_providers_are_combined(providers, first, second, combined):
    providers.pop("tenders", None)
    register_step_status("tenders")(answering(first, "Short lists: 4 of 9."))
    register_step_status("tenders")(answering(second, "Social return in 2 tenders."))
    assert status_for(STEPS_BY_SLUG["tenders"], None) == StepStatus(
        combined, "Short lists: 4 of 9. Social return in 2 tenders."
    )


def test_a_provider_with_nothing_to_say_is_left_out(providers):
    providers.pop("tenders", None)
    register_step_status("tenders")(answering(None))
    assert status_for(STEPS_BY_SLUG["tenders"], None) is None
    register_step_status("tenders")(answering("started", "Two tenders planned."))
    assert status_for(STEPS_BY_SLUG["tenders"], None) == StepStatus(
        "started", "Two tenders planned."
    )


def test_registering_the_same_provider_twice_counts_it_once(providers):
    providers.pop("tenders", None)
    provider = answering("done", "Done.")
    register_step_status("tenders")(provider)
    register_step_status("tenders")(provider)
    assert status_for(STEPS_BY_SLUG["tenders"], None) == StepStatus("done", "Done.")


def test_the_step_page_shows_the_combined_answer_of_a_real_and_a_second_provider(
    providers, org, alice, client_for
):
    """Step 5 has the catalogue's provider; a second one (as the tenders app will add) joins
    its sentence and holds the step under way while the catalogue's part is not begun."""
    register_step_status("procurement")(answering("done", "Social return in every tender."))
    page = client_for(alice).get(reverse("portal:step", args=[org.slug, "procurement"]))
    html = page.content.decode()
    assert "Aanbevelingen in 0 van" in html  # the catalogue's own sentence
    assert "Social return in every tender." in html
    assert page.context["status"].state == "started"
