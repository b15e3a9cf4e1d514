"""The "MVI, tenzij" matrix as contracts asks for it: for a tender's purchase category, the
themes that apply by default (the chosen themes, less those the matrix excepts for the category).
Before any theme is chosen, the six national themes apply, so no tender starts without themes.
Contracts sits below plans and cannot ask itself; plans answers through this registration."""

from impactinkoop.contracts.themes import MatrixTheme, register_theme_source

from .models import CategoryThemeException, Theme, ThemeChoice


def theme_key(theme: Theme) -> str:
    return theme.key if theme.is_national else f"own-{theme.pk}"


@register_theme_source
def matrix_themes(organisation, category_id: int | None) -> list[MatrixTheme]:
    chosen = [
        choice.theme
        for choice in ThemeChoice.objects.for_organisation(organisation)
        .select_related("theme")
        .order_by("theme__position", "theme__name")
    ]
    if not chosen:
        chosen = list(Theme.objects.filter(organisation=None))
    excepted = set()
    if category_id is not None:
        excepted = set(
            CategoryThemeException.objects.for_organisation(organisation)
            .filter(category_id=category_id)
            .values_list("theme_id", flat=True)
        )
    return [
        MatrixTheme(theme_key(theme), str(theme.label))
        for theme in chosen
        if theme.pk not in excepted
    ]
