"""What the API says of contracts and tenders, and what it takes to make or change one.

The rules of a contract or a tender live in the browser's forms (`contracts.forms`). The input
serializers here check only the shape of a request (types, ISO dates, decimal strings, known
choices); `form_data` then turns it into what the page would have posted, so the same form
judges it and the same service saves it. Names differ only where the API names an id
(`department_id` for the form's `department`); `FormErrors` maps the form's errors back."""

from datetime import date
from decimal import Decimal

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from impactinkoop.contracts.models import Contract, Procedure, Tender, TenderTheme

# -- reading -----------------------------------------------------------------------------------


def _choice_or_blank(choices):
    """A code that may be empty (not recorded). Declared here because a model serializer's
    read-only field would leave the empty value out of the schema's enum."""
    return serializers.ChoiceField(choices=choices, allow_blank=True, read_only=True)


class MviThemeSerializer(serializers.Serializer):
    key = serializers.CharField(help_text=_("A national theme's key, or own-<id>"))
    name = serializers.CharField()


class ContractSerializer(serializers.ModelSerializer):
    """A contract in the register. `value` is what it is worth: the awarded value, else the
    estimate. The context's `theme_labels` names the MVI themes in the reader's language."""

    ledger_supplier_id = serializers.IntegerField(
        source="supplier_id",
        read_only=True,
        allow_null=True,
        help_text=_("The supplier in the organisation's ledger (see the suppliers endpoint)"),
    )
    register_kvk = serializers.CharField(
        source="company.kvk_number",
        read_only=True,
        allow_null=True,
        help_text=_("The KvK number of the company in the register the supplier is linked to"),
    )
    department_id = serializers.IntegerField(read_only=True, allow_null=True)
    department_name = serializers.CharField(
        source="department.name", read_only=True, allow_null=True
    )
    category_id = serializers.IntegerField(read_only=True, allow_null=True)
    category_name = serializers.CharField(source="category.name", read_only=True, allow_null=True)
    cpv_codes = serializers.ListField(child=serializers.CharField(), read_only=True)
    value = serializers.DecimalField(
        max_digits=14, decimal_places=2, read_only=True, allow_null=True
    )
    mvi_themes = serializers.SerializerMethodField()
    tender_id = serializers.IntegerField(read_only=True, allow_null=True)
    procedure = _choice_or_blank(Procedure.choices)

    class Meta:
        model = Contract
        fields = [
            "id",
            "reference",
            "title",
            "supplier_name",
            "supplier_kvk",
            "ledger_supplier_id",
            "register_kvk",
            "department_id",
            "department_name",
            "category_id",
            "category_name",
            "cpv_codes",
            "estimated_value",
            "awarded_value",
            "value",
            "start_date",
            "end_date",
            "extension_until",
            "extension_decide_by",
            "extension_decided",
            "procedure",
            "reserved",
            "mvi_themes",
            "social_return",
            "social_return_percentage",
            "source",
            "tender_id",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(MviThemeSerializer(many=True))
    def get_mvi_themes(self, contract: Contract) -> list[dict]:
        labels = self.context.get("theme_labels", {})
        return [{"key": key, "name": labels.get(key, key)} for key in contract.mvi_themes]


class TenderThemeSerializer(serializers.ModelSerializer):
    """The decision on one theme: applied (how, ambition, text) or explained (reason,
    explanation); `decision` is null while the buyer has not decided."""

    key = serializers.CharField(source="theme_key", read_only=True)
    name = serializers.SerializerMethodField()
    decision = serializers.SerializerMethodField()
    how = _choice_or_blank(TenderTheme.How.choices)
    reason = _choice_or_blank(TenderTheme.Reason.choices)

    class Meta:
        model = TenderTheme
        fields = [
            "key",
            "name",
            "decision",
            "how",
            "weight",
            "ambition",
            "text",
            "reason",
            "explanation",
            "decided_at",
        ]
        read_only_fields = fields

    def get_name(self, theme: TenderTheme) -> str:
        # The theme's name today; a theme since removed from the matrix keeps its old name.
        return self.context.get("theme_labels", {}).get(theme.theme_key, theme.theme_name)

    @extend_schema_field(
        serializers.ChoiceField(
            choices=[TenderTheme.Decision.APPLIED, TenderTheme.Decision.EXPLAINED],
            allow_null=True,
        )
    )
    def get_decision(self, theme: TenderTheme) -> str | None:
        return theme.decision or None


class TenderSerializer(serializers.ModelSerializer):
    """A tender in the pipeline, judged by the rule version it was created under, with its
    decision on every MVI theme of the matrix."""

    category_id = serializers.IntegerField(read_only=True, allow_null=True)
    category_name = serializers.CharField(source="category.name", read_only=True, allow_null=True)
    department_id = serializers.IntegerField(read_only=True, allow_null=True)
    department_name = serializers.CharField(
        source="department.name", read_only=True, allow_null=True
    )
    budget_holder_id = serializers.IntegerField(read_only=True, allow_null=True)
    budget_holder_name = serializers.SerializerMethodField()
    cpv_codes = serializers.ListField(child=serializers.CharField(), read_only=True)
    social_objectives = serializers.ListField(child=serializers.CharField(), read_only=True)
    previous_contract_id = serializers.IntegerField(read_only=True, allow_null=True)
    origin_ledger_supplier_id = serializers.IntegerField(
        source="origin_supplier_id", read_only=True, allow_null=True
    )
    market_category_id = serializers.IntegerField(read_only=True, allow_null=True)
    contract_id = serializers.IntegerField(
        source="awarded_contract.pk",
        read_only=True,
        allow_null=True,
        help_text=_("The contract its award created"),
    )
    rules_version = serializers.IntegerField(source="rules.number", read_only=True)
    mvoi_required = serializers.BooleanField(read_only=True)
    social_return_required = serializers.BooleanField(read_only=True)
    tenderboard_review = serializers.BooleanField(read_only=True)
    social_return_effective = serializers.DecimalField(
        source="effective_social_return",
        max_digits=5,
        decimal_places=2,
        read_only=True,
        help_text=_("The percentage the tender asks: its own, else the rules' above the threshold"),
    )
    themes = TenderThemeSerializer(many=True, read_only=True)
    procedure = _choice_or_blank(Procedure.choices)
    social_return_reason = _choice_or_blank(Tender.SocialReturnReason.choices)

    class Meta:
        model = Tender
        fields = [
            "id",
            "title",
            "description",
            "status",
            "origin",
            "estimated_value",
            "cpv_codes",
            "category_id",
            "category_name",
            "department_id",
            "department_name",
            "budget_holder_id",
            "budget_holder_name",
            "planned_publication",
            "procedure",
            "reserved_procurement",
            "social_objectives",
            "region",
            "market_category_id",
            "previous_contract_id",
            "origin_ledger_supplier_id",
            "contract_id",
            "rules_version",
            "mvoi_required",
            "social_return_required",
            "tenderboard_review",
            "social_return_percentage",
            "social_return_reason",
            "social_return_explanation",
            "social_return_effective",
            "themes",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_budget_holder_name(self, tender: Tender) -> str | None:
        person = tender.budget_holder
        return (person.full_name or person.email) if person else None


# -- writing -----------------------------------------------------------------------------------


def _text():
    return serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)


def _amount(help_text=None):
    # Any precision passes here: the form says "whole cents" and "0 or more" in one place.
    return serializers.DecimalField(
        max_digits=None,
        decimal_places=None,
        required=False,
        allow_null=True,
        help_text=help_text,
    )


def _id(help_text=None):
    # Bounded as the database's ids are, so an id too large for it is refused here.
    return serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=2**63 - 1, help_text=help_text
    )


