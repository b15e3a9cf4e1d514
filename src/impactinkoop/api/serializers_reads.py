"""What the reading endpoints give: suppliers, register companies and verdicts, goals with their
progress, and the public catalogue. The views build plain values (dicts and the query modules'
dataclasses); these serializers write them out (amounts as decimal strings, dates ISO 8601) and
describe them in the schema."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from impactinkoop.core.validators import normalise_kvk, validate_kvk_number

# Query parameters ------------------------------------------------------------------------------


class KvkField(serializers.CharField):
    """A KvK number as people type it (spaces, dots and dashes dropped): exactly 8 digits."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("validators", [validate_kvk_number])
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        return normalise_kvk(super().to_internal_value(data))


def _day_field():
    return serializers.DateField(
        required=False,
        help_text=_("The day the policy is applied on (ISO 8601); today if left out"),
    )


def _year_field():
    return serializers.IntegerField(
        required=False,
        min_value=1900,
        max_value=2199,
        help_text=_("Only the spend of this calendar year"),
    )


class SupplierQuery(serializers.Serializer):
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text=_("Part of the supplier's name, or its KvK number"),
    )
    linked = serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,
        help_text=_("true: only suppliers linked to the register; false: only those not linked"),
    )
    social = serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,
        help_text=_("true: only social enterprises under the policy on `on`; false: only others"),
    )
    on = _day_field()
    year = _year_field()


class SupplierDetailQuery(serializers.Serializer):
    on = _day_field()
    year = _year_field()


class KvkQuery(serializers.Serializer):
    kvk = KvkField(help_text=_("A KvK number: 8 digits"))


class VerdictQuery(serializers.Serializer):
    kvk = KvkField(help_text=_("A KvK number: 8 digits"))
    on = _day_field()


class CatalogueQuery(serializers.Serializer):
    q = serializers.CharField(
        required=False, allow_blank=True, max_length=200, help_text=_("Words to search for")
    )
    category = serializers.SlugField(
        required=False,
        allow_blank=True,
        max_length=80,
        help_text=_("A category's short name (slug)"),
    )


# Suppliers -------------------------------------------------------------------------------------


class YearSpendSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    total = serializers.DecimalField(max_digits=18, decimal_places=2, help_text=_("Euros"))
    lines = serializers.IntegerField()


class RegisterLinkSerializer(serializers.Serializer):
    kvk_number = serializers.CharField(allow_null=True)
    company_name = serializers.CharField()
    how = serializers.ChoiceField(
        choices=["kvk", "engine", "person"],
        help_text=_(
            "kvk: the ledger's KvK number is in the register; engine: linked by the matching "
            "engine; person: accepted or chosen by a person"
        ),
    )
    score = serializers.FloatField(allow_null=True)
    reason = serializers.CharField(allow_blank=True)
    asked_again = serializers.BooleanField(
        help_text=_("The current matching engine is no longer sure; a person is asked again")
    )


class ProposalSerializer(serializers.Serializer):
    kvk_number = serializers.CharField(allow_null=True)
    company_name = serializers.CharField()
    score = serializers.FloatField()
    reason = serializers.CharField(allow_blank=True)
    asked_again = serializers.BooleanField()


class SupplierSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kvk_number = serializers.CharField(allow_blank=True, help_text=_("As the ledger gives it"))
    link = RegisterLinkSerializer(allow_null=True, help_text=_("The link to the register"))
    social_enterprise = serializers.BooleanField(
        help_text=_("A social enterprise under the organisation's policy on the day asked")
    )
    spend = YearSpendSerializer(many=True, help_text=_("Spend per calendar year"))


class SupplierDetailSerializer(SupplierSerializer):
    proposals = ProposalSerializer(many=True, help_text=_("Open proposals to review"))


# The register ----------------------------------------------------------------------------------


class QualificationSerializer(serializers.Serializer):
    source = serializers.CharField()
    source_label = serializers.CharField(source="get_source_display")
    level = serializers.CharField(allow_blank=True)
    level_label = serializers.SerializerMethodField()
    region = serializers.CharField(allow_blank=True)
    label = serializers.CharField(allow_blank=True)
    valid_from = serializers.DateField()
    valid_until = serializers.DateField(allow_null=True)
    own = serializers.SerializerMethodField(
        help_text=_("The organisation's own qualification, visible to it alone")
    )
    description = serializers.CharField(source="describe")

    def get_level_label(self, qualification) -> str:
        return str(qualification.get_level_display()) if qualification.level else ""

    def get_own(self, qualification) -> bool:
        return qualification.organisation_id is not None


