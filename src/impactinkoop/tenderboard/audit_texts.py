"""Sentences for the tenderboard's audit actions (see `core.audit_text`)."""

from django.utils.translation import gettext_lazy as _

from impactinkoop.core.audit_text import register_audit_area, register_audit_texts

register_audit_texts(
    {
        "tenderboard.submitted": _("%(actor)s submitted %(object)s to the tenderboard"),
        "tenderboard.advised": _("%(actor)s gave the tenderboard's advice on %(object)s"),
    }
)

register_audit_area("tenderboard", _("Tenderboard"))
