"""Forms of the contracts app: a contract by hand, a tender, its MVI themes, its award, the
rules, the list filters and the import wizard's options."""

from decimal import Decimal

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from impactinkoop.accounts.models import Department
from impactinkoop.core.fields import DecimalTextField as BaseDecimalTextField
from impactinkoop.core.imports.forms import ColumnMappingForm, ImportUploadForm
from impactinkoop.core.reference import eforms
from impactinkoop.core.reference import fields as reference_fields
from impactinkoop.core.regions import LABOUR_MARKET_REGION_CHOICES
from impactinkoop.spend.models import Category

from .importing import FIELDS
from .models import Contract, RuleVersion, Tender, TenderTheme, is_ocds_name

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DecimalTextField(BaseDecimalTextField):
    """An amount or percentage kept with two decimals, as the model fields keep them ("5"
    becomes 5.00, "1.000" the 1.00 that `parse_amount` reads)."""

    def to_python(self, value):
        number = super().to_python(value)
        return None if number is None else number.quantize(Decimal("0.01"))


class CpvCodesField(reference_fields.CpvCodesField):
    """The CPV picker of `core.reference` (checked against CPV 2008), kept as a list as the
    models keep codes."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("CPV codes"))
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value) -> list[str]:
        return list(super().to_python(value))


def members_of(organisation):
    return (
        get_user_model()
        # One filter call: an active account with an active membership of this organisation.
        .objects.filter(
            memberships__organisation=organisation,
            memberships__deactivated_at=None,
            is_active=True,
        )
        .order_by("full_name", "email")
    )


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return user.full_name or user.email


class _ScopedForm(forms.ModelForm):
    """Department and category chosen from the organisation's own."""

    def __init__(self, *args, organisation, **kwargs):
        self.organisation = organisation
        super().__init__(*args, **kwargs)
        if "department" in self.fields:
            self.fields["department"].queryset = Department.objects.for_organisation(organisation)
        if "category" in self.fields:
            self.fields["category"].queryset = Category.objects.for_organisation(organisation)


class ContractForm(_ScopedForm):
    cpv_codes = CpvCodesField()
    estimated_value = DecimalTextField(
        label=_("Estimated value (euros)"), required=False, minimum=0
    )
    awarded_value = DecimalTextField(label=_("Awarded value (euros)"), required=False, minimum=0)
    social_return_percentage = DecimalTextField(
        label=_("Social return percentage"), required=False, minimum=0, maximum=100
    )

    class Meta:
        model = Contract
        fields = [
            "reference",
            "title",
            "supplier_name",
            "supplier_kvk",
            "department",
            "category",
            "cpv_codes",
            "estimated_value",
            "awarded_value",
            "start_date",
            "end_date",
            "extension_until",
            "extension_decide_by",
            "extension_decided",
            "procedure",
            "reserved",
            "social_return",
            "social_return_percentage",
        ]
        widgets = {
            "start_date": DATE,
            "end_date": DATE,
            "extension_until": DATE,
            "extension_decide_by": DATE,
        }

    def clean_supplier_kvk(self):
        kvk = self.cleaned_data["supplier_kvk"].replace(" ", "")
        if kvk and not (kvk.isdigit() and len(kvk) == 8):
            raise ValidationError(_("A KvK number has 8 digits."))
        return kvk

    def clean_reference(self):
        reference = self.cleaned_data["reference"].strip()
        if reference:
            clash = Contract.objects.for_organisation(self.organisation).filter(
                key=f"ref:{reference.casefold()}"
            )
            if self.instance.pk:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                raise ValidationError(_("Another contract has this number."))
        return reference

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end is before the start."))
        until = data.get("extension_until")
        if until and end and until < end:
            self.add_error("extension_until", _("The extension ends before the contract."))
        return data


class RulesForm(forms.ModelForm):
    mvoi_threshold = DecimalTextField(label=_("MVOI required from (euros)"), minimum=0)
    social_return_threshold = DecimalTextField(
        label=_("Social return required from (euros)"), minimum=0
    )
    social_return_percentage = DecimalTextField(
        label=_("Social return percentage"), minimum=0, maximum=100
    )
    tenderboard_threshold = DecimalTextField(label=_("Tenderboard reviews from (euros)"), minimum=0)

    class Meta:
        model = RuleVersion
        fields = [
            "mvoi_threshold",
            "social_return_threshold",
            "social_return_percentage",
            "tenderboard_threshold",
        ]


