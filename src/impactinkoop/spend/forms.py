"""Forms of the ledger import wizard."""

from django import forms
from django.utils.translation import gettext_lazy as _

from impactinkoop.core.imports.forms import ColumnMappingForm, ImportUploadForm

from .imports import currency as currencies
from .imports.columns import FIELDS

DATE_FORMAT_CHOICES = [
    ("auto", _("recognise automatically")),
    ("%d-%m-%Y", "31-12-2025"),
    ("%Y-%m-%d", "2025-12-31"),
    ("%d/%m/%Y", "31/12/2025"),
    ("%d.%m.%Y", "31.12.2025"),
    ("%d-%m-%y", "31-12-25"),
    ("%m/%d/%Y", "12/31/2025"),
]


class UploadForm(ImportUploadForm):
    limits = "ledger"

    file = forms.FileField(
        label=_("Ledger export"),
        help_text=_(
            "CSV (any delimiter; UTF-8, Windows-1252 or Latin-1) or a spreadsheet "
            "(.xlsx, .xls, .ods)."
        ),
    )


class LedgerMappingForm(ColumnMappingForm):
    import_fields = FIELDS

    decimal = forms.ChoiceField(
        label=_("Decimal separator of the amounts"),
        choices=[
            ("auto", _("recognise automatically")),
            (",", _("comma: 1.234,56")),
            (".", _("point: 1,234.56")),
        ],
    )
    date_format = forms.ChoiceField(label=_("Date format"), choices=DATE_FORMAT_CHOICES)
    amounts_include_vat = forms.BooleanField(label=_("Amounts include VAT"), required=False)
    save_as = forms.CharField(
        label=_("Save this mapping as"),
        required=False,
        max_length=100,
        help_text=_("For next year's export from the same finance system."),
    )

    def options(self) -> dict:
        return {
            "decimal": self.cleaned_data["decimal"],
            "date_format": self.cleaned_data["date_format"],
            "amounts_include_vat": self.cleaned_data["amounts_include_vat"],
        }


RATE_HELP = _(
    "Euros for one unit of the currency, at most six decimals: for 1 GBP = 1.165 EUR enter "
    "1.165. The ECB publishes rates the other way round (1 EUR = 0.8584 GBP): then enter "
    "1 divided by that rate."
)


class _RateField(forms.CharField):
    def __init__(self, **kwargs):
        super().__init__(label=_("Exchange rate"), max_length=30, help_text=RATE_HELP, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        try:
            return currencies.parse_rate(value)
        except ValueError as error:
            raise forms.ValidationError(
                _(
                    "“%(value)s” is no exchange rate: enter a positive number with at most "
                    "six decimals, such as 1.165."
                ),
                params={"value": value},
            ) from error


class CommitForm(forms.Form):
    """The check step's question: which currency the amounts are in, and (for another than the
    euro) the rate to count them at, which may also be entered later."""

    currency = forms.ChoiceField(
        label=_("Currency of the amounts"), choices=currencies.choices, required=False
    )
    exchange_rate = _RateField(required=False)

    def __init__(self, *args, summary: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.summary = summary
        self.fields["currency"].initial = summary.get("currency") or currencies.EURO

    def clean(self):
        cleaned = super().clean()
        fixed = self.summary.get("detected_currency") if self._from_column() else ""
        chosen = cleaned.get("currency") or fixed or self.fields["currency"].initial
        if fixed and chosen != fixed:
            self.add_error(
                "currency",
                _("The file's currency column says the amounts are in %(currency)s.")
                % {"currency": fixed},
            )
        if chosen == currencies.EURO and cleaned.get("exchange_rate") not in (None, 1):
            self.add_error("exchange_rate", _("Amounts in euros need no exchange rate."))
        cleaned["currency"] = chosen
        return cleaned

    def _from_column(self) -> bool:
        return self.summary.get("currency_source") == "column"


class RateForm(forms.Form):
    exchange_rate = _RateField(required=True)
