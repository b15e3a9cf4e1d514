"""Changes to the plan. Each takes keyword-only `actor` and `organisation`, runs in one
transaction, locks the row it changes before it reads the "before" of its audit entry, and leaves
that entry in the audit log."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from impactinkoop.accounts.roles import Permission, Role
from impactinkoop.core.audit import log_action, snapshot
from impactinkoop.core.locks import lock_row, locked_copy
from impactinkoop.core.models import StoredFile
from impactinkoop.core.uploads import evidence_content_type

from . import progress
from .models import (
    Action,
    AmbitionScore,
    AmbitionSession,
    CategoryThemeException,
    Goal,
    ProgressEntry,
    StepCheck,
    ThemeChoice,
)


def _fields(obj) -> list[str]:
    """The object's own fields, without relations to many (the log keeps plain values)."""
    return [field.name for field in obj._meta.fields if field.name not in ("id",)]


def _save_form(form, *, actor, organisation, action: str, prepare=None):
    with transaction.atomic():
        creating = form.instance.pk is None
        before = None if creating else snapshot(locked_copy(form.instance))
        obj = form.save(commit=False)
        if any(field.name == "organisation" for field in obj._meta.fields):
            obj.organisation = organisation
        if prepare is not None:
            prepare(obj)
        obj.save()
        form.save_m2m()
        log_action(
            f"{action}.{'created' if creating else 'changed'}",
            actor=actor,
            organisation=organisation,
            obj=obj,
            before=before,
            after=snapshot(obj, _fields(obj)),
        )
    return obj


def save_object(form, *, actor, organisation, action: str):
    """Save a model form of the plan (a theme, an action, a team member, a document or a
    passage) and log what changed."""
    return _save_form(form, actor=actor, organisation=organisation, action=action)


def save_goal(form, *, actor, organisation) -> Goal:
    """Save a goal from its form. Here, and only here on the way from a form to the database,
    the baseline rule is applied (`progress.apply_baseline`): a computed metric takes its
    baseline from the official nulmeting, whatever the form held."""
    return _save_form(
        form,
        actor=actor,
        organisation=organisation,
        action="plan.goal",
        prepare=progress.apply_baseline,
    )


def delete_object(obj, *, actor, organisation, action: str) -> None:
    with transaction.atomic():
        current = locked_copy(obj)
        log_action(
            f"{action}.deleted",
            actor=actor,
            organisation=organisation,
            obj=current,
            before=snapshot(current, _fields(current)),
        )
        current.delete()


def choose_theme(theme, *, reason: str, actor, organisation) -> ThemeChoice:
    with transaction.atomic():
        current = (
            ThemeChoice.objects.for_organisation(organisation)
            .select_for_update()
            .filter(theme=theme)
            .first()
        )
        choice, created = ThemeChoice.objects.update_or_create(
            organisation=organisation,
            theme=theme,
            defaults={"reason": reason, "chosen_by": actor},
        )
        log_action(
            "plan.theme_chosen" if created else "plan.theme_reason_changed",
            actor=actor,
            organisation=organisation,
            obj=choice,
            object_repr=str(theme.label),
            before={"reason": current.reason} if current else None,
            after={"reason": reason},
        )
    return choice


def drop_theme(theme, *, actor, organisation) -> None:
    with transaction.atomic():
        chosen = ThemeChoice.objects.for_organisation(organisation).filter(theme=theme)
        current = chosen.select_for_update().first()
        if current is None:
            return
        current.delete()
        log_action(
            "plan.theme_dropped",
            actor=actor,
            organisation=organisation,
            object_repr=str(theme.label),
            before={"reason": current.reason},
        )


def _session_state(session: AmbitionSession) -> dict:
    levels = {
        str(score.theme.label): score.level for score in session.scores.select_related("theme")
    }
    return {**snapshot(session, ["title", "held_on", "subject"]), "levels": levels}


