"""Sentences for the contracts app's audit actions (see `core.audit_text`)."""

from django.utils.translation import gettext_lazy as _

from impactinkoop.core.audit_text import register_audit_area, register_audit_texts

register_audit_texts(
    {
        "contracts.rules_changed": _("%(actor)s changed the rules on tenders: %(object)s"),
        "contracts.contract_created": _("%(actor)s added the contract %(object)s"),
        "contracts.contract_updated": _("%(actor)s changed the contract %(object)s"),
        "contracts.contract_imported": _("%(actor)s imported contracts from %(object)s"),
        "contracts.extension_decided": _(
            "%(actor)s decided on the extension of the contract %(object)s"
        ),
        "contracts.tender_created": _("%(actor)s added the tender %(object)s"),
        "contracts.tender_updated": _("%(actor)s changed the tender %(object)s"),
        "contracts.tender_status": _("%(actor)s changed the status of the tender %(object)s"),
        "contracts.themes_decided": _("%(actor)s decided the MVI themes of the tender %(object)s"),
        "contracts.tender_awarded": _("%(actor)s awarded the tender %(object)s"),
    }
)

register_audit_area("contracts", _("Contracts and tenders"))
