"""`/api/v1/`: the schema and its docs, then the three scopes (decision 0026)."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from impactinkoop.core.urls import ORG

from . import token_views
from .views import (
    contractor,
    contracts,
    docs,
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
    # The browser's pages where people make and revoke tokens.
    path(ORG + "api-tokens/", token_views.tokens, name="tokens"),
    path(ORG + "api-tokens/<int:pk>/", token_views.token_detail, name="token"),
    path(ORG + "api-tokens/<int:pk>/revoke/", token_views.token_revoke, name="token_revoke"),
    path("contractor/api-tokens/", token_views.contractor_tokens, name="contractor_tokens"),
    path(
        "contractor/api-tokens/<int:pk>/revoke/",
        token_views.contractor_token_revoke,
        name="contractor_token_revoke",
    ),
    # The API itself.
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/v1/docs/", docs.DocsView.as_view(url_name="api:schema"), name="docs"),
    path("api/v1/o/<slug:org_slug>/", include(organisation_patterns)),
    path("api/v1/contractor/", include(contractor.urlpatterns)),
    path("api/v1/public/", include(public.urlpatterns)),
    path("api/v1/<path:rest>", fallback.NotFoundView.as_view(), name="not_found"),
]
