"""What the ledger-import endpoints read and write: the push of a file (checked as the wizard and
`impactinkoop import_ledger` check it, before anything is stored) and an import as it answers.

The push's options are the command's: a mapping saved in the wizard (`mapping`), `map` entries
FIELD=COLUMN on top of it (or of the mapping guessed from the headers), and the reading options;
the wizard's defaults where none is given."""

from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, serializers, status

from impactinkoop.core.imports import ImportState
from impactinkoop.core.imports.reader import TableError, read_preview
from impactinkoop.core.mapping import MappingError, guess_mapping, parse_map_options
from impactinkoop.core.stored_text import shown
from impactinkoop.core.tabular import ALLOWED_EXTENSIONS, check_upload, extension_of
from impactinkoop.spend.imports.columns import FIELDS
from impactinkoop.spend.imports.currency import CURRENCIES, EURO, parse_rate
from impactinkoop.spend.imports.importing import check_ledger_mapping
from impactinkoop.spend.jobs import LEDGER_IMPORTS
from impactinkoop.spend.models import LedgerMapping


class FileRefused(exceptions.APIException):
    """The file itself is refused (too large, not a table, already imported): a problem with
    the status that says why, its error naming the field `file`."""

    def __init__(self, code: int, message: str):
        self.status_code = code
        super().__init__({"file": [message]})


def refuse_upload(upload) -> None:
    """The wizard's upload check (`core.tabular.check_upload` with the ledger's limits: name,
    size and first bytes), before the file is read. Too large is 413, not a table 415."""
    max_bytes = LEDGER_IMPORTS.get_limits().max_bytes
    head = upload.read(8)
    upload.seek(0)
    try:
        check_upload(upload.name, upload.size, max_bytes, head=head)
    except TableError as error:
        if upload.size > max_bytes:
            raise FileRefused(status.HTTP_413_REQUEST_ENTITY_TOO_LARGE, str(error)) from error
        if extension_of(upload.name) not in ALLOWED_EXTENSIONS:
            raise FileRefused(status.HTTP_415_UNSUPPORTED_MEDIA_TYPE, str(error)) from error
        raise serializers.ValidationError(str(error)) from error


