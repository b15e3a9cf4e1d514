"""The impact report's editable text sections: what the coordinator writes around the figures.
Each has a label and a help text; the report keeps the text per key (`Report.sections`), an
edition freezes it. The order here is the order in the report."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Section:
    key: str
    label: str
    help_text: str
    figures: str = ""  # the figures' section shown after the text ("spend"), if any


SECTIONS = (
    Section(
        "introduction",
        _("Introduction"),
        _("What the organisation set out to do this year and what this report covers."),
    ),
    Section(
        "spend",
        _("Spend at social enterprises"),
        _(
            "What the spend figures say: the share against the baseline, the departments, "
            "local spend."
        ),
        "spend",
    ),
    Section(
        "purchases",
        _("Purchases from the catalogue"),
        _("How colleagues used the catalogue of social enterprises."),
        "purchases",
    ),
    Section(
        "tenders",
        _("Tenders and MVI"),
        _("How MVI was applied in tenders and at which ambition level."),
        "tenders",
    ),
    Section(
        "social_return",
        _("Social return"),
        _("What contractors committed to and realised, and who found work through it."),
        "sroi",
    ),
    Section(
        "outlook",
        _("Outlook"),
        _("What comes next year: goals carried over, new actions."),
    ),
)

SECTION_KEYS = tuple(section.key for section in SECTIONS)
