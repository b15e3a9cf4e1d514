"""Forms of social return: an edition and its blocks, an obligation, a realisation. Bad input is
refused at the field with a translated message (hours above 60 a week, an end before the start,
a period outside the obligation, a block not in the obligation's edition, a participant code
that could be a citizen service number)."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from impactinkoop.core.fields import DecimalTextField
from impactinkoop.core.reference.municipalities import municipality_names, official_name
from impactinkoop.registry.models import Company

from .models import (
    KIND_BLOCKS,
    MAX_HOURS_A_WEEK,
    Block,
    BlockKind,
    Obligation,
    Realisation,
    RealisationKind,
    ReviewStatus,
    RuleSet,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# A code the organisation issues: a prefix of letters, then letters or digits (SR-2025-AB12).
CODE = re.compile(r"^[A-Z]{2,6}-[A-Z0-9-]{2,12}$")
BARE_NUMBER = re.compile(r"^\d{8,9}$")


def check_participant_code(value: str) -> str:
    code = value.strip().upper()
    if BARE_NUMBER.match(re.sub(r"[\s.\-]", "", code)):
        raise ValidationError(
            _(
                "A bare number of 8 or 9 digits could be a citizen service number (BSN): use the "
                "organisation's own code, such as SR-24-AB12."
            ),
            code="bsn",
        )
    if not CODE.match(code):
        raise ValidationError(
            _(
                "Use the organisation's own code: a prefix of letters, a dash, then letters and "
                "digits (for example SR-24-AB12)."
            ),
            code="shape",
        )
    return code


def check_residence(value: str, organisation=None) -> str:
    """A municipality of residence: empty, or a Dutch municipality in the shipped list (or the
    organisation's own), returned as the list spells it."""
    value = " ".join((value or "").split())
    if not value:
        return ""
    own = getattr(organisation, "municipality", "") or ""
    if own and value.casefold() == own.strip().casefold():
        return own.strip()
    name = official_name(value)
    if name is None:
        raise ValidationError(
            _(
                "“%(value)s” is not a Dutch municipality we know. Enter only the name of the "
                "municipality, as in the list (for example Utrecht or 's-Gravenhage), or leave it "
                "empty."
            ),
            code="municipality",
            params={"value": value[:100]},
        )
    return name


class MunicipalityInput(forms.TextInput):
    """A text field that suggests the municipalities (a datalist) and accepts any case."""

    template_name = "sroi/widgets/municipality.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["list"] = f"{context['widget']['attrs'].get('id', name)}-list"
        context["widget"]["attrs"].setdefault("autocomplete", "off")
        context["municipalities"] = municipality_names()
        return context


class RuleSetForm(forms.ModelForm):
    hours_basis = DecimalTextField(label=capfirst(_("hours of a full-time week")))

    class Meta:
        model = RuleSet
        fields = [
            "key",
            "name",
            "region",
            "valid_from",
            "hours_basis",
            "bonuses_stack",
            "source",
            "note",
        ]
        widgets = {
            "valid_from": DATE,
            "source": forms.Textarea(attrs={"rows": 2}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }


class CopyForm(forms.Form):
    key = forms.SlugField(label=capfirst(_("code of the new edition")), max_length=60)
    name = forms.CharField(label=capfirst(_("name of the new edition")), max_length=200)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation

    def clean_key(self):
        key = self.cleaned_data["key"]
        if RuleSet.objects.for_organisation(self.organisation).filter(key=key).exists():
            raise ValidationError(_("An edition with this code exists already."))
        return key


class BlockForm(forms.ModelForm):
    value = DecimalTextField(label=capfirst(_("value")))

    class Meta:
        model = Block
        fields = ["name", "kind", "value", "unit", "max_months"]


class ObligationForm(forms.ModelForm):
    percentage = DecimalTextField(label=capfirst(_("percentage")))
    wage_sum = DecimalTextField(label=capfirst(_("wage sum (euros)")), required=False)

    class Meta:
        model = Obligation
        fields = [
            "rule_set",
            "basis",
            "wage_sum",
            "percentage",
            "reason",
            "explanation",
            "start_date",
            "end_date",
            "interim_every_months",
            "contact_name",
            "contact_email",
        ]
        widgets = {
            "start_date": DATE,
            "end_date": DATE,
            "explanation": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rule_set"].queryset = RuleSet.objects.for_organisation(organisation)
        if self.instance.pk:
            # An obligation keeps the edition it was agreed under (decision 0021).
            self.fields["rule_set"].disabled = True

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end lies before the start."))
        if data.get("basis") == "wage_sum" and not data.get("wage_sum"):
            self.add_error("wage_sum", _("Enter the wage sum of this contract."))
        return data


class RealisationForm(forms.ModelForm):
    hours_per_week = DecimalTextField(label=capfirst(_("hours a week")), required=False)
    amount_excl_vat = DecimalTextField(
        label=capfirst(_("amount excluding VAT (euros)")), required=False
    )
    hours = DecimalTextField(label=capfirst(_("hours")), required=False)

    class Meta:
        model = Realisation
        fields = [
            "kind",
            "block",
            "bonuses",
            "participant_code",
            "hours_per_week",
            "start_date",
            "end_date",
            "invoice_number",
            "amount_excl_vat",
            "kvk_number",
            "hours",
            "description",
            "target_group",
            "age_band",
            "residence",
            "employed_after_6",
            "employed_after_12",
        ]
        widgets = {
            "start_date": DATE,
            "end_date": DATE,
            "bonuses": forms.CheckboxSelectMultiple,
            "residence": MunicipalityInput,
        }
        labels = {"start_date": capfirst(_("start (or date)"))}

    def __init__(self, *args, obligation, **kwargs):
        super().__init__(*args, **kwargs)
        self.obligation = obligation
        blocks = Block.objects.filter(rule_set=obligation.rule_set)
        # Every block of the organisation's editions is offered, so that a block of another
        # edition is refused with a message rather than silently missing.
        everything = Block.objects.filter(
            rule_set__organisation=obligation.organisation
        ).select_related("rule_set")
        self.fields["block"].queryset = everything.exclude(kind=BlockKind.BONUS)
        self.fields["block"].label_from_instance = lambda block: (
            block.name
            if block.rule_set_id == obligation.rule_set_id
            else f"{block.name} ({block.rule_set.name})"
        )
        self.fields["bonuses"].queryset = blocks.filter(kind=BlockKind.BONUS)
        if not obligation.rule_set.bonuses_stack:
            del self.fields["bonuses"]
        self.warning = ""

    def clean_participant_code(self):
        code = self.cleaned_data["participant_code"]
        return check_participant_code(code) if code else ""

    def clean_residence(self):
        return check_residence(self.cleaned_data["residence"], self.obligation.organisation)

    def clean_hours_per_week(self):
        hours = self.cleaned_data["hours_per_week"]
        if hours is not None and (hours <= 0 or hours > MAX_HOURS_A_WEEK):
            raise ValidationError(_("Hours a week lie between 0 and 60."))
        return hours

    def clean_kvk_number(self):
        kvk = self.cleaned_data["kvk_number"].strip()
        if kvk and not re.fullmatch(r"\d{8}", kvk):
            raise ValidationError(_("A KvK number has 8 digits."))
        return kvk

    def clean(self):
        data = super().clean()
        kind, block = data.get("kind"), data.get("block")
        obligation = self.obligation
        if block is not None:
            if block.rule_set_id != obligation.rule_set_id:
                self.add_error(
                    "block",
                    _("This block is not in the obligation's table (%(name)s).")
                    % {"name": obligation.rule_set.name},
                )
            elif kind and block.kind not in KIND_BLOCKS[kind]:
                self.add_error("block", _("This block does not fit the kind of realisation."))
        start, end = data.get("start_date"), data.get("end_date")
        if kind in (RealisationKind.PURCHASE, RealisationKind.ACTIVITY) and start and not end:
            data["end_date"] = end = start
        if not start:
            self.add_error("start_date", _("Enter the start (or the date)."))
        if start and end:
            if end < start:
                self.add_error("end_date", _("The end lies before the start."))
            elif start < obligation.start_date or end > obligation.end_date:
                self.add_error(
                    "end_date" if start >= obligation.start_date else "start_date",
                    _("The period lies outside the obligation (%(start)s to %(end)s).")
                    % {"start": obligation.start_date, "end": obligation.end_date},
                )
        if kind in (RealisationKind.PLACEMENT, RealisationKind.LEARNING):
            if not data.get("participant_code") and "participant_code" not in self.errors:
                self.add_error("participant_code", _("Enter the participant code."))
            if data.get("hours_per_week") is None and "hours_per_week" not in self.errors:
                self.add_error("hours_per_week", _("Enter the hours a week."))
            if not end:
                self.add_error("end_date", _("Enter the end."))
        if kind == RealisationKind.PURCHASE:
            if data.get("amount_excl_vat") is None:
                self.add_error("amount_excl_vat", _("Enter the amount excluding VAT."))
            if not data.get("invoice_number"):
                self.add_error("invoice_number", _("Enter the invoice number."))
        if (
            kind == RealisationKind.ACTIVITY
            and block is not None
            and block.unit == "employee_hour"
            and not data.get("hours")
        ):
            self.add_error("hours", _("Enter the hours."))
        return data

    def save(self, commit=True):
        realisation = super().save(commit=False)
        realisation.obligation = self.obligation
        if realisation.kind == RealisationKind.PURCHASE and realisation.kvk_number:
            known = Company.objects.filter(kvk_number=realisation.kvk_number).exists()
            realisation.kvk_known = known
            # An unknown KvK number is accepted, but counts only once the officer accepts it.
            realisation.status = ReviewStatus.ACCEPTED if known else ReviewStatus.SUBMITTED
            if not known:
                self.warning = _(
                    "KvK number %(kvk)s is not in the register: the purchase is kept but counts "
                    "only once you accept it."
                ) % {"kvk": realisation.kvk_number}
        if commit:
            realisation.save()
            self.save_m2m()
        return realisation
