"""Form fields for numbers as people type them in the Netherlands and elsewhere."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from .parsing import parse_amount

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
