"""Search and filters of the register list. Qualification filters apply to one and the same
qualification (source, level and date together) and only to what the organisation may see."""

from datetime import timedelta

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from impactinkoop.core.regions import LABOUR_MARKET_REGION_CHOICES

from .models import Company, Qualification
from .policy import counting_qualifications
from .sources import Level, Source

EXPIRY_WINDOW_DAYS = 60


class CompanyFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name or KvK number"), method="filter_search")
    source = django_filters.ChoiceFilter(
        label=_("Source"), choices=Source.choices, method="filter_nothing"
    )
    level = django_filters.ChoiceFilter(
        label=_("Level"),
        choices=[(lvl.value, lvl.label) for lvl in Level if lvl],
        method="filter_nothing",
    )
    region = django_filters.ChoiceFilter(
        label=_("Labour-market region"),
        choices=LABOUR_MARKET_REGION_CHOICES,
        field_name="labour_market_region",
    )
    valid_on = django_filters.DateFilter(
        label=_("Valid on"),
        method="filter_nothing",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    expiring = django_filters.BooleanFilter(
        label=_("Expiring within 60 days"),
        method="filter_nothing",
        widget=forms.CheckboxInput,
    )
    counts = django_filters.ChoiceFilter(
        label=_("Social enterprise for us"),
        choices=[("yes", _("yes, under our policy")), ("no", _("no"))],
        method="filter_nothing",
    )
    candidates = django_filters.BooleanFilter(
        label=_("Only without KvK number (candidates)"),
        method="filter_candidates",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Company
        fields: list[str] = []

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation

    def filter_nothing(self, queryset, name, value):
        return queryset  # applied together in filter_queryset

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def filter_candidates(self, queryset, name, value):
        return queryset.candidates() if value else queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        today = timezone.localdate()
        day = data.get("valid_on")
        qualifications = Qualification.objects.visible_to(self.organisation)
        used = False
        if data.get("source"):
            qualifications, used = qualifications.filter(source=data["source"]), True
        if data.get("level"):
            qualifications, used = qualifications.filter(level=data["level"]), True
        if day:
            qualifications, used = qualifications.valid_on(day), True
        if data.get("expiring"):
            qualifications = qualifications.expiring_between(
                today, today + timedelta(days=EXPIRY_WINDOW_DAYS)
            )
            used = True
        if used:
            queryset = queryset.filter(pk__in=qualifications.values("company_id"))
        if data.get("counts"):
            counting = counting_qualifications(self.organisation, day or today).values("company_id")
            queryset = (
                queryset.filter(pk__in=counting)
                if data["counts"] == "yes"
                else queryset.exclude(pk__in=counting)
            )
        return queryset
