"""The ledger imports: push a file, list the imports, one import."""

from django.core.files.uploadedfile import SimpleUploadedFile

from impactinkoop.accounts.roles import Permission
from impactinkoop.api.scopes import Scope
from impactinkoop.spend.models import LedgerImport

from .harness import Endpoint

LEDGER = (
    b"Crediteur;Factuurdatum;Bedrag\n"
    b"DE WERKPLAATS B.V.;15-01-2025;1.234,56\n"
    b"Jansen & Zn;20-02-2025;50,00\n"
)


def a_ledger_file(org, user, made) -> dict:
    return {"file": SimpleUploadedFile("grootboek.csv", LEDGER, content_type="text/csv")}


def an_import(org, user) -> dict:
    ledger_import = LedgerImport.objects.create(
        organisation=org, file_name="grootboek.csv", file_sha256="0" * 64, created_by=user
    )
    return {"pk": ledger_import.pk}


def a_listed_import(org, user) -> dict:
    an_import(org, user)
    return {}  # the list's URL has no arguments besides the organisation


ENDPOINTS = [
    Endpoint(
        "ledger_imports",
        method="POST",
        permission=Permission.IMPORT_SPEND,
        scope=Scope.IMPORT_LEDGERS,
        body=a_ledger_file,
        multipart=True,
        ok=(202,),
    ),
    Endpoint(
        "ledger_imports",
        permission=Permission.IMPORT_SPEND,
        scope=Scope.IMPORT_LEDGERS,
        setup=a_listed_import,
    ),
    Endpoint(
        "ledger_import",
        permission=Permission.IMPORT_SPEND,
        scope=Scope.IMPORT_LEDGERS,
        setup=an_import,
    ),
]
