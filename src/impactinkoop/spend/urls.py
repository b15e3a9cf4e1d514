from django.urls import path

from impactinkoop.core.urls import ORG

from . import views

app_name = "spend"

SPEND = ORG + "spend/"

urlpatterns = [
    path(SPEND + "imports/", views.import_list, name="imports"),
    path(SPEND + "imports/<int:pk>/", views.import_detail, name="import"),
    path(SPEND + "imports/<int:pk>/import/", views.import_commit, name="import_commit"),
    path(SPEND + "imports/<int:pk>/cancel/", views.import_cancel, name="import_cancel"),
    path(SPEND + "imports/<int:pk>/delete/", views.import_delete, name="import_delete"),
    path(SPEND + "suppliers/", views.supplier_list, name="suppliers"),
    path(SPEND + "matches/", views.match_queue, name="matches"),
    path(SPEND + "matches/start/", views.match_start, name="match_start"),
    path(SPEND + "matches/<int:pk>/", views.match_decide, name="match_decide"),
]
