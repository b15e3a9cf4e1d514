from django.urls import path

from impactinkoop.core.urls import ORG

from .views import baseline, imports

app_name = "spend"

SPEND = ORG + "spend/"

urlpatterns = [
    path(SPEND + "imports/", imports.import_list, name="imports"),
    path(SPEND + "imports/<int:pk>/", imports.import_detail, name="import"),
    path(SPEND + "imports/<int:pk>/import/", imports.import_commit, name="import_commit"),
    path(SPEND + "imports/<int:pk>/cancel/", imports.import_cancel, name="import_cancel"),
    path(SPEND + "imports/<int:pk>/rate/", imports.import_rate, name="import_rate"),
    path(SPEND + "imports/<int:pk>/delete/", imports.import_delete, name="import_delete"),
    path(SPEND + "suppliers/", imports.supplier_list, name="suppliers"),
    path(SPEND + "matches/", imports.match_queue, name="matches"),
    path(SPEND + "matches/start/", imports.match_start, name="match_start"),
    path(SPEND + "matches/list/", imports.match_list, name="match_list"),
    path(SPEND + "matches/reject/", imports.match_reject, name="match_reject"),
    path(SPEND + "matches/<int:pk>/", imports.match_decide, name="match_decide"),
    path(SPEND + "baseline/", baseline.dashboard, name="baseline"),
    path(SPEND + "baseline/lines/", baseline.lines, name="baseline_lines"),
    path(
        SPEND + "baseline/lines/export/",
        baseline.lines_export,
        name="baseline_lines_export",
    ),
    path(SPEND + "baseline/pdf/", baseline.pdf, name="baseline_pdf"),
    path(SPEND + "baseline/freeze/", baseline.freeze, name="baseline_freeze"),
    path(
        SPEND + "baseline/export/<slug:table>/",
        baseline.export_table,
        name="baseline_export",
    ),
    path(SPEND + "baselines/<int:pk>/", baseline.frozen_baseline, name="baseline_frozen"),
    path(SPEND + "baselines/<int:pk>/pdf/", baseline.pdf, name="baseline_frozen_pdf"),
    path(
        SPEND + "baselines/<int:pk>/official/",
        baseline.official,
        name="baseline_official",
    ),
]
