"""A form field for one or more CPV codes, with a picker that works without script: a text
input whose datalist offers the CPV's divisions and groups, and that a static script
(impactinkoop/cpv-picker.js) enhances with a search of all codes as the user types."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import cpv

# Codes may be separated by commas, semicolons, spaces or new lines; a pasted "45000000-7
# Bouwwerkzaamheden" keeps only what looks like a code.
_TOKENS = re.compile(r"[,;\s]+")
SCRIPT = "impactinkoop/cpv-picker.js"


def split_codes(value: str) -> list[str]:
    return [token for token in _TOKENS.split(value or "") if token]


class CpvCodesInput(forms.TextInput):
    """A text input with a datalist of the CPV's divisions and groups (317 codes): enough to
    find the right part of the tree without script. The script widens it to every code."""

    template_name = "core/reference/cpv_input.html"

    class Media:
        # A page puts `{{ form.media }}` in its `scripts` block, at the end of the body.
        js = (SCRIPT,)

    def __init__(self, attrs=None):
        super().__init__(
            {"autocomplete": "off", "spellcheck": "false", "inputmode": "text", **(attrs or {})}
        )

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        list_id = f"{widget['attrs'].get('id') or name}-cpv"
        widget["attrs"]["list"] = list_id
        widget["attrs"]["data-cpv-search"] = reverse("core:cpv_search")
        widget["list_id"] = list_id
        widget["suggestions"] = [entry for entry in cpv.all_codes() if entry.level <= 2]
        return context

    def format_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(value)
        return super().format_value(value)


class CpvCodesField(forms.Field):
    """One or more CPV codes as a tuple of "45000000-7" strings, the first one first, each once.
    Every code that is not a CPV code is named in its own translated error."""

    widget = CpvCodesInput
    default_error_messages = {
        "too_many": _("Enter at most %(limit)s CPV codes."),
    }

    def __init__(self, *, max_codes: int = 20, **kwargs):
        self.max_codes = max_codes
        kwargs.setdefault(
            "help_text",
            _("One or more CPV codes with their check digit, separated by commas: 45000000-7."),
        )
        super().__init__(**kwargs)

    def to_python(self, value) -> tuple[str, ...]:
        if isinstance(value, list | tuple):
            tokens = [str(token) for token in value]
        else:
            tokens = split_codes(str(value or ""))
        errors, codes = [], []
        for token in tokens:
            try:
                code = cpv.normalise(token)
            except cpv.CpvError as error:
                errors.append(ValidationError(cpv.error_message(error), code=f"cpv_{error.reason}"))
                continue
            if code not in codes:
                codes.append(code)
        if errors:
            raise ValidationError(errors)
        if len(codes) > self.max_codes:
            raise ValidationError(
                self.error_messages["too_many"], code="too_many", params={"limit": self.max_codes}
            )
        return tuple(codes)

    def validate(self, value) -> None:
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(value)
        return value


def describe(codes) -> str:
    """ "45000000-7 Bouwwerkzaamheden; ..." for a list of codes, in the current language."""
    found = [cpv.lookup(code) for code in codes]
    return "; ".join(str(entry) for entry in found if entry)
