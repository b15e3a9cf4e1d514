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

# Case stories and the public impact page (reports.stories, reports.public).
register_audit_texts(
    {
        "reports.story_created": _("%(actor)s drafted the case story %(object)s"),
        "reports.story_changed": _("%(actor)s changed the case story %(object)s"),
        "reports.story_photo_added": _("%(actor)s added a photo to the case story %(object)s"),
        "reports.story_photo_removed": _(
            "%(actor)s removed a photo from the case story %(object)s"
        ),
        "reports.story_quote_added": _("%(actor)s added a quote to the case story %(object)s"),
        "reports.story_quote_removed": _(
            "%(actor)s removed a quote from the case story %(object)s"
        ),
        "reports.story_submitted": _("%(actor)s submitted the case story %(object)s for approval"),
        "reports.story_approved": _("%(actor)s approved the case story %(object)s"),
        "reports.story_sent_back": _("%(actor)s sent the case story %(object)s back"),
        "reports.story_withdrawn": _("%(actor)s withdrew the case story %(object)s"),
        "reports.public_page_changed": _("%(actor)s changed the public impact page"),
        "reports.public_page_enabled": _("%(actor)s published the public impact page"),
        "reports.public_page_disabled": _("%(actor)s took the public impact page offline"),
    }
)
