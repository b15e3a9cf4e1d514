"""The seven steps of the approach (PIANOo's MVOI action plan), which the navigation follows.

Each step explains what it is for and lists its tools by URL name. A tool whose URL does not exist
yet in this version is shown as "not yet available" rather than hidden, so the route through the
approach stays visible. Apps add a step's status (where the organisation stands) with
`register_step_status`.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Tool:
    label: Promise
    url_name: str
    description: Promise
    # False for a page that spans organisations (the intervision groups, `groups/`): its address
    # takes no organisation.
    organisation_scoped: bool = True

    def url(self, organisation) -> str | None:
        kwargs = {"org_slug": organisation.slug} if self.organisation_scoped else {}
        try:
            return reverse(self.url_name, kwargs=kwargs)
        except NoReverseMatch:
            return None


@dataclass(frozen=True)
class StepStatus:
    """Where the organisation stands in a step: `state` is todo, started or done."""

    state: str
    summary: str

    @property
    def label(self):
        return STATE_LABELS[self.state]


STATE_LABELS = {"todo": _("Not started"), "started": _("Under way"), "done": _("Done")}


@dataclass(frozen=True)
class Step:
    number: int
    slug: str
    title: Promise
    question: Promise
    purpose: Promise
    actions: tuple[Promise, ...]
    tools: tuple[Tool, ...] = field(default_factory=tuple)


STEPS: tuple[Step, ...] = (
    Step(
        1,
        "inventory",
        _("Inventory"),
        _("What do we buy, from whom, and how much already goes to social enterprises?"),
        _(
            "Start from facts. Import the ledger export from finance, link the suppliers to the "
            "register of social enterprises and see your baseline (nulmeting): the share of spend "
            "that already goes to social enterprises, by department, category and supplier."
        ),
        (
            _("Ask finance for a ledger export of last year (invoice lines or creditor list)."),
            _("Decide which qualifications count as a social enterprise for your organisation."),
            _("Link suppliers to the register and review the proposals."),
            _("Freeze the baseline so that goals can be measured against it."),
        ),
        (
            Tool(_("Ledger imports"), "spend:imports", _("Upload and map a ledger export.")),
            Tool(_("Suppliers"), "spend:suppliers", _("Suppliers found in the ledger.")),
            Tool(_("Register"), "registry:companies", _("Companies and their qualifications.")),
            Tool(
                _("Policy"),
                "registry:policy",
                _("Which qualifications count as a social enterprise for you."),
            ),
            Tool(_("Supplier matching"), "spend:matches", _("Link suppliers to the register.")),
            Tool(_("Baseline"), "spend:baseline", _("Spend at social enterprises.")),
        ),
    ),
    Step(
        2,
        "themes",
        _("Choose themes"),
        _("Which themes matter most for our organisation?"),
        _(
            "The Nationaal Plan MVI names six themes: climate, environment, circular, supply-chain "
            "responsibility, diversity and inclusion, and social return. Choose the ones that fit "
            "your organisation and add your own, such as buying locally."
        ),
        (
            _("Read the coalition agreement and the procurement policy for existing ambitions."),
            _("Choose themes and record why."),
        ),
        (Tool(_("Themes"), "plans:themes", _("National and own themes.")),),
    ),
    Step(
        3,
        "ambitions",
        _("Ambitions and goals"),
        _("How far do we want to go, and how will we know we got there?"),
        _(
            "Score your ambition per theme in an ambition-web session with colleagues and market "
            "parties, then turn it into concrete goals with a target, a deadline and an owner. "
            "Goals measured from the data show their progress live."
        ),
        (
            _("Hold an ambition-web session per department or category."),
            _("Set goals with a baseline, a target and an owner."),
        ),
        (
            Tool(_("Ambition web"), "plans:sessions", _("Sessions and radar charts.")),
            Tool(_("Goals"), "plans:goals", _("Targets with live progress.")),
        ),
    ),
    Step(
        4,
        "tenders",
        _("Promising tenders"),
        _("Which upcoming purchases offer the best chance for impact?"),
        _(
            "Look at the procurement calendar and pick a few current, promising purchases where "
            "social enterprises or social return can make a difference: the coffee contract, the "
            "Christmas packages, catering, green maintenance."
        ),
        (
            _("List the tenders of the coming year."),
            _("Mark the ones where social return or reserved contracts fit."),
        ),
        (
            Tool(_("Contracts"), "contracts:contracts", _("The contract register and what ends.")),
            Tool(_("Tender pipeline"), "contracts:pipeline", _("Upcoming tenders.")),
            Tool(
                _("Spend without a contract"),
                "contracts:uncovered",
                _("Suppliers above the threshold that no contract covers."),
            ),
            Tool(
                _("Supplier conversations"),
                "conversations:priorities",
                _("Ask current suppliers to do more, and follow up what they promise."),
            ),
        ),
    ),
    Step(
        5,
        "procurement",
        _("In the procurement process"),
        _("How do we put social procurement into every purchase?"),
        _(
            "Apply the chosen themes in each tender (criteria, social return clauses, reserved "
            "contracts) and give requesters a short list of social enterprises for small "
            "purchases, so the social choice is also the easy choice."
        ),
        (
            _("Agree on social return clauses and thresholds."),
            _("Curate a short list of social enterprises per purchase category."),
        ),
        (
            Tool(
                _("Rules on tenders"),
                "contracts:rules",
                _("Thresholds for MVOI and social return."),
            ),
            Tool(
                _("Tenderboard"),
                "tenderboard:queue",
                _("Advice on MVI in large tenders before they are published."),
            ),
            Tool(_("Catalogue"), "catalogue:home", _("Social enterprises and their offers.")),
            Tool(_("Social return"), "sroi:obligations", _("Obligations and realisations.")),
        ),
    ),
    Step(
        6,
        "annual-plan",
        _("Annual plan"),
        _("Who does what this year?"),
        _(
            "Plan the year's actions with owners and dates, and carry them with a team: an MVI "
            "coordinator, a sponsor with authority and ambassadors in the departments."
        ),
        (
            _("Invite the team and give everyone a role."),
            _("Plan actions with an owner and a due date."),
        ),
        (
            Tool(_("Members and roles"), "accounts:members", _("Who takes part, in which role.")),
            Tool(_("Annual plan"), "plans:actions", _("Actions with owner and due date.")),
        ),
    ),
    Step(
        7,
        "evaluate",
        _("Evaluate"),
        _("What did we achieve, and what do we learn from it?"),
        _(
            "Compare results with the baseline and the goals, share them with the board and with "
            "peer organisations, and adjust the plan. The audit log shows who changed what."
        ),
        (
            _("Evaluate every goal and close the year."),
            _("Report results to the board once a year."),
            _("Share lessons with peer organisations."),
        ),
        (
            Tool(
                _("Results"),
                "reports:annual",
                _("The evaluation per goal, the impact report and the public page."),
            ),
            Tool(_("Case stories"), "reports:stories", _("Social procurement with a face.")),
            Tool(
                _("Benchmark"),
                "peers:benchmark",
                _("Where you stand among peer organisations that share their figures."),
            ),
            Tool(_("Case library"), "peers:cases", _("Published stories of other organisations.")),
            Tool(
                _("Intervision groups"),
                "peers:groups",
                _("Meetings and dilemmas with people from other organisations."),
                organisation_scoped=False,
            ),
            Tool(_("Audit log"), "portal:audit", _("Every change, who made it and when.")),
        ),
    ),
)

STEPS_BY_SLUG = {step.slug: step for step in STEPS}

StatusProvider = Callable[[object], StepStatus | None]

_STATUS_PROVIDERS: dict[str, list[StatusProvider]] = {}


def register_step_status(slug: str):
    """Let an app say where an organisation stands in a step, from its own data. A step may
    have several providers (step 5: the catalogue's short lists, later the tenders' social
    return); `status_for` combines their answers."""

    def register(function: StatusProvider) -> StatusProvider:
        providers = _STATUS_PROVIDERS.setdefault(slug, [])
        if function not in providers:
            providers.append(function)
        return function

    return register


def combine(answers) -> StepStatus | None:
    """One status from several providers' answers (None: nothing to say). The step is done
    when every part is done, not started while no part is; anything between is under way.
    The summaries follow each other in the order the apps registered them."""
    given = [answer for answer in answers if answer is not None]
    if len(given) <= 1:
        return given[0] if given else None
    states = {answer.state for answer in given}
    state = states.pop() if len(states) == 1 else "started"
    return StepStatus(state, " ".join(answer.summary for answer in given))


def status_for(step: Step, organisation) -> StepStatus | None:
    return status_for_slug(step.slug, organisation)


def status_for_slug(slug: str, organisation) -> StepStatus | None:
    """The status registered under a slug: a PIANOo step's, or another step plan's own (De
    Normaalste Zaak's "share results", which no PIANOo step matches)."""
    providers = _STATUS_PROVIDERS.get(slug, ())
    return combine(provider(organisation) for provider in providers)
