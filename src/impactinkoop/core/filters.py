"""Filters for the audit log; the same FilterSet drives the page and the export."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from .audit_text import action_choices
from .models import AuditEntry


class AuditEntryFilter(django_filters.FilterSet):
    action = django_filters.ChoiceFilter(
        label=_("Action"),
        method="filter_action",
        choices=action_choices,
        empty_label=_("every action"),
    )
    actor = django_filters.CharFilter(
        label=_("By"), field_name="actor_label", lookup_expr="icontains"
    )
    object = django_filters.CharFilter(
        label=_("Object"), field_name="object_repr", lookup_expr="icontains"
    )
    since = django_filters.DateFilter(
        label=_("From"),
        field_name="created_at",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    until = django_filters.DateFilter(
        label=_("Until"),
        field_name="created_at",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = AuditEntry
        fields: list[str] = []

    def filter_action(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(action=value) | queryset.filter(action__startswith=f"{value}.")
