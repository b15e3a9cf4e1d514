"""The six themes of the Nationaal Plan MVI 2021-2025 (seed 004) and the seventeen Sustainable
Development Goals a theme can point to. National themes are rows without an organisation, loaded
by a data migration; their names come from here so that they follow the reader's language."""

from django.utils.translation import gettext_lazy as _

# key, name, what it covers, SDGs it serves by default
NATIONAL_THEMES = (
    ("klimaat", _("Climate"), _("Lower CO2 emissions and energy use of what we buy."), [7, 13]),
    ("milieu", _("Environment"), _("Less pollution, healthier air, soil and water."), [3, 12, 15]),
    (
        "circulair",
        _("Circular"),
        _("Reuse, repair and recycled materials; less raw material."),
        [12],
    ),
    (
        "ketenverantwoordelijkheid",
        _("Supply-chain responsibility"),
        _("Fair working conditions and human rights in international supply chains."),
        [8, 12],
    ),
    (
        "diversiteit-en-inclusie",
        _("Diversity and inclusion"),
        _("Work for people with a distance to the labour market; buying from social enterprises."),
        [5, 10],
    ),
    (
        "social-return",
        _("Social return"),
        _("Contractors give work or training to people far from the labour market."),
        [8, 10],
    ),
)

NATIONAL_NAMES = {key: name for key, name, _description, _sdgs in NATIONAL_THEMES}
NATIONAL_DESCRIPTIONS = {key: description for key, _name, description, _sdgs in NATIONAL_THEMES}

SDGS = {
    1: _("No poverty"),
    2: _("Zero hunger"),
    3: _("Good health and well-being"),
    4: _("Quality education"),
    5: _("Gender equality"),
    6: _("Clean water and sanitation"),
    7: _("Affordable and clean energy"),
    8: _("Decent work and economic growth"),
    9: _("Industry, innovation and infrastructure"),
    10: _("Reduced inequalities"),
    11: _("Sustainable cities and communities"),
    12: _("Responsible consumption and production"),
    13: _("Climate action"),
    14: _("Life below water"),
    15: _("Life on land"),
    16: _("Peace, justice and strong institutions"),
    17: _("Partnerships for the goals"),
}

# The ambition levels of the ambitieweb and PIANOo's MVI-criteriatool (DOMAIN.md), with 0 for a
# theme the session does not take up.
LEVELS = {
    0: _("0 – not taken up"),
    1: _("1 – basis"),
    2: _("2 – significant"),
    3: _("3 – ambitious"),
}
MAX_LEVEL = 3