class NotCountedSerializer(QualificationSerializer):
    why = serializers.CharField(help_text=_("Why it does not count on the day"))


class CompanySerializer(serializers.Serializer):
    kvk_number = serializers.CharField()
    name = serializers.CharField()
    trade_names = serializers.ListField(child=serializers.CharField())
    legal_form = serializers.CharField(allow_blank=True)
    city = serializers.CharField(allow_blank=True)
    municipality = serializers.CharField(allow_blank=True)
    labour_market_region = serializers.CharField(allow_blank=True)
    sbi_code = serializers.CharField(allow_blank=True)
    website = serializers.CharField(allow_blank=True)
    social_enterprise_today = serializers.BooleanField(
        help_text=_("A social enterprise under the organisation's policy today")
    )
    qualifications = QualificationSerializer(
        many=True, help_text=_("Every qualification the organisation may see, current or not")
    )


class VerdictSerializer(serializers.Serializer):
    kvk_number = serializers.CharField()
    company_name = serializers.CharField()
    on = serializers.DateField()
    social_enterprise = serializers.BooleanField()
    explanation = serializers.CharField()
    counted = QualificationSerializer(many=True, help_text=_("The qualifications that count"))
    not_counted = NotCountedSerializer(
        many=True, help_text=_("The qualifications that do not count, each with why")
    )


# Goals -----------------------------------------------------------------------------------------


class ThemeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    key = serializers.CharField(allow_blank=True, help_text=_("A national theme's key"))
    name = serializers.CharField()
    national = serializers.BooleanField()


class PointSerializer(serializers.Serializer):
    label = serializers.CharField()
    as_of = serializers.DateField(help_text=_("The last day the value covers"))
    value = serializers.DecimalField(max_digits=18, decimal_places=2)
    source = serializers.ChoiceField(choices=["baseline", "live", "entered"])
    months = serializers.IntegerField(help_text=_("Months of data behind a live yearly figure"))


class ProgressSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=["on_track", "behind", "achieved", "missed", "no_data", "no_target"]
    )
    status_label = serializers.CharField()
    on_track = serializers.BooleanField(
        allow_null=True, help_text=_("On track or achieved; null without a measurement or target")
    )
    current = PointSerializer(allow_null=True, help_text=_("The latest measurement"))
    expected = serializers.DecimalField(
        max_digits=18,
        decimal_places=2,
        allow_null=True,
        help_text=_("Where the goal should be by now: a straight line from baseline to target"),
    )
    fraction = serializers.DecimalField(
        max_digits=5,
        decimal_places=2,
        allow_null=True,
        help_text=_("Of the way from baseline to target, 0 to 1"),
    )
    points = PointSerializer(many=True)


class GoalSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    theme = ThemeSerializer(allow_null=True)
    metric = serializers.CharField(allow_blank=True)
    metric_label = serializers.CharField(allow_blank=True)
    unit = serializers.CharField(allow_blank=True)
    baseline_value = serializers.DecimalField(max_digits=18, decimal_places=2, allow_null=True)
    baseline_date = serializers.DateField(allow_null=True)
    baseline_label = serializers.CharField(allow_blank=True)
    target_value = serializers.DecimalField(max_digits=18, decimal_places=2, allow_null=True)
    deadline = serializers.DateField()
    progress = ProgressSerializer()


# The public catalogue --------------------------------------------------------------------------


class CategorySerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class OfferSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    title = serializers.CharField()
    kind = serializers.CharField()
    category = CategorySerializer()
    description = serializers.CharField(help_text=_("Markdown"))
    price_indication = serializers.CharField(allow_blank=True)
    lead_time = serializers.CharField(allow_blank=True)
    minimum_order = serializers.CharField(allow_blank=True)


class BadgeSerializer(serializers.Serializer):
    source = serializers.CharField()
    description = serializers.CharField(source="describe")
    valid_until = serializers.DateField(allow_null=True)


class EnterpriseSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    kvk_number = serializers.CharField(source="company.kvk_number", allow_null=True)
    summary = serializers.CharField(help_text=_("Markdown"))
    impact = serializers.CharField(help_text=_("Markdown"))
    region_served = serializers.CharField(
        allow_blank=True, help_text=_("Empty: throughout the Netherlands")
    )
    contact_email = serializers.CharField()
    contact_phone = serializers.CharField(allow_blank=True)
    website = serializers.CharField(allow_blank=True)
    qualifications = BadgeSerializer(
        source="badges", many=True, help_text=_("Valid public qualifications")
    )
    offers = OfferSerializer(source="shown_offers", many=True)
