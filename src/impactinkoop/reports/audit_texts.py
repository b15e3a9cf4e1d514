"""Sentences for the results app's audit actions (see `core.audit_text`), one block per part."""

from django.utils.translation import gettext_lazy as _

from impactinkoop.core.audit_text import (
    register_audit_area,
    register_audit_fields,
    register_audit_texts,
)

register_audit_area("reports", _("Results"))

# The evaluation of a year (reports.evaluations).
register_audit_texts(
    {
        "reports.evaluation_started": _("%(actor)s started the evaluation of %(object)s"),
        "reports.evaluation_goals_added": _(
            "%(actor)s added goals to the evaluation of %(object)s"
        ),
        "reports.goal_evaluated": _("%(actor)s evaluated a goal: %(object)s"),
        "reports.evaluation_summary_changed": _(
            "%(actor)s changed the summary of the evaluation of %(object)s"
        ),
        "reports.evaluation_closed": _("%(actor)s closed the evaluation of %(object)s"),
    }
)
register_audit_fields(
    {
        "goals_added": _("goals added"),
        "goals_frozen": _("goals with their frozen figures"),
    }
)

# The impact report and its editions (reports.editions).
register_audit_texts(
    {
        "reports.report_saved": _("%(actor)s changed the impact report %(object)s"),
        "reports.edition_published": _("%(actor)s published the impact report %(object)s"),
    }
)
