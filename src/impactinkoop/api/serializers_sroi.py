"""The shapes of social return in the API: obligations with their balance (the numbers of
`sroi.queries`, as the browser shows them), realisations with their review state and value, and
one realisation as a client sends it.

The input serializer checks types only (ISO dates, decimal strings, known choices); the rules of
a realisation are the browser forms' own, run on every item by `views.sroi.realisation_batch`."""

from django.utils.translation import gettext as _
from rest_framework import serializers

from impactinkoop.sroi.models import AgeBand, RealisationKind, TargetGroup


def money(**kwargs) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=14, decimal_places=2, **kwargs)


def hours(**kwargs) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=8, decimal_places=2, **kwargs)


STATES = ("not_started", "running", "ended")
# The largest id a database keeps (a 64-bit integer): a larger one would break the query.
MAX_ID = 2**63 - 1
STATUSES = ("submitted", "accepted", "rejected")


# --- obligations --------------------------------------------------------------------------


class BalanceSerializer(serializers.Serializer):
    """`sroi.queries.Balance`: accepted is what counts, pending what waits for review."""

    obligated = money(help_text="The required value (euros)")
    accepted = money(help_text="Accepted by the officer: what counts (the browser's 'realised')")
    pending = money(help_text="Reported and waiting for review: counts once accepted")
    reported = money(help_text="Accepted plus waiting")
    to_do = money(help_text="Still to do: obligated minus accepted, at least 0")
    forecast = money(allow_null=True, help_text="Accepted at the current pace by the end")
    percent_done = serializers.IntegerField(allow_null=True)


class DeadlineSerializer(serializers.Serializer):
    date = serializers.DateField()
    final = serializers.BooleanField(help_text="The final report, a month after the end")
    overdue = serializers.BooleanField(
        help_text="Passed with nothing reported since the deadline before it"
    )


class BlockSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()
    unit = serializers.CharField()
    value = money()
    max_months = serializers.IntegerField(allow_null=True)


class RuleSetSerializer(serializers.Serializer):
    """The edition the obligation was agreed under, with the block ids a realisation names."""

    id = serializers.IntegerField()
    key = serializers.CharField()
    name = serializers.CharField()
    hours_basis = serializers.DecimalField(max_digits=5, decimal_places=2)
    bonuses_stack = serializers.BooleanField()
    blocks = BlockSerializer(many=True, source="blocks.all")


class ContractSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    reference = serializers.CharField()


class ContractorSerializer(serializers.Serializer):
    """The contract's company in the register, else the supplier named on the contract."""

    company_id = serializers.IntegerField(allow_null=True)
    kvk_number = serializers.CharField()
    name = serializers.CharField()

    def to_representation(self, contract):
        company = contract.company if contract.company_id else None
        return {
            "company_id": company.pk if company else None,
            "kvk_number": company.kvk_number if company else contract.supplier_kvk,
            "name": company.name if company else contract.supplier_name,
        }


class ObligationSerializer(serializers.Serializer):
    """An obligation as the organisation sees it. `balance`, `deadlines` and `state` are set on
    the object by the view (`views/sroi.py`, one balance query for the whole page)."""

    id = serializers.IntegerField()
    contract = ContractSummarySerializer()
    contractor = ContractorSerializer(source="contract")
    rule_set = RuleSetSerializer()
    basis = serializers.CharField()
    wage_sum = money(allow_null=True)
    base_amount = money()
    percentage = serializers.DecimalField(max_digits=5, decimal_places=2)
    default_percentage = serializers.DecimalField(max_digits=5, decimal_places=2)
    reason = serializers.CharField()
    amount = money(help_text="The required value (euros)")
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    interim_every_months = serializers.IntegerField()
    state = serializers.ChoiceField(choices=["not_started", "running", "ended"], source="api_state")
    balance = BalanceSerializer(source="api_balance")
    deadlines = DeadlineSerializer(many=True, source="api_deadlines")


class OrganisationSummarySerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class CountedByOrganisationSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    total = money()


class ContractorObligationSerializer(serializers.Serializer):
    """An obligation as its contractor sees it on the portal: its own figures, and of what the
    organisation entered itself only the number and the sum."""

    id = serializers.IntegerField()
    organisation = OrganisationSummarySerializer()
    contract = ContractSummarySerializer()
    rule_set = RuleSetSerializer()
    percentage = serializers.DecimalField(max_digits=5, decimal_places=2)
    amount = money(help_text="The required value (euros)")
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    state = serializers.ChoiceField(choices=["not_started", "running", "ended"], source="api_state")
    balance = BalanceSerializer(source="api_balance")
    deadlines = DeadlineSerializer(many=True, source="api_deadlines")
    counted_by_organisation = CountedByOrganisationSerializer(source="api_by_organisation")


