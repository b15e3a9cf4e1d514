"""The evaluation of a year (PIANOo step 7): per goal of the plan the outcome, the measured value
against the target, what helped and what got in the way, and what follows.

While a year is open its figures are live: each goal's value for the year comes from
`plans.progress` (a computed metric measured for that calendar year, an entered metric's last
measurement up to the year's last day), with a suggested outcome the coordinator may change.
Closing the year freezes the values with the data version they came from (`spend.queries.version`)
and turns the follow-ups into actions in next year's annual plan. A closed year never changes
and is not reopened, as a frozen baseline is not (decision 0024).

Every write takes keyword-only `actor` and `organisation`, runs in one transaction, locks the
evaluation's row before it reads what it changes, and leaves an entry in the audit log."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from impactinkoop.core.audit import log_action, snapshot
from impactinkoop.core.locks import lock_organisation, lock_row
from impactinkoop.plans import progress as plan_progress
from impactinkoop.plans import services as plan_services
from impactinkoop.plans.models import Goal

from .models import Evaluation, FrozenError, GoalEvaluation

FIRST_YEAR = 2000  # no organisation evaluates a year before the platform's data can reach
GOAL_FIELDS = ("outcome", "helped", "hindered", "follow_up", "follow_up_note")
Outcome = GoalEvaluation.Outcome
FollowUp = GoalEvaluation.FollowUp


def evaluable(year: int, today: date | None = None) -> bool:
    """A year can be evaluated once it has begun: the current year (as it stands) and before."""
    today = today or timezone.localdate()
    return FIRST_YEAR <= year <= today.year


def goals_of_year(organisation, year: int):
    """The goals a year is evaluated on: the organisation's goals that existed in that year and
    whose deadline is in it or later."""
    return (
        Goal.objects.for_organisation(organisation)
        .filter(deadline__year__gte=year, created_at__year__lte=year)
        .order_by("deadline", "title", "pk")
    )


def evaluation_of(organisation, year: int) -> Evaluation | None:
    return Evaluation.objects.for_organisation(organisation).filter(year=year).first()


# --- Measuring ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Measured:
    """A goal's value for the evaluated year against its target, and the outcome it suggests."""

    value: Decimal | None
    target: Decimal | None
    source: str  # "live <as of> <months>", "entered <measured on>" or "" (see `describe_source`)
    suggestion: str  # an Outcome, or "" when there is nothing to judge by

    @property
    def suggestion_label(self) -> str:
        return Outcome(self.suggestion).label if self.suggestion else ""


def suggest(value: Decimal | None, target: Decimal | None, baseline: Decimal | None) -> str:
    """Achieved when the target is reached, partly when the value moved from the baseline towards
    it, not otherwise; nothing without a value or a target. A target below the baseline (less
    spend on something, say) is reached from above."""
    if value is None or target is None:
        return ""
    start = baseline if baseline is not None else Decimal(0)
    rising = target >= start
    if (value >= target) if rising else (value <= target):
        return Outcome.ACHIEVED
    if (value > start) if rising else (value < start):
        return Outcome.PARTLY
    return Outcome.NOT


def measure_goal(goal: Goal, year: int, today: date | None = None, measuring=None) -> Measured:
    """The goal's value for the year, live: a computed metric measured for that calendar year as
    it stood on its last day (or today, in the current year); an entered metric's last
    measurement on or before the year's last day."""
    today = today or timezone.localdate()
    year_end = date(year, 12, 31)
    as_of = min(year_end, today)
    point = None
    if goal.metric in plan_progress.COMPUTED:
        measuring = measuring or plan_progress.Measuring(goal.organisation)
        point = plan_progress.measure(goal.organisation, goal.metric, year, as_of, measuring)
    elif goal.metric:
        entered = [
            found
            for found in plan_progress.points_of(goal, as_of)
            if found.source == "entered" and found.as_of <= as_of
        ]
        point = entered[-1] if entered else None
    if point is None:
        source = ""
    elif point.source == "live":
        source = f"live {point.as_of.isoformat()} {point.months}"
    else:
        source = f"entered {point.as_of.isoformat()}"
    value = point.value if point else None
    target = goal.target_value if goal.metric else None
    return Measured(value, target, source, suggest(value, target, goal.baseline_value))


