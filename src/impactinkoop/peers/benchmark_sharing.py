"""What an organisation shares with peers, as its administrator chose: figures in the benchmark
(off by default), its name with them, its size, and a contact person for its case stories. Every
change is in the audit log. Turning the figures off hides the organisation's own position at once
and keeps it out of the next snapshot; a snapshot already taken stays as it is (decision 0025)."""

from django.db import transaction

from impactinkoop.core.audit import log_action
from impactinkoop.core.locks import lock_row

from .models import Sharing, SizeBand, SizeMeasure

FIELDS = (
    "shares_figures",
    "named",
    "size_band",
    "size_measure",
    "size",
    "shares_contact",
    "contact_name",
    "contact_email",
)

# The upper limit of each band but the last, in inhabitants and in employees (SizeBand's labels).
BAND_LIMITS = {
    SizeMeasure.INHABITANTS: (50_000, 100_000, 250_000),
    SizeMeasure.EMPLOYEES: (1_000, 5_000, 15_000),
}
BANDS = (SizeBand.SMALL, SizeBand.MEDIUM, SizeBand.LARGE, SizeBand.VERY_LARGE)
# Municipalities, provinces and water authorities count inhabitants; the others employees.
BY_INHABITANTS = frozenset({"gemeente", "provincie", "waterschap"})


def band_of(measure: str, size: int) -> str:
    """The band a size falls in ("up to 50,000" includes 50,000)."""
    for band, limit in zip(BANDS, BAND_LIMITS[measure], strict=False):
        if size <= limit:
            return band
    return SizeBand.VERY_LARGE


def usual_measure(organisation) -> str:
    return SizeMeasure.INHABITANTS if organisation.kind in BY_INHABITANTS else SizeMeasure.EMPLOYEES


def sharing_of(organisation) -> Sharing:
    """The organisation's choice, or the default (nothing shared) when it never chose."""
    found = Sharing.objects.filter(organisation=organisation).first()
    return found or Sharing(organisation=organisation, size_measure=usual_measure(organisation))


def shares_figures_now(organisation) -> bool:
    return Sharing.objects.filter(organisation=organisation, shares_figures=True).exists()


def _values(sharing: Sharing) -> dict:
    return {field: getattr(sharing, field) for field in FIELDS}


def save_sharing(organisation, *, actor, values: dict) -> Sharing:
    """Store the administrator's choice (the form has checked it) with one audit entry saying
    what changed; nothing is written when nothing changed."""
    with transaction.atomic():
        sharing, created = Sharing.objects.get_or_create(organisation=organisation)
        sharing = lock_row(sharing)
        before = None if created else _values(sharing)
        for field in FIELDS:
            setattr(sharing, field, values.get(field, getattr(sharing, field)))
        if not sharing.shares_figures:
            # Being named means nothing without figures; it is asked again when sharing again.
            sharing.named = False
        after = _values(sharing)
        if before == after:
            return sharing
        sharing.changed_by = actor if getattr(actor, "is_authenticated", False) else None
        sharing.save()
        was_sharing = bool(before and before["shares_figures"])
        if sharing.shares_figures != was_sharing:
            action = "peers.sharing_on" if sharing.shares_figures else "peers.sharing_off"
        else:
            action = "peers.sharing_changed"
        log_action(
            action,
            actor=actor,
            organisation=organisation,
            obj=sharing,
            before=before,
            after=after,
        )
    return sharing
