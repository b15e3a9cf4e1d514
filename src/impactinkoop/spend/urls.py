from django.urls import path

from impactinkoop.core.urls import ORG

from . import baseline_views, views

app_name = "spend"

SPEND = ORG + "spend/"

urlpatterns = [
    path(SPEND + "imports/", views.import_list, name="imports"),
    path(SPEND + "imports/<int:pk>/", views.import_detail, name="import"),
    path(SPEND + "imports/<int:pk>/import/", views.import_commit, name="import_commit"),
    path(SPEND + "imports/<int:pk>/cancel/", views.import_cancel, name="import_cancel"),
    path(SPEND + "imports/<int:pk>/rate/", views.import_rate, name="import_rate"),
    path(SPEND + "imports/<int:pk>/delete/", views.import_delete, name="import_delete"),
    path(SPEND + "suppliers/", views.supplier_list, name="suppliers"),
    path(SPEND + "matches/", views.match_queue, name="matches"),
    path(SPEND + "matches/start/", views.match_start, name="match_start"),
    path(SPEND + "matches/list/", views.match_list, name="match_list"),
    path(SPEND + "matches/reject/", views.match_reject, name="match_reject"),
    path(SPEND + "matches/<int:pk>/", views.match_decide, name="match_decide"),
    path(SPEND + "baseline/", baseline_views.dashboard, name="baseline"),
    path(SPEND + "baseline/lines/", baseline_views.lines, name="baseline_lines"),
    path(
        SPEND + "baseline/lines/export/",
        baseline_views.lines_export,
        name="baseline_lines_export",
    ),
    path(SPEND + "baseline/pdf/", baseline_views.pdf, name="baseline_pdf"),
    path(SPEND + "baseline/freeze/", baseline_views.freeze, name="baseline_freeze"),
    path(
        SPEND + "baseline/export/<slug:table>/",
        baseline_views.export_table,
        name="baseline_export",
    ),
    path(SPEND + "baselines/<int:pk>/", baseline_views.frozen_baseline, name="baseline_frozen"),
    path(SPEND + "baselines/<int:pk>/pdf/", baseline_views.pdf, name="baseline_frozen_pdf"),
    path(
        SPEND + "baselines/<int:pk>/official/",
        baseline_views.official,
        name="baseline_official",
    ),
]
