"""Sentences for the results' audit actions (see `core.audit_text`)."""

from django.utils.translation import gettext_lazy as _

from impactinkoop.core.audit_text import register_audit_area, register_audit_texts

register_audit_area("reports", _("Results"))

# The impact report and its editions (reports.editions).
register_audit_texts(
    {
        "reports.report_saved": _("%(actor)s changed the impact report %(object)s"),
        "reports.edition_published": _("%(actor)s published the impact report %(object)s"),
    }
)
