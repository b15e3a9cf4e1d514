"""Sentences for the plan's audit actions (see `core.audit_text`)."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from impactinkoop.core.audit_text import actor_name, register_audit_area, register_audit_texts

from .models import StepCheck
from .step_plans import PLANS


def _step_text(done: bool):
    def sentence(entry) -> str:
        plan, _sep, number = entry.object_repr.partition(" ")
        try:
            step = PLANS[plan][int(number) - 1]
            name = f"{StepCheck.Plan(plan).label}, {step.number}. {step.title}"
        except (KeyError, ValueError, IndexError):
            name = entry.object_repr
        text = (
            gettext("%(actor)s ticked off a step: %(object)s")
            if done
            else gettext("%(actor)s unticked a step: %(object)s")
        )
        return text % {"actor": actor_name(entry), "object": name}

    return sentence


register_audit_texts(
    {
        "plan.theme.created": _("%(actor)s added the theme %(object)s"),
        "plan.theme.changed": _("%(actor)s changed the theme %(object)s"),
        "plan.theme.deleted": _("%(actor)s deleted the theme %(object)s"),
        "plan.theme_chosen": _("%(actor)s chose the theme %(object)s"),
        "plan.theme_reason_changed": _("%(actor)s changed why the theme %(object)s was chosen"),
        "plan.theme_dropped": _("%(actor)s dropped the theme %(object)s"),
        "plan.goal.created": _("%(actor)s set the goal %(object)s"),
        "plan.goal.changed": _("%(actor)s changed the goal %(object)s"),
        "plan.goal.deleted": _("%(actor)s deleted the goal %(object)s"),
        "plan.action.created": _("%(actor)s added the action %(object)s"),
        "plan.action.changed": _("%(actor)s changed the action %(object)s"),
        "plan.action.deleted": _("%(actor)s deleted the action %(object)s"),
        "plan.team_member.created": _("%(actor)s added %(object)s to the team"),
        "plan.team_member.changed": _("%(actor)s changed the team member %(object)s"),
        "plan.team_member.deleted": _("%(actor)s removed %(object)s from the team"),
        "plan.document.created": _("%(actor)s added the document %(object)s"),
        "plan.document.changed": _("%(actor)s changed the document %(object)s"),
        "plan.document.deleted": _("%(actor)s deleted the document %(object)s"),
        "plan.passage.created": _("%(actor)s added a key passage: %(object)s"),
        "plan.passage.changed": _("%(actor)s changed a key passage: %(object)s"),
        "plan.passage.deleted": _("%(actor)s deleted a key passage: %(object)s"),
        "plan.session_created": _("%(actor)s started the ambition web session %(object)s"),
        "plan.session_changed": _("%(actor)s changed the ambition web session %(object)s"),
        "plan.session.deleted": _("%(actor)s deleted the ambition web session %(object)s"),
        "plan.matrix_changed": _("%(actor)s changed the “MVI, tenzij” exceptions for %(object)s"),
        "plan.progress_entered": _("%(actor)s entered progress: %(object)s"),
        "plan.step_checked": _step_text(done=True),
        "plan.step_unchecked": _step_text(done=False),
    }
)

register_audit_area("plan", _("Plan"))
