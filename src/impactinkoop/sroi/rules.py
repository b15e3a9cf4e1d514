"""The shipped building-block editions (data/building_blocks.csv) loaded into an organisation,
and copying an edition. Loading is idempotent: an edition already there (by its code) is left
as it is, so the officer's own edits survive a second load."""

import csv
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from impactinkoop.core.audit import log_action

from .models import Block, RuleSet

DATA_FILE = Path(__file__).parent / "data" / "building_blocks.csv"
DEFAULT_HOURS = Decimal("36")
NAMES = {
    "utrecht-2018": "Utrecht, bouwblokkenmodel (oudere editie)",
    "utrecht-current": "Utrecht, bouwblokken social return (huidige editie)",
    "haaglanden-2023": "Haaglanden en Zuid-Holland Centraal, bouwblokken per 1 juli 2023",
    "oost-nederland-2023-04": "Oost-Nederland, uniform bouwblokkenmodel V05 (april 2023)",
}


def shipped_editions() -> dict[str, list[dict]]:
    """The file's rows grouped by edition, in file order."""
    editions: dict[str, list[dict]] = {}
    with DATA_FILE.open(encoding="utf-8") as handle:
        lines = [line for line in handle if ";" in line]
    for row in csv.DictReader(lines, delimiter=";"):
        editions.setdefault(row["rule_set"], []).append(row)
    return editions


@transaction.atomic
def load_shipped(organisation, actor="system") -> list[RuleSet]:
    """Create the shipped editions the organisation does not have yet; returns those created."""
    created = []
    existing = set(RuleSet.objects.for_organisation(organisation).values_list("key", flat=True))
    for key, rows in shipped_editions().items():
        if key in existing:
            continue
        first = rows[0]
        note = ""
        if first["hours_per_week"]:
            hours = Decimal(first["hours_per_week"])
        else:
            hours = DEFAULT_HOURS
            note = "De bron noemt geen uren per week; 36 aangenomen, pas aan waar nodig."
        rule_set = RuleSet.objects.create(
            organisation=organisation,
            key=key,
            name=NAMES.get(key, key),
            region=first["region"],
            valid_from=date.fromisoformat(first["valid_from"]) if first["valid_from"] else None,
            hours_basis=hours,
            source=first["source"].split(" (")[0],
            note=note,
        )
        Block.objects.bulk_create(
            Block(
                rule_set=rule_set,
                name=row["block"],
                kind=row["kind"],
                value=Decimal(row["value_eur"]),
                unit=row["per"],
                max_months=int(row["counts_for_months"]) if row["counts_for_months"] else None,
                position=position,
            )
            for position, row in enumerate(rows)
        )
        log_action("sroi.rules_loaded", actor=actor, organisation=organisation, obj=rule_set)
        created.append(rule_set)
    return created


@transaction.atomic
def copy_rule_set(rule_set: RuleSet, *, key: str, name: str, actor) -> RuleSet:
    """A new edition with the same blocks, to edit while the old one stays as agreed."""
    copy = RuleSet.objects.create(
        organisation=rule_set.organisation,
        key=key,
        name=name,
        region=rule_set.region,
        valid_from=rule_set.valid_from,
        hours_basis=rule_set.hours_basis,
        bonuses_stack=rule_set.bonuses_stack,
        source=rule_set.source,
        note=rule_set.note,
        copied_from=rule_set,
    )
    Block.objects.bulk_create(
        Block(
            rule_set=copy,
            name=block.name,
            kind=block.kind,
            value=block.value,
            unit=block.unit,
            max_months=block.max_months,
            position=block.position,
        )
        for block in rule_set.blocks.all()
    )
    log_action(
        "sroi.rules_copied",
        actor=actor,
        organisation=rule_set.organisation,
        obj=copy,
        before={"from": rule_set.key},
    )
    return copy