class LedgerPush(serializers.Serializer):
    """A ledger export to import, and how to read it."""

    # `context["organisation"]` is the organisation it goes to (its saved mappings).
    file = serializers.FileField(
        max_length=255,  # the stored file's name
        help_text=gettext_lazy(
            "The ledger export: CSV (any delimiter; UTF-8, Windows-1252 or Latin-1) or a "
            "spreadsheet (.xlsx, .xls, .ods)."
        ),
    )
    mapping = serializers.CharField(
        required=False,
        max_length=100,
        help_text=gettext_lazy("The name of a mapping saved in the import wizard."),
    )
    map = serializers.ListField(
        child=serializers.CharField(max_length=300, allow_blank=True),
        required=False,
        help_text=gettext_lazy(
            "FIELD=COLUMN, once per field, over the saved or guessed mapping; FIELD= leaves "
            "the field out."
        ),
    )
    sheet = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=100,
        help_text=gettext_lazy("For spreadsheets: empty means the first sheet."),
    )
    decimal = serializers.ChoiceField(
        choices=["auto", ",", "."],
        required=False,
        help_text=gettext_lazy("Decimal separator of the amounts; auto recognises it."),
    )
    date_format = serializers.CharField(
        required=False,
        max_length=30,
        help_text=gettext_lazy("The dates' format in Python's strptime codes; auto recognises it."),
    )
    amounts_include_vat = serializers.BooleanField(
        required=False,
        allow_null=True,
        help_text=gettext_lazy(
            "Whether the amounts include VAT (default: the saved mapping's, else not)."
        ),
    )
    currency = serializers.ChoiceField(
        choices=list(CURRENCIES),
        required=False,
        help_text=gettext_lazy("Currency of the amounts: what the file says, else EUR."),
    )
    exchange_rate = serializers.CharField(
        required=False,
        max_length=30,
        help_text=gettext_lazy(
            "Euros for one unit of another currency; without it such an import counts in the "
            "baseline once the rate is entered on its page."
        ),
    )

    def validate_file(self, upload):
        refuse_upload(upload)
        return upload

    def validate_date_format(self, value: str) -> str:
        if value != "auto" and "%" not in value:
            raise serializers.ValidationError(
                _("Give a date format such as %(example)s, or auto.") % {"example": "%d-%m-%Y"}
            )
        return value

    def validate_exchange_rate(self, value: str) -> Decimal:
        try:
            return parse_rate(value)
        except ValueError as error:
            raise serializers.ValidationError(
                _(
                    "“%(value)s” is no exchange rate: enter a positive number with at most "
                    "six decimals, such as 1.165."
                )
                % {"value": value}
            ) from error

    def validate(self, attrs):
        if attrs.get("currency") == EURO and attrs.get("exchange_rate") not in (None, 1):
            raise serializers.ValidationError(
                {"exchange_rate": _("Amounts in euros need no exchange rate.")}
            )
        upload = attrs["file"]
        data = upload.read()
        try:
            # The header and first rows, as the wizard reads them at upload.
            preview = read_preview(
                data, upload.name, attrs.get("sheet") or None, LEDGER_IMPORTS.get_limits()
            )
        except TableError as error:
            raise serializers.ValidationError({"file": str(error)}) from error
        saved = self._saved(attrs.get("mapping"))
        mapping = dict(saved.mapping) if saved else guess_mapping(preview.columns, FIELDS)
        try:
            mapping.update(parse_map_options(attrs.get("map", []), FIELDS))
        except MappingError as error:
            raise serializers.ValidationError({"map": error.messages}) from error
        mapping = {field: column for field, column in mapping.items() if column}
        try:
            check_ledger_mapping(mapping, preview)
        except MappingError as error:
            # A saved mapping used as it is: its columns are what does not fit the file.
            field = "mapping" if saved and not attrs.get("map") else "map"
            raise serializers.ValidationError({field: error.messages}) from error
        options = saved.options if saved else {}
        vat = attrs.get("amounts_include_vat")
        return {
            "upload": upload,
            "data": data,
            "preview": preview,
            "mapping": mapping,
            "options": {
                "decimal": attrs.get("decimal") or options.get("decimal", "auto"),
                "date_format": attrs.get("date_format") or options.get("date_format", "auto"),
                "amounts_include_vat": vat
                if vat is not None
                else options.get("amounts_include_vat", False),
            },
            "currency": attrs.get("currency", ""),
            "exchange_rate": attrs.get("exchange_rate"),
        }

    def _saved(self, name: str | None):
        if not name:
            return None
        saved = LedgerMapping.objects.filter(
            organisation=self.context["organisation"], name=name
        ).first()
        if saved is None:
            raise serializers.ValidationError(
                {"mapping": _("There is no saved mapping called “%(name)s”.") % {"name": name}}
            )
        return saved


# -- what an import answers ---------------------------------------------------------------------


class ImportFigures(serializers.Serializer):
    """What the check found, or the import wrote (the summary the import's page shows). An
    import made before a figure was kept has its default."""

    rows = serializers.IntegerField(default=0, help_text=gettext_lazy("Lines in the file"))
    imported = serializers.IntegerField(
        default=0,
        help_text=gettext_lazy("Lines imported (or, before the import, new lines to import)"),
    )
    duplicates = serializers.IntegerField(
        default=0, help_text=gettext_lazy("Lines imported before")
    )
    rejected = serializers.IntegerField(default=0, help_text=gettext_lazy("Lines with a problem"))
    total = serializers.DecimalField(max_digits=20, decimal_places=2, default=Decimal("0.00"))
    imported_total = serializers.DecimalField(
        max_digits=20, decimal_places=2, default=Decimal("0.00")
    )
    currency = serializers.CharField(default="")
    period_start = serializers.DateField(allow_null=True, default=None)
    period_end = serializers.DateField(allow_null=True, default=None)
    suppliers = serializers.IntegerField(default=0)
    new_suppliers = serializers.IntegerField(default=0)


