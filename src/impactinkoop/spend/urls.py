from django.urls import path

from impactinkoop.core.urls import ORG

from .views import baseline, drilldown, imports, linking

app_name = "spend"

SPEND = ORG + "spend/"

urlpatterns = [
    path(SPEND + "imports/", imports.import_list, name="imports"),
    path(SPEND + "imports/<int:pk>/", imports.import_detail, name="import"),
    path(SPEND + "imports/<int:pk>/import/", imports.import_commit, name="import_commit"),
    path(SPEND + "imports/<int:pk>/cancel/", imports.import_cancel, name="import_cancel"),
    path(SPEND + "imports/<int:pk>/rate/", imports.import_rate, name="import_rate"),
    path(SPEND + "imports/<int:pk>/delete/", imports.import_delete, name="import_delete"),
    path(SPEND + "suppliers/", linking.supplier_list, name="suppliers"),
    path(SPEND + "matches/", linking.match_queue, name="matches"),
    path(SPEND + "matches/start/", linking.match_start, name="match_start"),
    path(SPEND + "matches/list/", linking.match_list, name="match_list"),
    path(SPEND + "matches/reject/", linking.match_reject, name="match_reject"),
    path(SPEND + "matches/<int:pk>/", linking.match_decide, name="match_decide"),
    path(SPEND + "baseline/", baseline.dashboard, name="baseline"),
    path(SPEND + "baseline/lines/", drilldown.lines, name="baseline_lines"),
    path(
        SPEND + "baseline/lines/export/",
        drilldown.lines_export,
        name="baseline_lines_export",
    ),
    path(SPEND + "baseline/pdf/", baseline.pdf, name="baseline_pdf"),
    path(SPEND + "baseline/freeze/", baseline.freeze, name="baseline_freeze"),
    path(
        SPEND + "baseline/export/<slug:table>/",
        drilldown.export_table,
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
