"""The themes of the "MVI, tenzij" matrix that apply to a tender's purchase category.

The matrix lives in plans, which sits above contracts and so cannot be imported here. Plans
registers the one function that answers, as apps register step status with core
(`plans/tender_themes.py`). Without it (plans not installed) a tender has no themes to decide."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class MatrixTheme:
    """A theme that applies by default: `key` is stable (a national theme's key, or
    "own-<id>" for an organisation's own theme), `label` in the reader's language."""

    key: str
    label: str


ThemeSource = Callable[[object, int | None], list[MatrixTheme]]

_SOURCES: list[ThemeSource] = []


def register_theme_source(function: ThemeSource) -> ThemeSource:
    if function not in _SOURCES:
        _SOURCES.append(function)
    return function


def themes_for_category(organisation, category_id: int | None) -> list[MatrixTheme]:
    """The themes the organisation applies by default to this category, in matrix order."""
    themes: list[MatrixTheme] = []
    seen: set[str] = set()
    for source in _SOURCES:
        for theme in source(organisation, category_id):
            if theme.key not in seen:
                seen.add(theme.key)
                themes.append(theme)
    return themes


def theme_labels(organisation) -> dict[str, str]:
    """Every theme key the organisation knows, with its label (for decisions on record)."""
    return {theme.key: theme.label for theme in themes_for_category(organisation, None)}