class JobState(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    title = serializers.CharField()
    state = serializers.CharField()
    done = serializers.IntegerField()
    total = serializers.IntegerField(allow_null=True)
    message = serializers.CharField()
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)


class CentsAsDecimal(serializers.DecimalField):
    """Integer cents as a decimal string of euros (or the import's currency)."""

    def __init__(self, **kwargs):
        super().__init__(max_digits=20, decimal_places=2, **kwargs)

    def to_representation(self, value):
        return super().to_representation(Decimal(value) / 100)


class LedgerImportRow(serializers.Serializer):
    """One import in the list."""

    id = serializers.IntegerField()
    url = serializers.SerializerMethodField(help_text=gettext_lazy("This import in the API"))
    file_name = serializers.CharField()
    file_size = serializers.IntegerField()
    file_sha256 = serializers.CharField()
    state = serializers.ChoiceField(choices=ImportState.choices)
    state_label = serializers.CharField(source="get_state_display")
    created_at = serializers.DateTimeField()
    committed_at = serializers.DateTimeField(allow_null=True)
    currency = serializers.CharField()
    lines = serializers.IntegerField(
        source="rows_imported", help_text=gettext_lazy("Lines the import wrote")
    )
    total = CentsAsDecimal(
        source="total_cents", help_text=gettext_lazy("Their total in the import's currency")
    )
    summary = ImportFigures(allow_null=True, read_only=True)
    problem_count = serializers.SerializerMethodField(
        help_text=gettext_lazy("Lines rejected for a problem")
    )

    def get_url(self, ledger_import) -> str:
        return import_url(self.context["request"], ledger_import)

    def get_problem_count(self, ledger_import) -> int:
        return (ledger_import.summary or {}).get("rejected", 0)


def import_url(request, ledger_import) -> str:
    return request.build_absolute_uri(
        reverse(
            "api:ledger_import",
            kwargs={"org_slug": request.organisation.slug, "pk": ledger_import.pk},
        )
    )


class ImportProblem(serializers.Serializer):
    line = serializers.IntegerField(help_text=gettext_lazy("Line in the file (1 is the header)"))
    column = serializers.CharField(help_text=gettext_lazy("Column as the file names it"))
    code = serializers.CharField()
    message = serializers.CharField()


class LedgerImportDetail(LedgerImportRow):
    """One import with its problems and the jobs that work on it."""

    sheet = serializers.CharField()
    mapping = serializers.DictField(child=serializers.CharField())
    options = serializers.DictField()
    exchange_rate = serializers.DecimalField(max_digits=16, decimal_places=6, allow_null=True)
    period_start = serializers.DateField(allow_null=True)
    period_end = serializers.DateField(allow_null=True)
    problems = serializers.SerializerMethodField(
        help_text=gettext_lazy("The problems of the rejected lines (the first 1,000)")
    )
    warnings = serializers.SerializerMethodField()
    job = serializers.SerializerMethodField(
        help_text=gettext_lazy("The job working on the import now, or the last one")
    )
    jobs = serializers.SerializerMethodField()

    @extend_schema_field(ImportProblem(many=True))
    def get_problems(self, ledger_import):
        return [_problem(problem) for problem in (ledger_import.summary or {}).get("errors", [])]

    @extend_schema_field(ImportProblem(many=True))
    def get_warnings(self, ledger_import):
        return [_problem(problem) for problem in (ledger_import.summary or {}).get("warnings", [])]

    @extend_schema_field(JobState(allow_null=True))
    def get_job(self, ledger_import):
        jobs = self.context["jobs"]
        return JobState(jobs[-1]).data if jobs else None

    @extend_schema_field(JobState(many=True))
    def get_jobs(self, ledger_import):
        return JobState(self.context["jobs"], many=True).data


def _problem(problem: dict) -> dict:
    """A stored problem in the reader's language (`core.imports.problems`)."""
    return {
        "line": problem.get("line") or 0,
        "column": problem.get("column") or "",
        "code": problem.get("code") or "",
        "message": shown(problem),
    }
