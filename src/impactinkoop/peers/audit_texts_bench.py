"""Sentences for the benchmark's audit actions (see `core.audit_text`): what the organisation
shares with peers, and each yearly snapshot."""

from django.utils.translation import gettext_lazy as _

from impactinkoop.core.audit_text import (
    register_audit_fields,
    register_audit_texts,
)

register_audit_texts(
    {
        "peers.sharing_on": _("%(actor)s started sharing the organisation's figures with peers"),
        "peers.sharing_off": _("%(actor)s stopped sharing the organisation's figures with peers"),
        "peers.sharing_changed": _("%(actor)s changed what the organisation shares with peers"),
        # In each sharing organisation's log: exactly what went into the snapshot.
        "peers.figures_shared": _(
            "The organisation's figures went into the benchmark of %(object)s"
        ),
        "peers.benchmark_taken": _("%(actor)s took the benchmark of %(object)s"),
    }
)
register_audit_fields(
    {
        "social_spend": _("share of spend at social enterprises (%)"),
        "tenders_mvi": _("share of tenders above the threshold with MVI (%)"),
        "sroi_realised": _("social-return realisation (%)"),
        "purchases": _("catalogue purchases per 1,000"),
        "sources": _("register sources counted"),
        "taken_on": _("taken on"),
        "organisations": _("organisations"),
        "groups": _("groups shown"),
    }
)