# --- realisations -------------------------------------------------------------------------


class NamedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class LineSerializer(serializers.Serializer):
    label = serializers.CharField()
    amount = money()
    computation = serializers.CharField()


class EventSerializer(serializers.Serializer):
    action = serializers.CharField()
    message = serializers.CharField()
    at = serializers.DateTimeField()
    by_contractor = serializers.BooleanField()


class ValueSerializer(serializers.Serializer):
    """`sroi.valuation.Valuation`: worth once accepted, and what counts now."""

    worth = money(help_text="What it counts once accepted")
    counted = money(source="total", help_text="What it counts now")
    counted_out = serializers.BooleanField(
        help_text="Counts 0: the participant already counts under another obligation"
    )
    lines = LineSerializer(many=True)


class OfficerValueSerializer(ValueSerializer):
    warning = serializers.CharField()


class RealisationSerializer(serializers.Serializer):
    """A realisation with its participant data: for the SROI officers and for the contractor
    that reported it. `api_value` is set by the view (valued with the double counts)."""

    id = serializers.IntegerField()
    obligation = serializers.IntegerField(source="obligation_id")
    kind = serializers.CharField()
    block = NamedSerializer()
    bonuses = NamedSerializer(many=True, source="bonuses.all")
    participant_code = serializers.CharField()
    target_group = serializers.CharField()
    age_band = serializers.CharField()
    residence = serializers.CharField()
    hours_per_week = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    start_date = serializers.DateField(allow_null=True)
    end_date = serializers.DateField(allow_null=True)
    hours = hours(allow_null=True)
    invoice_number = serializers.CharField()
    amount_excl_vat = money(allow_null=True)
    kvk_number = serializers.CharField()
    description = serializers.CharField()
    employed_after_6 = serializers.BooleanField(allow_null=True)
    employed_after_12 = serializers.BooleanField(allow_null=True)
    status = serializers.ChoiceField(
        choices=STATUSES, help_text="The review state; submitted: waiting for review"
    )
    source = serializers.CharField(help_text="Who reported it: officer, contractor or import")
    submitted_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()
    value = ValueSerializer(source="api_value")
    events = EventSerializer(many=True, source="events.all")
    evidence_count = serializers.IntegerField(source="evidence.count")


class OfficerRealisationSerializer(RealisationSerializer):
    kvk_known = serializers.BooleanField()
    split = serializers.BooleanField()
    reduced_at = serializers.DateTimeField(allow_null=True)
    value = OfficerValueSerializer(source="api_value")


class RecordedSerializer(OfficerRealisationSerializer):
    """An officer's new realisation, with the form's warning (an unknown KvK number)."""

    entry_warning = serializers.CharField(source="api_warning")


# --- a realisation as a client sends it ----------------------------------------------------


def _choices(choices) -> serializers.ChoiceField:
    return serializers.ChoiceField(choices=choices, required=False, allow_blank=True, default="")


def _text(max_length: int) -> serializers.CharField:
    return serializers.CharField(
        required=False, allow_blank=True, default="", max_length=max_length, trim_whitespace=True
    )


class RealisationInputSerializer(serializers.Serializer):
    """One realisation: the browser form's fields, typed. Which are needed depends on the kind
    (a placement: participant code, hours a week, start and end; a purchase: invoice number,
    amount and date), as in the browser."""

    kind = serializers.ChoiceField(choices=RealisationKind.choices)
    block = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, help_text="A block id of the obligation's table"
    )
    bonuses = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        required=False,
        default=list,
        max_length=20,
        help_text="Bonus block ids of the obligation's table (when its bonuses stack)",
    )
    participant_code = _text(20)
    target_group = _choices(TargetGroup.choices)
    age_band = _choices(AgeBand.choices)
    residence = _text(100)
    hours_per_week = serializers.DecimalField(
        max_digits=5, decimal_places=2, required=False, allow_null=True
    )
    start_date = serializers.DateField(required=False, allow_null=True)
    end_date = serializers.DateField(required=False, allow_null=True)
    hours = hours(required=False, allow_null=True)
    invoice_number = _text(60)
    amount_excl_vat = money(required=False, allow_null=True)
    kvk_number = _text(8)
    description = _text(300)

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError(
                    {name: [_("This field is not known.")] for name in unknown}
                )
        return super().to_internal_value(data)


class OfficerRealisationInputSerializer(RealisationInputSerializer):
    employed_after_6 = serializers.BooleanField(required=False, allow_null=True, default=None)
    employed_after_12 = serializers.BooleanField(required=False, allow_null=True, default=None)
