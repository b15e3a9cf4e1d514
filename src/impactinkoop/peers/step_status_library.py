"""De Normaalste Zaak's step 5, "doe kennis op" (learn), read from the knowledge the organisation
keeps per step and from the case library, not from a tick. `plans.step_plans` names the slug."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from impactinkoop.core.steps import STEPS, StepStatus, register_step_status
from impactinkoop.reports import queries

from . import knowledge
from .models import KnowledgeItem

LEARN = "learn"
# Knowledge for this many of the seven steps, and something of its own beyond the starter set:
# then the organisation has gathered what it needs, not only clicked the starter set in.
STEPS_FOR_DONE = 3


def _library_summary(organisation) -> str:
    others = queries.published_stories().exclude(organisation=organisation).count()
    if not others:
        return ""
    return ngettext(
        "The case library holds %(count)d story of other organisations.",
        "The case library holds %(count)d stories of other organisations.",
        others,
    ) % {"count": others}


@register_step_status(LEARN)
def learn_status(organisation) -> StepStatus:
    rows = list(
        KnowledgeItem.objects.for_organisation(organisation).values_list("step", "url", "file_name")
    )
    library = _library_summary(organisation)
    if not rows:
        summary = _("No knowledge kept yet: add guidance per step, or start with PIANOo's.")
        return StepStatus("todo", " ".join(part for part in (summary, library) if part))
    steps = {step for step, _url, _file in rows}
    own = any(file_name or url not in knowledge.STARTER_URLS for _step, url, file_name in rows)
    summary = _("Knowledge kept for %(count)d of the %(total)d steps.") % {
        "count": len(steps),
        "total": len(STEPS),
    }
    if len(steps) >= STEPS_FOR_DONE and own:
        state = "done"
    else:
        state = "started"
        if len(steps) < STEPS_FOR_DONE:
            summary += " " + _("Add knowledge for at least %(count)d steps.") % {
                "count": STEPS_FOR_DONE
            }
        if not own:
            summary += " " + _("Add your own guidance or documents beside PIANOo's.")
    return StepStatus(state, " ".join(part for part in (summary, library) if part))