def _day():
    return serializers.DateField(required=False, allow_null=True)


def _codes(help_text=None):
    return serializers.ListField(child=serializers.CharField(), required=False, help_text=help_text)


class ContractInput(serializers.Serializer):
    """A contract entered by hand, as on the page: absent fields keep their value (PATCH) or
    the page's default (POST)."""

    reference = _text()
    title = serializers.CharField(trim_whitespace=False)
    supplier_name = _text()
    supplier_kvk = _text()
    department_id = _id(_("One of the organisation's departments"))
    category_id = _id(_("One of the organisation's purchase categories"))
    cpv_codes = _codes(_("CPV codes with their check digit: 45000000-7"))
    estimated_value = _amount(_('Euros, as a decimal string: "1234.56"'))
    awarded_value = _amount(_('Euros, as a decimal string: "1234.56"'))
    start_date = _day()
    end_date = _day()
    extension_until = _day()
    extension_decide_by = _day()
    extension_decided = serializers.BooleanField(required=False)
    procedure = serializers.ChoiceField(choices=Procedure.choices, required=False, allow_blank=True)
    reserved = serializers.BooleanField(required=False)
    social_return = serializers.BooleanField(required=False)
    social_return_percentage = _amount()

    form_names = {"department_id": "department", "category_id": "category"}


