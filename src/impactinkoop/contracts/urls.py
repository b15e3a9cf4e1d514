from django.urls import path

from impactinkoop.core.urls import ORG

from .views import contracts, imports, tenders

app_name = "contracts"

CONTRACTS = ORG + "contracts/"
TENDERS = ORG + "tenders/"

urlpatterns = [
    path(CONTRACTS, contracts.contract_list, name="contracts"),
    path(CONTRACTS + "new/", contracts.contract_edit, name="contract_new"),
    path(CONTRACTS + "<int:pk>/", contracts.contract_detail, name="contract"),
    path(CONTRACTS + "<int:pk>/edit/", contracts.contract_edit, name="contract_edit"),
    path(CONTRACTS + "<int:pk>/extension/", contracts.contract_extension, name="extension"),
    path(CONTRACTS + "<int:pk>/tender/", contracts.contract_tender, name="contract_tender"),
    path(CONTRACTS + "ocds.json", contracts.ocds_export, name="ocds_export"),
    path(CONTRACTS + "import/", imports.import_start, name="import_start"),
    path(CONTRACTS + "import/<int:pk>/", imports.import_mapping, name="import_mapping"),
    path(CONTRACTS + "import/<int:pk>/review/", imports.import_review, name="import_review"),
    path(CONTRACTS + "import/<int:pk>/commit/", imports.import_commit, name="import_commit"),
    path(CONTRACTS + "import/<int:pk>/cancel/", imports.import_cancel, name="import_cancel"),
    path(TENDERS, tenders.pipeline, name="pipeline"),
    path(TENDERS + "uncovered-spend/", tenders.uncovered, name="uncovered"),
    path(TENDERS + "rules/", tenders.rules, name="rules"),
    path(TENDERS + "new/", tenders.tender_new, name="tender_new"),
    path(TENDERS + "<int:pk>/", tenders.tender_detail, name="tender"),
    path(TENDERS + "<int:pk>/edit/", tenders.tender_edit, name="tender_edit"),
    path(TENDERS + "<int:pk>/status/", tenders.tender_status, name="tender_status"),
    path(TENDERS + "<int:pk>/award/", tenders.tender_award, name="tender_award"),
]
