"""Changes to the plan. Each runs in one transaction and leaves an entry in the audit log."""

from django.db import transaction

from impactinkoop.accounts.roles import Permission, Role
from impactinkoop.core.audit import log_action, snapshot
from impactinkoop.core.models import StoredFile
from impactinkoop.core.uploads import evidence_content_type

from .models import (
    Action,
    AmbitionScore,
    AmbitionSession,
    CategoryThemeException,
    ProgressEntry,
    StepCheck,
    ThemeChoice,
)


def _fields(obj) -> list[str]:
    """The object's own fields, without relations to many (the log keeps plain values)."""
    return [field.name for field in obj._meta.fields if field.name not in ("id",)]


def save_object(form, *, actor, organisation, action: str):
    """Save a model form of the plan and log what changed."""
    creating = form.instance.pk is None
    before = None if creating else snapshot(type(form.instance).objects.get(pk=form.instance.pk))
    with transaction.atomic():
        obj = form.save(commit=False)
        if any(field.name == "organisation" for field in obj._meta.fields):
            obj.organisation = organisation
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


def delete_object(obj, *, actor, organisation, action: str) -> None:
    with transaction.atomic():
        log_action(
            f"{action}.deleted",
            actor=actor,
            organisation=organisation,
            obj=obj,
            before=snapshot(obj, _fields(obj)),
        )
        obj.delete()


def choose_theme(organisation, theme, *, reason: str, actor) -> ThemeChoice:
    with transaction.atomic():
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
            after={"reason": reason},
        )
    return choice


def drop_theme(organisation, theme, *, actor) -> None:
    with transaction.atomic():
        deleted, _rows = ThemeChoice.objects.filter(organisation=organisation, theme=theme).delete()
        if deleted:
            log_action(
                "plan.theme_dropped",
                actor=actor,
                organisation=organisation,
                object_repr=str(theme.label),
            )


def save_session(form, *, actor, organisation) -> AmbitionSession:
    """The session and its level per theme, all or nothing."""
    creating = form.instance.pk is None
    with transaction.atomic():
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
            after={**snapshot(session, ["title", "held_on", "subject"]), "levels": levels},
        )
    return session


def save_matrix_row(organisation, category, exceptions: dict, *, actor) -> None:
    """Replace the category's exceptions: theme -> reason for not applying it."""
    with transaction.atomic():
        current = CategoryThemeException.objects.filter(
            organisation=organisation, category=category
        )
        before = {str(row.theme.label): row.reason for row in current.select_related("theme")}
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


def add_progress(goal, data: dict, *, actor) -> ProgressEntry:
    with transaction.atomic():
        stored = None
        upload = data.get("file")
        if upload:
            content = upload.read()
            stored = StoredFile.from_bytes(
                content,
                name=upload.name,
                content_type=evidence_content_type(content),
                organisation=goal.organisation,
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
            organisation=goal.organisation,
            obj=goal,
            after={"measured_on": entry.measured_on, "value": entry.value},
        )
    return entry


def set_step(organisation, plan: str, number: int, *, done: bool, note: str, actor) -> None:
    with transaction.atomic():
        if done:
            StepCheck.objects.update_or_create(
                organisation=organisation,
                plan=plan,
                number=number,
                defaults={"note": note, "done_by": actor},
            )
        else:
            StepCheck.objects.filter(organisation=organisation, plan=plan, number=number).delete()
        log_action(
            "plan.step_checked" if done else "plan.step_unchecked",
            actor=actor,
            organisation=organisation,
            object_repr=f"{plan} {number}",
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
