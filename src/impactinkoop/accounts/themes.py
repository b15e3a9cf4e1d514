"""An organisation's house style as colours: contrast checks (WCAG 2.1), the municipalities'
published token sets, and the `--ii-*` variables a theme's stylesheet sets."""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

HEX_COLOUR = re.compile(r"^#[0-9a-f]{6}$")
WHITE = "#ffffff"
BLACK = "#000000"
# WCAG 2.1 AA for normal text (success criterion 1.4.3).
MINIMUM_CONTRAST = 4.5


def relative_luminance(colour: str) -> float:
    """The relative luminance of a `#rrggbb` colour, as WCAG 2.1 defines it."""
    channels = []
    for start in (1, 3, 5):
        value = int(colour[start : start + 2], 16) / 255
        channels.append(value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4)
    red, green, blue = channels
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: str, second: str) -> float:
    """From 1 (the same) to 21 (black on white); the order of the two does not matter."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def readable_text_on(background: str) -> str:
    """White or black, whichever contrasts more with the background."""
    return (
        WHITE if contrast_ratio(WHITE, background) >= contrast_ratio(BLACK, background) else BLACK
    )


@dataclass(frozen=True)
class Colours:
    """The colours a theme sets; text colours follow from the backgrounds."""

    primary: str
    link: str
    header_background: str
    font_family: str = ""
    focus: str = ""

    @property
    def primary_text(self) -> str:
        return readable_text_on(self.primary)

    @property
    def header_text(self) -> str:
        return readable_text_on(self.header_background)

    def css_variables(self) -> dict[str, str]:
        variables = {
            "--ii-color-primary": self.primary,
            "--ii-color-primary-text": self.primary_text,
            "--ii-color-link": self.link,
            "--ii-color-header-background": self.header_background,
            "--ii-color-header-text": self.header_text,
        }
        if self.focus:
            variables["--ii-color-focus"] = self.focus
        if self.font_family:
            variables["--ii-font-family"] = self.font_family
        return variables


# The project's own tokens (core/static/impactinkoop/tokens.css): what an organisation without a
# theme, or a colour left empty, gets.
DEFAULT = Colours(primary="#0b4f8a", link="#0b4f8a", header_background="#0b4f8a")


def contrast_pairs(colours: Colours) -> list[tuple[str, str, str]]:
    """The pairs of colours people read, as (name, text colour, background)."""
    return [
        (_("Text on the primary colour"), colours.primary_text, colours.primary),
        (_("Header text on the header background"), colours.header_text, colours.header_background),
        (_("Link colour on white"), colours.link, WHITE),
    ]


def contrast_problems(colours: Colours) -> list[str]:
    """One sentence per pair of colours below WCAG AA, naming the pair and its ratio."""
    problems = []
    for label, foreground, background in contrast_pairs(colours):
        ratio = contrast_ratio(foreground, background)
        if ratio < MINIMUM_CONTRAST:
            problems.append(
                _("%(pair)s has a contrast of %(ratio)s:1; it needs at least %(minimum)s:1.")
                % {
                    "pair": label,
                    "ratio": format_ratio(ratio),
                    "minimum": format_ratio(MINIMUM_CONTRAST),
                }
            )
    return problems


def check_contrast(colours: Colours) -> None:
    problems = contrast_problems(colours)
    if problems:
        raise ValidationError(problems, code="contrast")


def theme_stylesheet(colours: Colours) -> str:
    """The stylesheet a theme serves: only `--ii-*` variables, whose values are checked colours
    and the token sets' own constants, never free text."""
    lines = [f"  {name}: {value};" for name, value in colours.css_variables().items()]
    return ":root {\n" + "\n".join(lines) + "\n}\n"


def format_ratio(ratio: float) -> str:
    from django.utils.formats import number_format

    # Rounded down, so 4.47 never shows as a passing "4.5".
    return number_format(int(ratio * 100) / 100, decimal_pos=2)


# The published token sets of municipalities, as brand colours mapped to our variables. Each
# value is copied from the package's built CSS (dist/index.css or dist/root.css); the comment
# names the package, the version read and the variable. Only a platform administrator assigns a
# set, and only to that municipality: nobody wears another's house style.
TOKEN_SETS: dict[str, Colours] = {
    # @utrecht/design-tokens 5.0.1
    "utrecht": Colours(
        # --utrecht-button-primary-action-background-color: --utrecht-color-blue-35,
        # hsl(211 60% 35%)
        primary="#24578f",
        # --utrecht-link-color: --utrecht-color-blue-35
        link="#24578f",
        # --utrecht-color-red-40, hsl(0 100% 40%): Utrecht's red
        header_background="#cc0000",
        # --utrecht-typography-sans-serif-font-family
        font_family='"Noto Sans Variable", Arial, sans-serif',
    ),
    # @gemeente-denhaag/design-tokens-components 4.1.0
    "denhaag": Colours(
        # --denhaag-button-primary-action-background-color: --denhaag-color-green-3,
        # hsl(138 58% 33%)
        primary="#238541",
        # --denhaag-breadcrumb-link-color: --denhaag-color-blue-3, hsl(207 80% 35%)
        link="#1260a1",
        # --denhaag-color-green-4, hsl(138 57% 27%)
        header_background="#1e6c35",
        # --denhaag-typography-sans-serif-font-family
        font_family='"TheSans", sans-serif',
    ),
    # @amsterdam/design-system-tokens 4.4.0
    "amsterdam": Colours(
        # --ams-button-primary-background-color: --ams-color-interactive
        primary="#004699",
        # --ams-links-color: --ams-color-interactive
        link="#004699",
        # --ams-page-header-background-color: --ams-color-background (text --ams-color-text)
        header_background="#ffffff",
        # --ams-typography-font-family
        font_family="'Amsterdam Sans', Arial, sans-serif",
    ),
}

TOKEN_SET_CHOICES = [
    ("utrecht", gettext_lazy("Municipality of Utrecht (@utrecht/design-tokens)")),
    (
        "denhaag",
        gettext_lazy("Municipality of The Hague (@gemeente-denhaag/design-tokens-components)"),
    ),
    ("amsterdam", gettext_lazy("Municipality of Amsterdam (@amsterdam/design-system-tokens)")),
]


def validate_hex_colour(value: str) -> None:
    if not HEX_COLOUR.match(value):
        raise ValidationError(
            _("Give a colour as # and six hexadecimal digits, such as #0b4f8a."), code="colour"
        )
