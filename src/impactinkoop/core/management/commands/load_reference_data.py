"""`impactinkoop load_reference_data --cpv FILE --eforms DIR --ocds-schema DIR
--municipalities FILE --places FILE`: turn a newer edition of the reference data from its
upstream format into the product's own data files (core/reference/data/, decision 0019). Each
source is read and checked whole before its file is replaced; a source not named is left as it
is."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from impactinkoop.core.reference import build


class Command(BaseCommand):
    help = (
        "Load a newer edition of the CPV list, the eForms code lists, the OCDS schemas, the "
        "municipalities or the place names."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--cpv", type=Path, help="CPV 2008 list: JSON list of codes and Dutch labels, or CSV"
        )
        parser.add_argument(
            "--eforms", type=Path, help="folder with the eForms genericode (.gc) code lists"
        )
        parser.add_argument(
            "--ocds-schema", type=Path, help="folder with the OCDS release and package schemas"
        )
        parser.add_argument(
            "--municipalities",
            type=Path,
            help="CSV of municipalities: Gemeente;CBS;Arbeidsmarktregio's",
        )
        parser.add_argument(
            "--places",
            type=Path,
            help="residences (woonplaatsen): one name a line, or CSV with a column naam or "
            "woonplaats; places.csv adds the municipalities then and now",
        )
        parser.add_argument(
            "--places-source",
            default="",
            help="how places.csv names the residence list (default: the file's name)",
        )
        parser.add_argument(
            "--target", type=Path, default=build.DATA_DIR, help="where to write (default: ours)"
        )
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="print the counts as JSON"
        )

    def handle(
        self,
        *args,
        cpv,
        eforms,
        ocds_schema,
        target,
        municipalities=None,
        places=None,
        places_source="",
        as_json=False,
        **options,
    ):
        if not (cpv or eforms or ocds_schema or municipalities or places):
            raise CommandError(
                "name at least one of --cpv, --eforms, --ocds-schema, --municipalities and --places"
            )
        loaded: dict = {}
        try:
            if cpv:
                loaded["cpv"] = build.load_cpv(cpv, target)
            if eforms:
                loaded["eforms"] = build.load_eforms(eforms, target)
            if ocds_schema:
                loaded["ocds_schema"] = build.load_ocds_schema(ocds_schema, target)
            if municipalities:
                loaded["municipalities"] = build.load_municipalities(municipalities, target)
            if places:
                loaded["places"] = build.load_places(places, target, places_source or places.name)
        except (build.ReferenceDataError, OSError) as error:
            raise CommandError(str(error)) from error
        if as_json:
            self.stdout.write(json.dumps(loaded, indent=2))
            return
        for source, count in loaded.items():
            self.stdout.write(f"{source}: {count}")
        self.stdout.write("Record the edition, date and source in core/reference/data/NOTICE.md.")