def describe_source(source: str) -> str:
    """The sentence for a stored or live `Measured.source`, in the reader's language."""
    kind, *rest = source.split() or [""]
    try:
        if kind == "live":
            day, months = date.fromisoformat(rest[0]), int(rest[1])
            return ngettext(
                "computed from %(count)d month of data up to %(day)s",
                "computed from %(count)d months of data up to %(day)s",
                months,
            ) % {"count": months, "day": date_format(day, "SHORT_DATE_FORMAT")}
        if kind == "entered":
            day = date.fromisoformat(rest[0])
            return _("entered with evidence, measured on %(day)s") % {
                "day": date_format(day, "SHORT_DATE_FORMAT")
            }
    except (IndexError, ValueError):
        return source
    return _("no measurement for this year")


@dataclass(frozen=True)
class Line:
    """One goal on the evaluation page: its evaluation and its figures, live or frozen."""

    item: GoalEvaluation
    measured: Measured
    frozen: bool

    @property
    def goal(self) -> Goal:
        return self.item.goal

    @property
    def source_text(self) -> str:
        return describe_source(self.measured.source)


def lines(evaluation: Evaluation, today: date | None = None) -> list[Line]:
    """The goals of an evaluation with their figures: the frozen ones of a closed year, the live
    ones (computed now) of an open year."""
    items = evaluation.goals.select_related("goal", "goal__theme", "follow_up_action")
    if evaluation.is_closed:
        return [
            Line(
                item,
                Measured(
                    item.measured_value,
                    item.target_value,
                    item.measured_source,
                    suggest(item.measured_value, item.target_value, item.goal.baseline_value),
                ),
                True,
            )
            for item in items
        ]
    measuring = plan_progress.Measuring(evaluation.organisation)
    return [
        Line(item, measure_goal(item.goal, evaluation.year, today, measuring), False)
        for item in items
    ]


def missing_goals(evaluation: Evaluation):
    """Goals of the year that were set after the evaluation started and are not in it yet."""
    return goals_of_year(evaluation.organisation, evaluation.year).exclude(
        pk__in=evaluation.goals.values("goal_id")
    )


# --- Changes -----------------------------------------------------------------------------


def _belongs(evaluation: Evaluation, organisation) -> None:
    if evaluation.organisation_id != organisation.pk:
        raise PermissionDenied


def _item_state(item: GoalEvaluation) -> dict:
    return snapshot(item, list(GOAL_FIELDS))


def start_evaluation(year: int, *, actor, organisation) -> Evaluation:
    """Start the evaluation of a year with one line per goal of that year; on an open
    evaluation, take in the goals of the year set since. A closed year is refused."""
    if not evaluable(year):
        raise ValidationError(_("Only a year that has begun can be evaluated."))
    with transaction.atomic():
        lock_organisation(organisation.pk, "reports.evaluation")
        evaluation, created = Evaluation.objects.get_or_create(organisation=organisation, year=year)
        if evaluation.is_closed:
            raise FrozenError("A closed evaluation never changes")
        added = list(missing_goals(evaluation))
        GoalEvaluation.objects.bulk_create(
            [GoalEvaluation(evaluation=evaluation, goal=goal) for goal in added]
        )
        if created or added:
            log_action(
                "reports.evaluation_started" if created else "reports.evaluation_goals_added",
                actor=actor,
                organisation=organisation,
                obj=evaluation,
                after={"year": year, "goals_added": [goal.title for goal in added]},
            )
    return evaluation


def _check_follow_up(data: dict) -> None:
    if data.get("follow_up") == FollowUp.NEW_ACTION and not data.get("follow_up_note", "").strip():
        raise ValidationError(
            {"follow_up_note": _("Describe the new action: its first line becomes its title.")}
        )


def save_goal_evaluation(item: GoalEvaluation, data: dict, *, actor, organisation):
    """Save one goal's outcome, what helped and hindered, and what follows."""
    _belongs(item.evaluation, organisation)
    _check_follow_up(data)
    with transaction.atomic():
        evaluation = lock_row(item.evaluation)
        if evaluation.is_closed:
            raise FrozenError("A closed evaluation never changes")
        lock_row(item)
        before = _item_state(item)
        for field in GOAL_FIELDS:
            setattr(item, field, (data.get(field) or "").strip())
        item.full_clean(exclude=["evaluation", "goal", "follow_up_action"])
        item.save(update_fields=list(GOAL_FIELDS))
        log_action(
            "reports.goal_evaluated",
            actor=actor,
            organisation=organisation,
            obj=item,
            object_repr=f"{evaluation.year}: {item.goal.title}",
            before=before,
            after=_item_state(item),
        )
    return item


