"""Where a social-enterprise qualification comes from, its levels, and how people write them."""

import re

from django.db import models
from django.utils.translation import gettext_lazy as _


class Source(models.TextChoices):
    CODE_SO = "code_so", _("Code Sociale Ondernemingen register")
    PSO = "pso", _("Prestatieladder Socialer Ondernemen (PSO)")
    SW_COMPANY = "sw_company", _("Sheltered-employment company (SW company)")
    SE_NL = "se_nl", _("Social Enterprise NL member")
    REGIONAL = "regional", _("Regional recognition")
    BADGE = "badge", _("Badge")
    OWN_JUDGEMENT = "own_judgement", _("Own judgement")


class Level(models.TextChoices):
    NONE = "", _("no level")
    PSO_ASPIRANT = "pso_aspirant", _("PSO aspirant")
    PSO_1 = "pso_1", _("PSO step 1")
    PSO_2 = "pso_2", _("PSO step 2")
    PSO_3 = "pso_3", _("PSO step 3")
    PSO_30 = "pso_30", _("PSO 30+")
    ERKEND = "erkend", _("Recognised (erkend)")
    ASPIRANT = "aspirant", _("Aspirant")


LEVELS_BY_SOURCE: dict[str, tuple[str, ...]] = {
    Source.PSO: (Level.PSO_ASPIRANT, Level.PSO_1, Level.PSO_2, Level.PSO_3, Level.PSO_30),
    Source.REGIONAL: (Level.ERKEND, Level.ASPIRANT),
}

SOURCE_DESCRIPTIONS = {
    Source.CODE_SO: _(
        "Companies assessed against the Code Sociale Ondernemingen: a social mission first and at "
        "least half of their income from trade. Reassessed every two years."
    ),
    Source.PSO: _(
        "The Prestatieladder Socialer Ondernemen measures how many people far from the labour "
        "market a company employs: aspirant, steps 1 to 3, and PSO 30+ for at least 30 percent "
        "of staff."
    ),
    Source.SW_COMPANY: _(
        "Sheltered-employment companies (sociale werkbedrijven), about 87, each working for "
        "several municipalities."
    ),
    Source.SE_NL: _("Members of Social Enterprise NL, the network of social enterprises."),
    Source.REGIONAL: _(
        "Recognitions by a region, such as Haaglanden: 'erkend' (at least 30 percent of staff far "
        "from the labour market, at least half of income from trade) and 'aspirant' (15 and 30 "
        "percent)."
    ),
    Source.BADGE: _("Badges such as the Kennemer SROI badge."),
    Source.OWN_JUDGEMENT: _(
        "Your organisation's own judgement, with a written reason; visible only to your "
        "organisation."
    ),
}


def levels_for(source: str) -> tuple[str, ...]:
    return LEVELS_BY_SOURCE.get(source, ())


def policy_key(source: str, level: str = "") -> str:
    return f"{source}:{level}"


def all_policy_keys() -> list[tuple[str, str, str]]:
    """Every (key, source, level) a policy can accept, in display order."""
    keys = []
    for source in Source:
        for level in levels_for(source) or ("",):
            keys.append((policy_key(source, level), source, level))
    return keys


# What an organisation accepts until it chooses: everything but the aspirant levels.
DEFAULT_POLICY_KEYS = frozenset(
    key
    for key, _source, level in all_policy_keys()
    if level not in (Level.PSO_ASPIRANT, Level.ASPIRANT)
)

_LEVEL_WORDS = [
    (re.compile(r"30\s*\+|30plus|dertig"), Level.PSO_30),
    (re.compile(r"aspirant"), None),  # aspirant of PSO or of a region, decided by the source
    (re.compile(r"(trede|step|niveau|level)?\s*3\b|drie|iii\b"), Level.PSO_3),
    (re.compile(r"(trede|step|niveau|level)?\s*2\b|twee|ii\b"), Level.PSO_2),
    (re.compile(r"(trede|step|niveau|level)?\s*1\b|een\b|één|i\b"), Level.PSO_1),
    (re.compile(r"erkend|recogni[sz]ed"), Level.ERKEND),
]


def parse_level(source: str, text: str) -> str:
    """The level code for what a register file writes ("Trede 2", "PSO 30+", "Erkend")."""
    allowed = levels_for(source)
    value = (text or "").strip().lower()
    if not allowed:
        return ""
    if value in allowed:
        return value
    for pattern, level in _LEVEL_WORDS:
        if pattern.search(value):
            if level is None:
                level = Level.PSO_ASPIRANT if source == Source.PSO else Level.ASPIRANT
            if level in allowed:
                return level
    raise ValueError(value)
