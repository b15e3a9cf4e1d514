"""The matching engine's reasons (plain English, for commands) in the reader's language."""

import re

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from impactinkoop.matching import engine

CHOSEN_BY_A_PERSON = "chosen by a person from the candidates"  # the reason of a person's pick


def translate_reason(reason: str) -> str:
    """Translate a reason composed by the engine: a base phrase and optional suffixes."""
    text = reason or ""
    suffixes = []
    for suffix, label in (
        (engine.BUT_RIVAL, _("another company scores almost as high")),
        (engine.BUT_SAME_NAME, _("another company has the same name")),
        (engine.BUT_KVK_DIFFERS, _("but the KvK numbers differ")),
        (engine.BUT_OTHER_FORM, _("the legal forms differ")),
    ):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
            suffixes.insert(0, label)
    fixed = {
        engine.SAME_KVK: _("same KvK number"),
        engine.KVK_NAMES_DIFFER: _("same KvK number, but the names differ"),
        engine.SAME_NAME: _("same name after removing legal form and punctuation"),
        engine.CUT_SHORT: _("the ledger name is the register name cut short"),
        engine.WORD_ORDER: _("same words in another order"),
        engine.LEDGER_WORDS_IN_REGISTER: _("every word of the ledger name is in the register name"),
        engine.REGISTER_WORDS_IN_LEDGER: _("every word of the register name is in the ledger name"),
        engine.ONE_LETTER: ngettext("%(count)d letter differs", "%(count)d letters differ", 1)
        % {"count": 1},
        engine.INITIALS: _("the initials of one name spell the other"),
        engine.NO_CANDIDATE: _("no candidate"),
        CHOSEN_BY_A_PERSON: _("chosen by a person from the candidates"),
    }
    if text in fixed:
        base = fixed[text]
    elif match := re.fullmatch(r"(\d+) letters differ", text):
        count = int(match.group(1))
        base = ngettext("%(count)d letter differs", "%(count)d letters differ", count) % {
            "count": count
        }
    elif match := re.fullmatch(r"both names have the rare word “(.+)”", text):
        base = _("both names have the rare word “%(word)s”") % {"word": match.group(1)}
    elif match := re.fullmatch(r"only one of the names has “(.+)”: another legal person", text):
        base = _("only one of the names has “%(word)s”: another legal person") % {
            "word": match.group(1)
        }
    elif match := re.fullmatch(r"names (\d+)% alike", text):
        base = _("names %(score)s%% alike") % {"score": match.group(1)}
    else:
        base = text  # chosen by a person, or an older wording
    return "; ".join([base, *suffixes])