class TenderForm(_ScopedForm):
    estimated_value = DecimalTextField(label=_("Estimated value (euros)"), minimum=0)
    cpv_codes = CpvCodesField()
    budget_holder = UserChoiceField(
        label=_("Budget holder"), queryset=get_user_model().objects.none(), required=False
    )
    social_objectives = forms.MultipleChoiceField(
        label=_("Social objectives (eForms)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=eforms.social_objective_choices,
    )
    reserved_procurement = forms.ChoiceField(
        label=_("Reserved procurement (eForms)"),
        choices=lambda: eforms.choices(eforms.RESERVED_PROCUREMENT),
    )
    region = forms.ChoiceField(
        label=_("Region of the market"),
        required=False,
        choices=[("", _("— the whole country —")), *LABOUR_MARKET_REGION_CHOICES],
    )
    social_return_percentage = DecimalTextField(
        label=_("Social return percentage"),
        required=False,
        minimum=0,
        maximum=100,
        help_text=_("Empty: the percentage of the rules when the tender is above the threshold."),
    )

    class Meta:
        model = Tender
        fields = [
            "title",
            "description",
            "estimated_value",
            "cpv_codes",
            "category",
            "department",
            "budget_holder",
            "planned_publication",
            "status",
            "procedure",
            "reserved_procurement",
            "social_objectives",
            "region",
            "market_category",
            "social_return_percentage",
            "social_return_reason",
            "social_return_explanation",
        ]
        widgets = {
            "planned_publication": DATE,
            "description": forms.Textarea(attrs={"rows": 3}),
            "social_return_explanation": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, organisation=organisation, **kwargs)
        self.fields["budget_holder"].queryset = members_of(organisation)
        # Awarding is its own step: a supplier must be chosen.
        self.fields["status"].choices = [
            choice
            for choice in Tender.Status.choices
            if choice[0] != Tender.Status.AWARDED or self.instance.status == Tender.Status.AWARDED
        ]
        if not self.instance.pk:
            self.fields["region"].initial = organisation.labour_market_region

    def clean(self):
        data = super().clean()
        percentage = data.get("social_return_percentage")
        if percentage is not None and self.instance.rules_id:
            rules = self.instance.rules
            value = data.get("estimated_value") or Decimal("0")
            lower = value >= rules.social_return_threshold and (
                percentage < rules.social_return_percentage
            )
            if lower and not data.get("social_return_reason"):
                self.add_error(
                    "social_return_reason",
                    _(
                        "The rules ask %(percentage)s%% for this tender: choose the reason for "
                        "asking less."
                    )
                    % {"percentage": rules.social_return_percentage},
                )
            if lower and not (data.get("social_return_explanation") or "").strip():
                self.add_error(
                    "social_return_explanation",
                    _("Explain why less social return is proportionate here."),
                )
        return data


class TenderThemeForm(forms.ModelForm):
    """One theme of the matrix: applied (how, at what level, in what words) or explained."""

    weight = DecimalTextField(label=_("Weight (%)"), required=False, minimum=0, maximum=100)

    class Meta:
        model = TenderTheme
        fields = ["decision", "how", "weight", "ambition", "text", "reason", "explanation"]
        widgets = {
            "decision": forms.RadioSelect,
            "ambition": forms.Select(
                choices=[
                    ("", "—"),
                    (1, _("1 – basis")),
                    (2, _("2 – significant")),
                    (3, _("3 – ambitious")),
                ]
            ),
            "text": forms.Textarea(attrs={"rows": 2}),
            "explanation": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = TenderTheme.Decision.choices

    def clean(self):
        data = super().clean()
        decision = data.get("decision")
        if decision == TenderTheme.Decision.APPLIED:
            if not data.get("how"):
                self.add_error("how", _("Say how the theme is applied."))
            if not data.get("ambition"):
                self.add_error("ambition", _("Choose the ambition level."))
            if not (data.get("text") or "").strip():
                self.add_error("text", _("Give the text of the criterion or requirement."))
            if data.get("how") == TenderTheme.How.AWARD and not data.get("weight"):
                self.add_error("weight", _("An award criterion needs its weight."))
            data["reason"], data["explanation"] = "", ""
        elif decision == TenderTheme.Decision.EXPLAINED:
            if not data.get("reason"):
                self.add_error("reason", _("Choose why the theme is not applied."))
            if not (data.get("explanation") or "").strip():
                self.add_error("explanation", _("Explain why the theme is not applied."))
            data["how"], data["weight"], data["ambition"], data["text"] = "", None, None, ""
        return data


class AwardForm(forms.Form):
    supplier = forms.TypedChoiceField(
        label=_("Supplier in the ledger"), required=False, coerce=int, empty_value=None
    )
    supplier_name = forms.CharField(
        label=_("Supplier"),
        max_length=200,
        required=False,
        help_text=_("For a supplier that is not in the ledger yet."),
    )
    reference = forms.CharField(label=_("Contract number"), max_length=64, required=False)
    awarded_value = DecimalTextField(label=_("Awarded value (euros)"), minimum=0)
    start_date = forms.DateField(label=_("Start"), widget=DATE)
    end_date = forms.DateField(label=_("End"), widget=DATE)

    def __init__(self, *args, suppliers, **kwargs):
        super().__init__(*args, **kwargs)
        self.suppliers = {supplier.id: supplier for supplier in suppliers}
        self.fields["supplier"].choices = [("", _("— not in the ledger —"))] + [
            (supplier.id, supplier.name) for supplier in suppliers
        ]

    def clean(self):
        data = super().clean()
        if not data.get("supplier") and not (data.get("supplier_name") or "").strip():
            raise ValidationError(_("Choose the supplier or type its name."))
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end is before the start."))
        data["ledger_supplier"] = self.suppliers.get(data.get("supplier"))
        return data


class ContractFilterForm(forms.Form):
    q = forms.CharField(label=_("Title, number or supplier"), required=False, max_length=100)
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.none(), required=False
    )
    category = forms.ModelChoiceField(
        label=_("Purchase category"), queryset=Category.objects.none(), required=False
    )
    social_return = forms.ChoiceField(
        label=_("Social-return clause"),
        required=False,
        choices=[("", _("all")), ("yes", _("yes")), ("no", _("no"))],
    )
    ending = forms.TypedChoiceField(
        label=_("Ending within"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[
            ("", _("any time")),
            (90, _("3 months")),
            (180, _("6 months")),
            (365, _("a year")),
            (730, _("two years")),
        ],
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.for_organisation(organisation)
        self.fields["category"].queryset = Category.objects.for_organisation(organisation)


class ContractUploadForm(ImportUploadForm):
    """A contract register as CSV or spreadsheet, or an OCDS release package as `.json`. The
    JSON is only looked at here (name, size, first byte); the check job reads it whole with
    the reader the command uses, so the wizard and `import_contracts` refuse the same files."""

    limits = "contracts"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = _("File")
        self.fields["file"].help_text = _(
            "CSV, a spreadsheet (.xlsx, .xls, .ods) or an OCDS release package (.json)."
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not is_ocds_name(upload.name):
            return super().clean_file()
        if upload.size == 0:
            raise ValidationError(_("%(name)s is empty.") % {"name": upload.name})
        limit = settings.OCDS_IMPORT_MAX_BYTES
        if upload.size > limit:
            raise ValidationError(
                _("%(name)s is %(size)s MB; the limit is %(limit)s MB.")
                % {
                    "name": upload.name,
                    "size": f"{upload.size / 1_000_000:.1f}",
                    "limit": f"{limit / 1_000_000:.0f}",
                }
            )
        head = upload.read(1024)
        upload.seek(0)
        # Skip a byte-order mark and white space: a package or a list of releases opens with
        # { or [; anything else (a spreadsheet renamed, HTML) is not JSON at all.
        first = head.removeprefix(b"\xef\xbb\xbf").lstrip()[:1]
        if first not in (b"{", b"["):
            raise ValidationError(
                _(
                    "%(name)s is called .json but is not JSON. Upload an OCDS release package, "
                    "or the contract register as CSV or a spreadsheet."
                )
                % {"name": upload.name}
            )
        return upload


class ContractMappingForm(ColumnMappingForm):
    import_fields = FIELDS

    allow_rejected = forms.BooleanField(
        label=_("Import the valid rows even if some rows are rejected"),
        required=False,
        help_text=_("Without this, one rejected row stops the whole import."),
    )