class TenderInput(serializers.Serializer):
    """A tender by hand, as on the page's form; it is created under the rules in force and gets
    the matrix's themes to decide."""

    title = serializers.CharField(trim_whitespace=False)
    description = _text()
    estimated_value = serializers.DecimalField(
        max_digits=None,
        decimal_places=None,
        help_text=_('Euros, as a decimal string: "1234.56"'),
    )
    cpv_codes = _codes(_("CPV codes with their check digit: 45000000-7"))
    category_id = _id(_("One of the organisation's purchase categories"))
    department_id = _id(_("One of the organisation's departments"))
    budget_holder_id = _id(_("A member of the organisation"))
    planned_publication = _day()
    status = serializers.ChoiceField(
        choices=[choice for choice in Tender.Status.choices if choice[0] != Tender.Status.AWARDED],
        required=False,
        help_text=_("A tender is awarded by choosing its supplier, in the browser"),
    )
    procedure = serializers.ChoiceField(choices=Procedure.choices, required=False, allow_blank=True)
    reserved_procurement = serializers.CharField(
        required=False, help_text=_("An eForms code of the list reserved-procurement")
    )
    social_objectives = _codes(_("eForms codes of the list social-objective"))
    region = serializers.CharField(
        required=False, allow_blank=True, help_text=_("A labour-market region")
    )
    social_return_percentage = _amount(
        _("Empty: the rules' percentage when the tender is above the threshold")
    )
    social_return_reason = serializers.ChoiceField(
        choices=Tender.SocialReturnReason.choices, required=False, allow_blank=True
    )
    social_return_explanation = _text()

    form_names = {
        "department_id": "department",
        "category_id": "category",
        "budget_holder_id": "budget_holder",
    }


def _as_posted(value):
    """A value as the form reads it from a posted page."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        if not -20 < value.adjusted() < 20:
            # Written out, "1e999999" would be a million digits; as it is, the form refuses
            # it as not an amount.
            return str(value)
        return format(value, "f")  # not "1E+3", which the amount parser refuses
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, date | bool | int | list | str):
        return value
    return str(value)


def form_data(form: forms.BaseForm, given: dict, form_names: dict[str, str]) -> dict:
    """What the page would post: every field as the form shows it (the instance's values, or
    the page's defaults for a new one), with the request's values over it. The form's
    `changed_data`, and so the audit entry, then says what the request changed."""
    data = {name: _as_posted(form[name].initial) for name in form.fields}
    for name, value in given.items():
        data[form_names.get(name, name)] = _as_posted(value)
    return data


def form_errors(errors: dict, form_names: dict[str, str]) -> serializers.ValidationError:
    """The form's (or a model's) errors under the API's field names; errors of the whole
    contract or tender have no field."""
    api_names = {form_name: api_name for api_name, form_name in form_names.items()}
    detail = {}
    for name, messages in errors.items():
        key = "non_field_errors" if name in (NON_FIELD_ERRORS, None) else api_names.get(name, name)
        detail.setdefault(key, []).extend(str(message) for message in messages)
    return serializers.ValidationError(detail)


def service_errors(error: DjangoValidationError, form_names: dict[str, str]):
    """A service's refusal (a check that runs on save) as the API's validation error."""
    if hasattr(error, "error_dict"):
        return form_errors(error.message_dict, form_names)
    return form_errors({None: error.messages}, form_names)
