"""Forms of the ledger import wizard."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from impactinkoop.core.tabular import TableError, check_upload

from .columns import FIELDS

DATE_FORMAT_CHOICES = [
    ("auto", _("recognise automatically")),
    ("%d-%m-%Y", "31-12-2025"),
    ("%Y-%m-%d", "2025-12-31"),
    ("%d/%m/%Y", "31/12/2025"),
    ("%d.%m.%Y", "31.12.2025"),
    ("%d-%m-%y", "31-12-25"),
    ("%m/%d/%Y", "12/31/2025"),
]


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Ledger export"),
        help_text=_(
            "CSV (any delimiter; UTF-8, Windows-1252 or Latin-1) or a spreadsheet "
            "(.xlsx, .xls, .ods)."
        ),
    )
    sheet = forms.CharField(
        label=_("Sheet"),
        required=False,
        max_length=100,
        help_text=_("For spreadsheets: empty means the first sheet."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            head = upload.read(8)
            upload.seek(0)
            check_upload(upload.name, upload.size, settings.LEDGER_IMPORT_MAX_BYTES, head=head)
        except TableError as error:
            raise forms.ValidationError(str(error)) from error
        return upload


class LedgerMappingForm(forms.Form):
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

    def __init__(self, *args, columns: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("— not in this file —"))] + [(c, c) for c in columns]
        mapped = {}
        for field in FIELDS:
            mapped[f"map_{field.name}"] = forms.ChoiceField(
                label=field.label, choices=choices, required=False
            )
        self.fields = {**mapped, **self.fields}

    def mapping(self) -> dict[str, str]:
        return {
            f.name: self.cleaned_data[f"map_{f.name}"]
            for f in FIELDS
            if self.cleaned_data.get(f"map_{f.name}")
        }

    def options(self) -> dict:
        return {
            "decimal": self.cleaned_data["decimal"],
            "date_format": self.cleaned_data["date_format"],
            "amounts_include_vat": self.cleaned_data["amounts_include_vat"],
        }
