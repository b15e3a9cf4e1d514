"""The forms every import wizard shares: the upload (checked by name, first bytes and size before
it is read) and the column mapping (one choice per field of the import's field table). An
import's own forms subclass them and add its options, which follow the mapped fields."""

from django import forms
from django.utils.translation import gettext_lazy as _

from impactinkoop.core.mapping import ImportField
from impactinkoop.core.tabular import Limits, TableError, check_upload


class ImportUploadForm(forms.Form):
    limits = "register"  # the import's `Limits.for_import` name

    file = forms.FileField()
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
            check_upload(
                upload.name, upload.size, Limits.for_import(self.limits).max_bytes, head=head
            )
        except TableError as error:
            raise forms.ValidationError(str(error)) from error
        return upload


class ColumnMappingForm(forms.Form):
    import_fields: list[ImportField] = []

    def __init__(self, *args, columns: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("— not in this file —"))] + [(c, c) for c in columns if c]
        mapped = {
            f"map_{field.name}": forms.ChoiceField(
                label=field.label, choices=choices, required=False
            )
            for field in self.import_fields
        }
        self.fields = {**mapped, **self.fields}

    @staticmethod
    def initial_for(mapping: dict[str, str], columns: list[str]) -> dict[str, str]:
        """The form's initial choices for a stored mapping (columns the file lacks left out)."""
        return {f"map_{name}": column for name, column in mapping.items() if column in columns}

    def mapping(self) -> dict[str, str]:
        return {
            field.name: self.cleaned_data[f"map_{field.name}"]
            for field in self.import_fields
            if self.cleaned_data.get(f"map_{field.name}")
        }
