"""Sentences for the catalogue's audit actions (see `core.audit_text`)."""

from django.utils.translation import gettext_lazy as _

from impactinkoop.core.audit_text import register_audit_area, register_audit_texts

register_audit_texts(
    {
        "catalogue.purchase_recorded": _("%(actor)s recorded a purchase: %(object)s"),
        "catalogue.enterprise_created": _("%(actor)s created the enterprise %(object)s"),
        "catalogue.profile_proposed": _("%(actor)s proposed a change to the profile %(object)s"),
        "catalogue.offer_proposed": _("%(actor)s proposed the offer %(object)s"),
        "catalogue.offer_withdrawn": _("%(actor)s withdrew the offer %(object)s"),
        "catalogue.change_approved": _("%(actor)s approved a change: %(object)s"),
        "catalogue.change_rejected": _("%(actor)s rejected a change: %(object)s"),
        "catalogue.editor_added": _("%(actor)s added an editor: %(object)s"),
        "catalogue.shortlist_size_changed": _("%(actor)s changed the number of recommendations"),
        "catalogue.shortlist_changed": _("%(actor)s changed the recommendations for %(object)s"),
        "catalogue.category_created": _("%(actor)s created the category %(object)s"),
        "catalogue.category_deleted": _("%(actor)s deleted the category %(object)s"),
        "catalogue.quote_requested": _("%(actor)s requested a quote: %(object)s"),
        "catalogue.quote_answered": _("%(actor)s answered a quote request: %(object)s"),
        "catalogue.quote_closed": _("%(actor)s closed a quote request: %(object)s"),
    }
)

register_audit_area("catalogue", _("Catalogue"))
