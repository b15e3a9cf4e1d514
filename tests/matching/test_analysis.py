"""What the engine compares of a name: key, place, legal form and the words run together; and the
batch-level signals (cut-off lengths, processes) that must not change a result."""

import numpy as np
import pytest

from impactinkoop.matching.analysis import analyse
from impactinkoop.matching.engine import Register, _counted, _cut_lengths, _distinct


@pytest.mark.parametrize(
    "name,key,place,form",
    [
        ("Deus B.V. - Rotterdam", "deus", "rotterdam", "bv"),
        ("Xelion BV AMSTERDAM", "xelion", "amsterdam", "bv"),
        ("Ipsos te Utrecht", "ipsos", "utrecht", ""),
        ("UITHOORN CAPITAL B V (DEN HELDER)", "uithoorn capital", "den helder", "bv"),
        ("Senqia Heerenveen", "senqia", "heerenveen", ""),  # a municipality ends the name
        # A place before the legal form is part of the name.
        ("Groenewegen Achtkarspelen B.V.", "groenewegen achtkarspelen", "", "bv"),
        # A residence that ends a name without a separator may be a surname.
        ("Stichting Dimbion De Graaf", "dimbion graaf", "", "stichting"),
        ("Finqle Companies Holding B.V.", "finqle holding", "", "bv"),
        ("AXICOMMB V", "axicomm", "", ""),
        ("INGENIEURSBUREAU VENLOV O F", "ingenieursbureau venlo", "", "vof"),
        ("STG. DE WERKPLAATS", "werkplaats", "", "stichting"),
        ("Jansen Besloten Vennootschap", "jansen", "", "bv"),
    ],
)
def test_analysis(name, key, place, form):
    analysed = analyse(name)
    assert (analysed.key, analysed.place, analysed.form) == (key, place, form)


def test_words_run_together_keep_their_articles():
    assert analyse("DEJONG GARAGE B.V.").compact == analyse("De Jong Garage B.V.").compact


def test_a_batch_shows_where_its_finance_system_cut_names_off():
    names = [f"{'X' * 20} naam nummer {n:04d}"[:35] for n in range(40)]
    names += [f"Bedrijf {n}" for n in range(200)]
    assert _cut_lengths(names) == {34, 35}
    assert _cut_lengths([f"Bedrijf {n}" for n in range(200)]) == frozenset()


def test_matching_in_processes_gives_the_same_matches_in_the_same_order():
    register = Register(
        [(f"{n:08d}", f"Bedrijf{n} {['Bouw', 'Zorg', 'Groen'][n % 3]} B.V.") for n in range(3000)]
    )
    rows = [(f"BEDRIJF{n} {['BOUW', 'ZORG', 'GROEN'][n % 3]} BV", "") for n in range(0, 9000, 2)]
    rows += [(f"Onbekend{n} Techniek", "") for n in range(500)]
    assert register.match_many(rows, processes=2) == register.match_many(rows)
    # With the organisation's other suppliers as context, the processes analyse the context
    # apart from the rows.
    context = [name for name, _kvk in rows] + [f"Bouw {n}" for n in range(2000)]
    in_processes = register.match_many(rows, context=context, processes=2)
    assert in_processes == register.match_many(rows, context=context)


@pytest.mark.parametrize("size", [0, 1, 2, 7, 500])
def test_the_engines_counting_agrees_with_numpys_unique(size):
    values = np.random.default_rng(size).integers(0, max(1, size // 3), size)
    distinct, counts = np.unique(values, return_counts=True)
    assert _distinct(values).tolist() == distinct.tolist()
    assert [part.tolist() for part in _counted(values)] == [distinct.tolist(), counts.tolist()]


def test_words_corrected_together_get_what_each_gets_alone():
    """A batch corrects its unknown words in one pass; each must get what it gets alone."""
    names = ["Randstad", "Tenderapp", "Wetravel", "Nutricontrol", "Otis", "Rand", "Tender"]
    register = Register(register_entries(names))
    words = ["rdstad", "tenderp", "wetral", "nutriconol", "oits", "xyzzy", "ran", "randstad"]
    alone = {word: Register(register_entries(names)).corrections(word) for word in words}
    register._correct(words)
    assert {word: register.corrections(word) for word in words} == alone
    assert alone["rdstad"] == ["randstad"]
    assert alone["tenderp"] == ["tender", "tenderapp"]
    assert alone["xyzzy"] == alone["ran"] == []  # nothing near; too short to correct


def register_entries(names: list[str]) -> list[tuple[str, str]]:
    return [(f"{n:08d}", f"{name} B.V.") for n, name in enumerate(names)]
