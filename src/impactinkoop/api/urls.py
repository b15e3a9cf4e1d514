"""`/api/v1/`: the schema and its docs, then the three scopes (decision 0026)."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from .views import (
    contractor,
    contracts,
    fallback,
    figures,
    goals,
    ledgers,
    public,
    register,
    sroi,
    suppliers,
)

app_name = "api"

organisation_patterns = [
    *figures.urlpatterns,
    *ledgers.urlpatterns,
    *suppliers.urlpatterns,
    *register.urlpatterns,
    *goals.urlpatterns,
    *contracts.urlpatterns,
    *sroi.urlpatterns,
]

urlpatterns = [
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/v1/docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("api/v1/o/<slug:org_slug>/", include(organisation_patterns)),
    path("api/v1/contractor/", include(contractor.urlpatterns)),
    path("api/v1/public/", include(public.urlpatterns)),
    path("api/v1/<path:rest>", fallback.NotFoundView.as_view(), name="not_found"),
]
