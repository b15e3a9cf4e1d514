"""Sentences for the spend app's audit actions (see `core.audit_text`)."""

from django.utils.translation import gettext_lazy as _

from impactinkoop.core.audit_text import (
    register_audit_area,
    register_audit_fields,
    register_audit_texts,
)

from .linking.reasons import translate_reason

register_audit_texts(
    {
        "spend.import_queued": _("%(actor)s started importing %(object)s"),
        "spend.ledger_imported": _("%(actor)s imported %(object)s"),
        "spend.import_deleted": _("%(actor)s deleted the import %(object)s"),
        "spend.exchange_rate_set": _("%(actor)s set the exchange rate of %(object)s"),
        "spend.baseline_frozen": _("%(actor)s froze %(object)s"),
        "spend.baseline_made_official": _("%(actor)s made %(object)s the official baseline"),
        "spend.supplier_split": _("%(actor)s split the supplier %(object)s"),
        "spend.match_accepted": _("%(actor)s accepted the match of %(object)s"),
        "spend.match_rejected": _("%(actor)s rejected the match of %(object)s"),
        "spend.supplier_linked": _("%(actor)s linked the supplier %(object)s"),
        "spend.link_asked_again": _(
            "An improved matching engine asks again about the link of %(object)s (run by %(actor)s)"
        ),
        "spend.link_confirmed": _("%(actor)s kept the link of %(object)s"),
        "spend.link_removed": _("%(actor)s removed the link of %(object)s"),
    }
)

register_audit_fields(
    {
        "period": _("period"),
        "official": _("official baseline"),
        "replaces": _("replaces the official baseline"),
        "partial": _("partial"),
        "total_spend": _("total spend"),
        "social_spend": _("social spend"),
        "data_version": _("data of"),
        "rows": _("lines in the file"),
        "imported": _("new lines"),
        "duplicates": _("lines already imported"),
        "rejected": _("rejected lines"),
        "total": _("total"),
        "score": _("score"),
        "reason": _("reason"),
        "candidate_name": _("new candidate"),
    },
    values={"reason": translate_reason},
)

register_audit_area("spend", _("Spend"))
