"""De Normaalste Zaak's step 5 ("doe kennis op") reads the knowledge kept per step: not started
without any, under way with some or with only PIANOo's starter set, done with knowledge of the
organisation's own covering several steps. The PIANOo steps of the home page are left alone."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from impactinkoop.accounts.roles import Role
from impactinkoop.core.steps import STEPS, status_for_slug
from impactinkoop.peers import knowledge, knowledge_documents
from impactinkoop.peers.demo_library import small_pdf
from impactinkoop.peers.step_status_library import LEARN, STEPS_FOR_DONE, learn_status
from impactinkoop.plans import step_plans
from impactinkoop.plans.models import StepCheck

from ..factories import make_member
from .test_library import publish

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def coordinator(org):
    return make_member(org, "cora@voorbeeldstad.example", Role.COORDINATOR)


def own_link(org, actor, step: int):
    return knowledge.add_item(
        actor=actor,
        organisation=org,
        step=step,
        title=f"Eigen gids stap {step}",
        url=f"https://intranet.voorbeeldstad.example/gids-{step}",
    )


def test_not_started_without_knowledge(org):
    status = learn_status(org)
    assert status.state == "todo"
    assert "No knowledge kept yet" in status.summary


def test_the_starter_set_alone_is_under_way(org, coordinator):
    knowledge.add_starter_set(actor=coordinator, organisation=org)
    status = learn_status(org)
    steps = len({starter.step for starter in knowledge.STARTER_SET})
    assert steps >= STEPS_FOR_DONE
    assert status.state == "started"
    assert f"Knowledge kept for {steps} of the 7 steps." in status.summary
    assert "your own guidance" in status.summary


def test_own_knowledge_for_too_few_steps_is_under_way_then_done(org, coordinator):
    own_link(org, coordinator, 1)
    own_link(org, coordinator, 1)
    own_link(org, coordinator, 2)
    status = learn_status(org)
    assert status.state == "started"
    assert "Knowledge kept for 2 of the 7 steps." in status.summary
    assert f"at least {STEPS_FOR_DONE} steps" in status.summary
    knowledge.add_item(
        actor=coordinator,
        organisation=org,
        step=5,
        title="Handreiking",
        document=knowledge_documents.check_document(
            SimpleUploadedFile("h.pdf", small_pdf("Handreiking", ["x"]), "application/pdf")
        ),
    )
    status = learn_status(org)
    assert status.state == "done"
    assert status.summary == "Knowledge kept for 3 of the 7 steps."


def test_the_summary_counts_the_stories_of_other_organisations(org, other_org, coordinator):
    publish(org, "Ons eigen verhaal")
    assert "case library" not in learn_status(org).summary
    publish(other_org, "Verhaal van Anderdorp")
    publish(other_org, "Niet gekozen", chosen=False)
    assert "The case library holds 1 story of other organisations." in learn_status(org).summary


def test_de_normaalste_zaaks_step_5_has_its_tools_and_status(org, bob, coordinator, client_for):
    step = next(step for step in step_plans.DNZ if step.number == 5)
    assert step.slug == LEARN
    assert [tool.url_name for tool in step.tools] == [
        "peers:knowledge",
        "peers:cases",
        "plans:actions",
    ]
    own_link(org, coordinator, 1)
    row = next(row for row in step_plans.checklist(org, StepCheck.Plan.DNZ) if row.step.number == 5)
    assert row.status == status_for_slug(LEARN, org)
    assert row.status.state == "started"
    assert [link for _tool, link in row.links] == [
        reverse("peers:knowledge", args=[org.slug]),
        reverse("peers:cases", args=[org.slug]),
        reverse("plans:actions", args=[org.slug]),
    ]
    # PIANOo's seven steps (the home page's) report no "learn" status of their own.
    assert LEARN not in {step.slug for step in STEPS}
