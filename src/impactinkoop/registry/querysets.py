"""Reads on the register: what an organisation may see, what is valid on a day, what its policy
accepts. The policy check and the baseline use the same filters."""

from datetime import date

from django.db import models
from django.db.models import Q

from impactinkoop.core.querysets import TenantQuerySet


class CompanyQuerySet(models.QuerySet):
    def candidates(self):
        """Companies known by name only, waiting to be matched and verified."""
        return self.filter(kvk_number__isnull=True)

    def search(self, text: str):
        from impactinkoop.core.validators import normalise_kvk
        from impactinkoop.matching.normalise import name_key

        text = (text or "").strip()
        if not text:
            return self
        digits = normalise_kvk(text)
        query = Q(name__icontains=text) | Q(trade_names__icontains=text)
        key = name_key(text)
        if key:
            query |= Q(name_key__contains=key)
        if digits.isdigit():
            query |= Q(kvk_number__startswith=digits)
        return self.filter(query)


class QualificationQuerySet(TenantQuerySet):
    def visible_to(self, organisation):
        """Public qualifications and the organisation's own; never another organisation's."""
        return self.filter(Q(organisation__isnull=True) | Q(organisation=organisation))

    def public(self):
        return self.filter(organisation__isnull=True)

    def valid_on(self, day: date):
        return self.filter(valid_from__lte=day).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=day)
        )

    def expiring_between(self, start: date, end: date):
        return self.filter(valid_until__gte=start, valid_until__lte=end)

    def with_keys(self, keys):
        """Only the (source, level) combinations in `keys` ("source:level")."""
        query = Q(pk__in=[])
        for key in keys:
            source, _sep, level = key.partition(":")
            query |= Q(source=source, level=level)
        return self.filter(query)
