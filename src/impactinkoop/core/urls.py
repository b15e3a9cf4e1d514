from django.urls import path

from . import views

# Every organisation page lives under this prefix; `organisation_view` resolves it.
ORG = "o/<slug:org_slug>/"

app_name = "core"

urlpatterns = [
    path("language/", views.set_language, name="set_language"),
    path("health/", views.health, name="health"),
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
