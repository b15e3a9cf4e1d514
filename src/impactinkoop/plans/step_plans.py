"""The two step plans of DOMAIN.md as checklists: PIANOo's MVOI action plan (the seven steps the
navigation already follows, core.steps) and De Normaalste Zaak's seven steps (seed 001). Each
step links to the pages that do its work; the organisation ticks a step off when it is done."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from impactinkoop.core.steps import STEPS, Tool, status_for_slug

from .models import StepCheck


@dataclass(frozen=True)
class ChecklistStep:
    number: int
    title: Promise
    description: Promise
    tools: tuple[Tool, ...]
    # The slug its status is registered under (core.steps.register_step_status): a PIANOo step's,
    # or a step plan's own, reported by the app whose data answers it.
    slug: str = ""


PIANOO = tuple(
    ChecklistStep(step.number, step.title, step.question, step.tools, step.slug) for step in STEPS
)

DNZ = (
    ChecklistStep(
        1,
        _("Take stock"),
        _(
            "What is already done, by whom, and how much is already bought from social "
            "enterprises? Talk to the market."
        ),
        (
            Tool(_("Baseline"), "spend:baseline", _("Spend at social enterprises.")),
            Tool(_("Catalogue"), "catalogue:home", _("Social enterprises and their offers.")),
        ),
    ),
    ChecklistStep(
        2,
        _("Build support"),
        _("Find ambassadors in the departments and a sponsor with authority."),
        (Tool(_("Team"), "plans:team", _("Sponsor, coordinator, team and ambassadors.")),),
    ),
    ChecklistStep(
        3,
        _("Set a goal"),
        _(
            "A clear definition and a concrete target, such as two purchases at social "
            "enterprises this year, linked to the MVI action plan."
        ),
        (
            Tool(_("Goals"), "plans:goals", _("Targets with live progress.")),
            Tool(_("Policy documents"), "plans:documents", _("Key passages behind the goals.")),
        ),
    ),
    ChecklistStep(
        4,
        _("Make a start"),
        _("Begin with a small, promising, current purchase: Christmas packages, the coffee."),
        (
            Tool(_("Catalogue"), "catalogue:home", _("Social enterprises and their offers.")),
            Tool(_("Purchases"), "catalogue:purchases", _("Purchases you recorded.")),
        ),
    ),
    ChecklistStep(
        5,
        _("Learn"),
        _(
            "While you buy, gather knowledge about social procurement, for example from PIANOo, "
            "in workshops and documents, and learn from other organisations' stories."
        ),
        (
            Tool(_("Knowledge"), "peers:knowledge", _("Guidance and own documents per step.")),
            Tool(_("Case library"), "peers:cases", _("Published stories of other organisations.")),
            Tool(_("Annual plan"), "plans:actions", _("Actions with owner and due date.")),
        ),
        # Reported by peers.step_status_library: the knowledge kept per step.
        slug="learn",
    ),
    ChecklistStep(
        6,
        _("Intervision"),
        _("Compare notes with peer organisations that buy socially."),
        (
            Tool(
                _("Intervision groups"),
                "peers:groups",
                _("Meetings and dilemmas with people from other organisations."),
                # A group spans organisations: its pages live outside the organisation's.
                organisation_scoped=False,
            ),
            Tool(_("Ambition web"), "plans:sessions", _("Sessions and radar charts.")),
        ),
        # Reported by peers.step_status: a group on the organisation's behalf that met.
        slug="intervision",
    ),
    ChecklistStep(
        7,
        _("Share results"),
        _("Tell the board, colleagues and the market what was achieved."),
        (
            Tool(
                _("Results"),
                "reports:annual",
                _("The evaluation of the year, the impact report and the public page."),
            ),
        ),
        # Reported by reports.step_status: a published impact report or the public page.
        slug="share-results",
    ),
)

PLANS = {StepCheck.Plan.PIANOO: PIANOO, StepCheck.Plan.DNZ: DNZ}


@dataclass(frozen=True)
class ChecklistRow:
    step: ChecklistStep
    check: StepCheck | None
    status: object  # core.steps.StepStatus or None: what the data says about the step
    links: list  # (tool, its address or None while the tool does not exist yet)


def checklist(organisation, plan: str) -> list[ChecklistRow]:
    checks = {
        check.number: check
        for check in StepCheck.objects.for_organisation(organisation).filter(plan=plan)
    }
    rows = []
    for step in PLANS[plan]:
        status = None
        if step.slug:
            status = status_for_slug(step.slug, organisation)
        links = [(tool, tool.url(organisation)) for tool in step.tools]
        rows.append(ChecklistRow(step, checks.get(step.number), status, links))
    return rows


def done_counts(organisation) -> dict[str, int]:
    counts = dict.fromkeys(PLANS, 0)
    for plan in StepCheck.objects.for_organisation(organisation).values_list("plan", flat=True):
        counts[plan] += 1
    return counts
