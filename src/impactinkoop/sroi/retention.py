"""The retention period of participant data (decision 0022, docs/privacy.md).

`SROI_RETENTION_MONTHS` (84 by default: seven years) after an obligation's end, its
realisations are reduced to counts: the participant code, age band and residence are emptied;
kind, block, hours, dates and status stay, so every balance, value and count stays the same.
The evidence files (a pay slip names the person) are deleted with them.
A realisation that did not count because its participant counted in another obligation keeps
that outcome in `counted_elsewhere`, since the code that showed it is gone. Running it again
changes nothing."""

import calendar
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from impactinkoop.core.audit import log_action
from impactinkoop.core.models import StoredFile

from .models import Evidence, Obligation, Realisation, RealisationEvent
from .queries import double_counts


def months_before(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def cutoff(today: date | None = None) -> date:
    """Obligations that ended before this day are past the retention period."""
    today = today or timezone.localdate()
    return months_before(today, settings.SROI_RETENTION_MONTHS)


@dataclass(frozen=True)
class Reduced:
    obligation: Obligation
    realisations: int


def _due(obligation):
    return obligation.realisations.filter(reduced_at__isnull=True)


def due_for_reduction(today: date | None = None) -> list[Reduced]:
    """The obligations past the retention period with realisations not yet reduced."""
    found = []
    for obligation in Obligation.objects.filter(end_date__lt=cutoff(today)).select_related(
        "contract", "organisation"
    ):
        count = _due(obligation).count()
        if count:
            found.append(Reduced(obligation, count))
    return found


@transaction.atomic
def reduce_obligation(obligation, *, actor="system") -> int:
    """Empty the participant data of the obligation's realisations; returns how many."""
    realisations = list(_due(obligation).select_for_update())
    if not realisations:
        return 0
    doubles = double_counts([obligation.organisation_id])
    now = timezone.now()
    # A double count in another obligation that came after one of these keeps its outcome:
    # the code that showed it is about to go.
    codes = {r.participant_code.upper() for r in realisations if r.participant_code}
    partners = [
        partner
        for partner in Realisation.objects.filter(
            obligation__organisation_id=obligation.organisation_id,
            pk__in=[pk for pk, double in doubles.items() if not double.first],
            counted_elsewhere=False,
        ).exclude(obligation=obligation)
        if partner.participant_code.upper() in codes
    ]
    for partner in partners:
        partner.counted_elsewhere = True
    Realisation.objects.bulk_update(partners, ["counted_elsewhere"])
    for realisation in realisations:
        double = doubles.get(realisation.pk)
        if double is not None and not double.first:
            realisation.counted_elsewhere = True
        realisation.participant_code = ""
        realisation.age_band = ""
        realisation.residence = ""
        realisation.reduced_at = now
    Realisation.objects.bulk_update(
        realisations,
        ["participant_code", "age_band", "residence", "reduced_at", "counted_elsewhere"],
    )
    evidence = Evidence.objects.filter(realisation__in=realisations)
    files = list(evidence.values_list("file_id", flat=True))
    evidence.delete()
    StoredFile.objects.filter(pk__in=files).delete()
    RealisationEvent.objects.bulk_create(
        RealisationEvent(realisation=realisation, action=RealisationEvent.Action.REDUCED)
        for realisation in realisations
    )
    log_action(
        "sroi.participants_reduced",
        actor=actor,
        organisation=obligation.organisation,
        obj=obligation,
        after={
            "realisations": len(realisations),
            "evidence_files": len(files),
            "retention_months": settings.SROI_RETENTION_MONTHS,
        },
    )
    return len(realisations)


def reduce_participants(today: date | None = None, *, dry_run: bool = False) -> list[Reduced]:
    """Reduce every obligation past the retention period (or only tell which, `dry_run`)."""
    due = due_for_reduction(today)
    if not dry_run:
        for item in due:
            reduce_obligation(item.obligation)
    return due
