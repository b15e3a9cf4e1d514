"""Sentences that explain a figure that would otherwise puzzle: why nothing counts as social.
The dashboard, the frozen baseline, the PDF and the `baseline` command say the same."""

from datetime import date

from django.db.models import Count, Min
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from impactinkoop.registry.models import Qualification
from impactinkoop.registry.policy import Policy, policy_of


def social_note(organisation, day: date, policy: Policy | None = None) -> dict:
    """Why no supplier counts as a social enterprise on `day` (JSON-ready, kept with the
    figures): the policy accepts nothing, no accepted qualification holds on that day (with
    how many start later: a register imported without a start date holds from the day it was
    imported), or no supplier is linked to a company that qualifies."""
    policy = policy or policy_of(organisation)
    keys = policy.keys
    if not keys:
        return {"reason": "no_policy", "day": day}
    if not policy.qualifications(day).exists():
        later = (
            Qualification.objects.visible_to(organisation)
            .with_keys(keys)
            .filter(valid_from__gt=day)
            .aggregate(count=Count("pk"), first=Min("valid_from"))
        )
        return {
            "reason": "no_qualifications",
            "day": day,
            "later": later["count"],
            "first_later": later["first"],
        }
    return {"reason": "no_linked_supplier", "day": day}


def social_note_text(note: dict | None) -> str:
    if not note:
        return ""
    day = _formatted(note["day"])
    if note["reason"] == "no_policy":
        return _(
            "Nothing counts as social: your policy accepts no qualification. Choose in the "
            "register policy which qualifications count."
        )
    if note["reason"] == "no_qualifications":
        text = _(
            "Nothing counts as social: no qualification that your policy accepts holds on "
            "%(day)s, the last day of the period."
        ) % {"day": day}
        if note.get("later"):
            text += " " + ngettext(
                "%(count)d qualification starts later, on %(first)s. A register imported "
                "without a start date holds only from the day it was imported: import it with "
                "the date from which its qualifications hold.",
                "%(count)d qualifications start later, the first on %(first)s. A register "
                "imported without a start date holds only from the day it was imported: import "
                "it with the date from which its qualifications hold.",
                note["later"],
            ) % {"count": note["later"], "first": _formatted(note["first_later"])}
        return text
    return _(
        "Nothing counts as social: none of the suppliers of this period is linked to a company "
        "that qualifies on %(day)s. Link suppliers to the register under Supplier matching."
    ) % {"day": day}


def _formatted(value) -> str:
    day = date.fromisoformat(value) if isinstance(value, str) else value
    return date_format(day, "j F Y")
