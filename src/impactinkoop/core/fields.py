"""Form fields for numbers as people type them in the Netherlands and elsewhere, and for web
addresses."""

from decimal import Decimal

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from .parsing import parse_amount
from .validators import WEB_ADDRESS_MAX_LENGTH, normalise_web_address, validate_web_address

CENT = Decimal("0.01")


class DecimalTextField(forms.Field):
    """A number such as "1.234,56", "1234.56", "5" or "€ 75", kept to whole hundredths.

    `above_zero` refuses zero and less (amounts paid); otherwise `minimum` bounds it below."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "maxlength": 30})
    default_error_messages = {
        "above_zero": _("Enter an amount above zero."),
        "minimum": _("Enter %(minimum)s or more."),
        "maximum": _("Enter %(maximum)s or less."),
        "cents": _("Enter an amount in whole cents."),
        "too_large": _("This amount is too large."),
    }

    def __init__(self, *, above_zero=False, minimum=None, maximum=None, **kwargs):
        self.above_zero, self.minimum, self.maximum = above_zero, minimum, maximum
        super().__init__(**kwargs)

    def to_python(self, value):
        value = (str(value) if value is not None else "").strip()
        if not value:
            return None
        try:
            number = parse_amount(value)
        except ValueError as error:
            raise forms.ValidationError(str(error), code="invalid") from error
        if self.above_zero and number <= 0:
            raise forms.ValidationError(self.error_messages["above_zero"], code="min_value")
        if self.minimum is not None and number < self.minimum:
            raise forms.ValidationError(
                self.error_messages["minimum"], code="min_value", params={"minimum": self.minimum}
            )
        if self.maximum is not None and number > self.maximum:
            raise forms.ValidationError(
                self.error_messages["maximum"], code="max_value", params={"maximum": self.maximum}
            )
        if number != number.quantize(CENT):
            raise forms.ValidationError(self.error_messages["cents"], code="cents")
        if abs(number) >= 10**10:
            raise forms.ValidationError(self.error_messages["too_large"], code="max_value")
        return number


class WebAddressField(forms.URLField):
    """Every web address a form takes: "example.nl" means https://example.nl, and only http and
    https addresses pass (core.validators.validate_web_address, which imports use too)."""

    default_validators = [validate_web_address]

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", WEB_ADDRESS_MAX_LENGTH)
        kwargs["assume_scheme"] = "https"
        super().__init__(**kwargs)

    def to_python(self, value):
        return normalise_web_address(forms.CharField.to_python(self, value))


def web_address_formfield(model_field, **kwargs):
    """`formfield_callback` for model forms: a model's URLField becomes a WebAddressField."""
    if isinstance(model_field, models.URLField):
        kwargs["form_class"] = WebAddressField
    return model_field.formfield(**kwargs)
