"""Forms of the register: companies, qualifications, the policy and the import wizard."""

from django import forms
from django.utils.translation import gettext_lazy as _

from impactinkoop.core.fields import web_address_formfield
from impactinkoop.core.imports.forms import ColumnMappingForm, ImportUploadForm
from impactinkoop.core.uploads import check_evidence
from impactinkoop.core.validators import normalise_kvk

from .importing import FIELDS
from .models import COMPANY_DETAILS, Company, Qualification
from .sources import Level, Source, all_policy_keys, levels_for

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ReasonField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Reason for this change"))
        kwargs.setdefault("help_text", _("Kept in the audit log."))
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 2}))
        kwargs.setdefault("max_length", 1000)
        super().__init__(**kwargs)


class CompanyForm(forms.ModelForm):
    kvk_number = forms.CharField(
        label=_("KvK number"), max_length=20, help_text=_("8 digits, with leading zeros.")
    )
    reason = ReasonField()

    class Meta:
        model = Company
        formfield_callback = web_address_formfield
        fields = ["kvk_number", *COMPANY_DETAILS]
        widgets = {"trade_names": forms.Textarea(attrs={"rows": 2})}

    def clean_kvk_number(self):
        return normalise_kvk(self.cleaned_data["kvk_number"])


class QualificationForm(forms.ModelForm):
    evidence_upload = forms.FileField(
        label=_("Evidence (file)"),
        required=False,
        help_text=_("A PDF, PNG or JPEG, such as a certificate or a letter of recognition."),
    )
    public = forms.BooleanField(
        label=_("Public: for every organisation (platform administrators only)"), required=False
    )

    class Meta:
        model = Qualification
        formfield_callback = web_address_formfield
        fields = [
            "source",
            "level",
            "region",
            "label",
            "valid_from",
            "valid_until",
            "evidence_url",
            "reason",
        ]
        widgets = {
            "valid_from": DATE_INPUT,
            "valid_until": DATE_INPUT,
            "reason": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "reason": _("Required for your own judgement; kept in the audit log."),
            "region": _("For a regional recognition: the region that granted it."),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if not (user and user.is_staff):
            del self.fields["public"]

    def clean_evidence_upload(self):
        upload = self.cleaned_data.get("evidence_upload")
        if upload:
            check_evidence(upload)
        return upload

    def clean(self):
        cleaned = super().clean()
        source, level = cleaned.get("source"), cleaned.get("level", "")
        allowed = levels_for(source) if source else ()
        if allowed and level not in allowed:
            self.add_error("level", _("Choose the level of this source."))
        if not allowed and level:
            self.add_error("level", _("This source has no levels."))
        if source == Source.REGIONAL and not cleaned.get("region"):
            self.add_error("region", _("A regional recognition needs its region."))
        if source == Source.OWN_JUDGEMENT and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Your own judgement needs a written reason."))
        if not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Say why you add this qualification."))
        return cleaned


class QualificationChangeForm(forms.ModelForm):
    evidence_upload = QualificationForm.base_fields["evidence_upload"]
    change_reason = ReasonField()

    class Meta:
        model = Qualification
        formfield_callback = web_address_formfield
        fields = ["valid_until", "evidence_url"]
        widgets = {"valid_until": DATE_INPUT}

    clean_evidence_upload = QualificationForm.clean_evidence_upload


class PolicyForm(forms.Form):
    accepted = forms.MultipleChoiceField(
        label=_("Counts as social enterprise"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["accepted"].choices = [
            (key, f"{Source(source).label}" + (f": {Level(level).label}" if level else ""))
            for key, source, level in all_policy_keys()
        ]


class ImportStartForm(ImportUploadForm):
    limits = "register"
    field_order = ["file", "source", "level", "region", "valid_from", "valid_until", "sheet"]

    file = forms.FileField(
        label=_("Register file"),
        help_text=_(
            "CSV (any delimiter, UTF-8 or Windows-1252) or a spreadsheet (.xlsx, .xls, .ods)."
        ),
    )
    source = forms.ChoiceField(
        label=_("Source"), choices=[(s.value, s.label) for s in Source if s != Source.OWN_JUDGEMENT]
    )
    level = forms.ChoiceField(
        label=_("Level for the whole file"),
        required=False,
        choices=[("", _("from a column, or none"))]
        + [(level.value, level.label) for level in Level if level],
    )
    region = forms.CharField(
        label=_("Region"),
        required=False,
        max_length=100,
        help_text=_("For regional recognitions, e.g. Haaglanden."),
    )
    valid_from = forms.DateField(
        label=_("Qualifications hold from"),
        required=False,
        widget=DATE_INPUT,
        help_text=_(
            "The date of this edition of the register, for rows without a date of their own. "
            "Empty means the day of the import, and then baselines of earlier years do not "
            "count these qualifications."
        ),
    )
    valid_until = forms.DateField(label=_("Valid until"), required=False, widget=DATE_INPUT)
    public = forms.BooleanField(
        label=_("Public register data for every organisation (platform administrators only)"),
        required=False,
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if not (user and user.is_staff):
            del self.fields["public"]

    def clean(self):
        cleaned = super().clean()
        source, level = cleaned.get("source"), cleaned.get("level")
        if level and level not in levels_for(source):
            self.add_error("level", _("This level does not belong to the chosen source."))
        return cleaned


class MappingForm(ColumnMappingForm):
    """One choice per field: which column of the file holds it, and from which date the
    qualifications of rows without a date of their own hold."""

    import_fields = FIELDS

    valid_from = forms.DateField(
        label=_("Qualifications hold from"),
        required=False,
        widget=DATE_INPUT,
        help_text=_(
            "For rows without a date of their own: the date of this edition of the register. "
            "Empty means the day of the import, and then baselines of earlier years do not "
            "count these qualifications."
        ),
    )
    allow_rejected = forms.BooleanField(
        label=_("Import the valid rows even if some rows are rejected"),
        required=False,
        help_text=_("Without this, one rejected row stops the whole import."),
    )
