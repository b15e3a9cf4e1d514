from django.urls import path

from impactinkoop.core.urls import ORG

from . import views

app_name = "portal"

urlpatterns = [
    path(ORG, views.organisation_home, name="home"),
    path(ORG + "steps/<slug:step_slug>/", views.step_detail, name="step"),
    path(ORG + "audit/", views.audit_log, name="audit"),
    path(ORG + "audit/export/", views.audit_export, name="audit_export"),
    path(ORG + "jobs/", views.job_list, name="jobs"),
    path(ORG + "jobs/<int:pk>/", views.job_detail, name="job"),
    path(ORG + "jobs/<int:pk>/retry/", views.job_retry, name="job_retry"),
    path(ORG + "jobs/<int:pk>/status/", views.job_status, name="job_status"),
    path(ORG + "jobs/<int:pk>/download/", views.job_download, name="job_download"),
]