def save_session(form, *, actor, organisation) -> AmbitionSession:
    """The session and its level per theme, all or nothing."""
    with transaction.atomic():
        creating = form.instance.pk is None
        before = None if creating else _session_state(locked_copy(form.instance))
        session = form.save(commit=False)
        session.organisation = organisation
        if creating:
            session.created_by = actor
        session.save()
        levels = {}
        for theme, (level, note) in form.levels().items():
            AmbitionScore.objects.update_or_create(
                session=session, theme=theme, defaults={"level": level, "note": note}
            )
            levels[str(theme.label)] = level
        log_action(
            f"plan.session_{'created' if creating else 'changed'}",
            actor=actor,
            organisation=organisation,
            obj=session,
            before=before,
            after={**snapshot(session, ["title", "held_on", "subject"]), "levels": levels},
        )
    return session


def save_matrix_row(category, exceptions: dict, *, actor, organisation) -> None:
    """Replace the category's exceptions: theme -> reason for not applying it."""
    with transaction.atomic():
        current = CategoryThemeException.objects.for_organisation(organisation).filter(
            category=category
        )
        locked = list(current.select_for_update(of=("self",)).select_related("theme"))
        before = {str(row.theme.label): row.reason for row in locked}
        current.exclude(theme__in=list(exceptions)).delete()
        for theme, reason in exceptions.items():
            CategoryThemeException.objects.update_or_create(
                organisation=organisation,
                category=category,
                theme=theme,
                defaults={"reason": reason, "decided_by": actor},
            )
        log_action(
            "plan.matrix_changed",
            actor=actor,
            organisation=organisation,
            obj=category,
            before={"not_applied": before},
            after={"not_applied": {str(theme.label): r for theme, r in exceptions.items()}},
        )


def add_progress(goal: Goal, data: dict, *, actor, organisation) -> ProgressEntry:
    """A measurement with its evidence. Only for a goal whose metric is entered by hand: a
    computed metric is measured from the ledger and the purchases."""
    if goal.organisation_id != organisation.pk or goal.metric in progress.COMPUTED:
        raise PermissionDenied
    with transaction.atomic():
        lock_row(goal)  # a goal's measurements are entered one after the other
        stored = None
        upload = data.get("file")
        if upload:
            content = upload.read()
            stored = StoredFile.from_bytes(
                content,
                name=upload.name,
                content_type=evidence_content_type(content),
                organisation=organisation,
                uploaded_by=actor,
            )
        entry = ProgressEntry.objects.create(
            goal=goal,
            measured_on=data["measured_on"],
            value=data["value"],
            evidence=data["evidence"],
            link=data.get("link", ""),
            file=stored,
            entered_by=actor,
        )
        log_action(
            "plan.progress_entered",
            actor=actor,
            organisation=organisation,
            obj=goal,
            after={"measured_on": entry.measured_on, "value": entry.value},
        )
    return entry


def set_step(plan: str, number: int, *, done: bool, note: str, actor, organisation) -> None:
    with transaction.atomic():
        checks = StepCheck.objects.for_organisation(organisation).filter(plan=plan, number=number)
        current = checks.select_for_update().first()
        if done:
            StepCheck.objects.update_or_create(
                organisation=organisation,
                plan=plan,
                number=number,
                defaults={"note": note, "done_by": actor},
            )
        else:
            checks.delete()
        log_action(
            "plan.step_checked" if done else "plan.step_unchecked",
            actor=actor,
            organisation=organisation,
            object_repr=f"{plan} {number}",
            before={"note": current.note} if current else None,
            after={"note": note} if done else None,
        )


def may_edit_action(membership, action: Action | None) -> bool:
    """Coordinators and administrators edit every action; a budget holder only those of their
    own department (and only once a department is set for them)."""
    if membership.has_permission(Permission.MANAGE_PLAN):
        return True
    if membership.role != Role.BUDGET_HOLDER or membership.department_id is None:
        return False
    return action is None or action.department_id == membership.department_id


def add_action(
    *, actor, organisation, title: str, due, description: str = "", owner=None, goal=None
) -> Action:
    """An action planned from elsewhere (a supplier's commitment): the same row and audit entry
    as an action entered on the plan's own page."""
    if goal is not None and goal.organisation_id != organisation.pk:
        raise PermissionDenied
    with transaction.atomic():
        action = Action.objects.create(
            organisation=organisation,
            title=title[:200],
            description=description,
            due=due,
            owner=owner,
            goal=goal,
        )
        log_action(
            "plan.action.created",
            actor=actor,
            organisation=organisation,
            obj=action,
            after=snapshot(action, _fields(action)),
        )
    return action
