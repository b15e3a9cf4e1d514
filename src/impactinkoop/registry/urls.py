from django.urls import path

from impactinkoop.core.urls import ORG

from . import views

app_name = "registry"

REGISTER = ORG + "register/"

urlpatterns = [
    path(REGISTER, views.company_list, name="companies"),
    path(REGISTER + "new/", views.company_create, name="company_create"),
    path(REGISTER + "<int:pk>/", views.company_detail, name="company"),
    path(REGISTER + "<int:pk>/edit/", views.company_edit, name="company_edit"),
    path(
        REGISTER + "<int:pk>/qualifications/new/",
        views.qualification_create,
        name="qualification_create",
    ),
    path(
        REGISTER + "qualifications/<int:pk>/", views.qualification_edit, name="qualification_edit"
    ),
    path(REGISTER + "qualifications/<int:pk>/evidence/", views.evidence, name="evidence"),
    path(REGISTER + "policy/", views.policy, name="policy"),
    path(REGISTER + "import/", views.import_start, name="import_start"),
    path(REGISTER + "import/<int:pk>/", views.import_mapping, name="import_mapping"),
    path(REGISTER + "import/<int:pk>/review/", views.import_review, name="import_review"),
    path(REGISTER + "import/<int:pk>/commit/", views.import_commit, name="import_commit"),
    path(REGISTER + "import/<int:pk>/cancel/", views.import_cancel, name="import_cancel"),
]