def save_summary(evaluation: Evaluation, summary: str, *, actor, organisation) -> Evaluation:
    """Save the year in a few sentences."""
    _belongs(evaluation, organisation)
    with transaction.atomic():
        lock_row(evaluation)
        if evaluation.is_closed:
            raise FrozenError("A closed evaluation never changes")
        before = {"summary": evaluation.summary}
        evaluation.summary = summary.strip()
        evaluation.save(update_fields=["summary"])
        log_action(
            "reports.evaluation_summary_changed",
            actor=actor,
            organisation=organisation,
            obj=evaluation,
            before=before,
            after={"summary": evaluation.summary},
        )
    return evaluation


def follow_up_title(item: GoalEvaluation) -> str:
    """The title of the action a follow-up becomes: the note's first line, or a sentence
    naming the goal when the note is empty."""
    first = next((line.strip() for line in item.follow_up_note.splitlines() if line.strip()), "")
    if first:
        return first[:200]
    if item.follow_up == FollowUp.ADJUST:
        return _("Adjust the goal “%(goal)s”") % {"goal": item.goal.title}
    return _("Carry over: %(goal)s") % {"goal": item.goal.title}


def _plan_follow_up(item: GoalEvaluation, year: int, *, actor, organisation):
    description = "\n\n".join(
        part
        for part in (
            item.follow_up_note.strip(),
            _("From the evaluation of %(year)s.") % {"year": year},
        )
        if part
    )
    return plan_services.add_action(
        actor=actor,
        organisation=organisation,
        title=follow_up_title(item),
        description=description,
        due=date(year + 1, 12, 31),
        owner=item.goal.owner,
        goal=item.goal,
    )


def close_evaluation(
    evaluation: Evaluation, *, actor, organisation, today: date | None = None
) -> Evaluation:
    """Close the year: every goal needs an outcome. Each goal's value and target are frozen with
    where they came from and the data version; each follow-up becomes an action in next year's
    annual plan, linked to its goal. After this nothing in the evaluation changes."""
    _belongs(evaluation, organisation)
    with transaction.atomic():
        lock_row(evaluation)
        if evaluation.is_closed:
            raise FrozenError("A closed evaluation never changes")
        items = list(evaluation.goals.select_related("goal", "goal__owner"))
        missing = [item.goal.title for item in items if not item.outcome]
        if missing:
            raise ValidationError(
                ngettext(
                    "Choose an outcome for the goal %(goals)s before closing the year.",
                    "Choose an outcome for the goals %(goals)s before closing the year.",
                    len(missing),
                )
                % {"goals": ", ".join(f"“{title}”" for title in missing)}
            )
        measuring = plan_progress.Measuring(organisation)
        frozen = {}
        for item in items:
            measured = measure_goal(item.goal, evaluation.year, today, measuring)
            item.measured_value = measured.value
            item.target_value = measured.target
            item.measured_source = measured.source
            if item.follow_up:
                item.follow_up_action = _plan_follow_up(
                    item, evaluation.year, actor=actor, organisation=organisation
                )
            item.save(
                update_fields=[
                    "measured_value",
                    "target_value",
                    "measured_source",
                    "follow_up_action",
                ]
            )
            frozen[item.goal.title] = {
                "outcome": item.outcome,
                "measured_value": measured.value,
                "target_value": measured.target,
                "follow_up_action": item.follow_up_action_id,
            }
        evaluation.closed_at = timezone.now()
        evaluation.closed_by = actor if getattr(actor, "is_authenticated", False) else None
        # spend.queries.version, read once by the measurements above
        evaluation.data_version = measuring.version
        evaluation.save(update_fields=["closed_at", "closed_by", "data_version"])
        log_action(
            "reports.evaluation_closed",
            actor=actor,
            organisation=organisation,
            obj=evaluation,
            before={"closed_at": None},
            after={
                "closed_at": evaluation.closed_at,
                "data_version": evaluation.data_version,
                "goals_frozen": frozen,
            },
        )
    return evaluation
