from django.urls import path

from . import views
from .reference import views as reference

# Every organisation page lives under this prefix; `organisation_view` resolves it.
ORG = "o/<slug:org_slug>/"

app_name = "core"

urlpatterns = [
    path("language/", views.set_language, name="set_language"),
    path("health/", views.health, name="health"),
    path(".well-known/security.txt", views.security_txt, name="security_txt"),
    path("reference/cpv/", reference.cpv_search, name="cpv_search"),
    path("ocds-extension/<str:name>", reference.ocds_extension, name="ocds_extension"),
]
