"""Root URLs: each app brings its own, organisation pages under `o/<org_slug>/`."""

from django.urls import include, path

urlpatterns = [
    path("", include("impactinkoop.accounts.urls")),
    path("", include("impactinkoop.signin.urls")),
    path("", include("impactinkoop.core.urls")),
    path("", include("impactinkoop.registry.urls")),
    path("", include("impactinkoop.spend.urls")),
    path("", include("impactinkoop.catalogue.urls")),
    path("", include("impactinkoop.contracts.urls")),
    path("", include("impactinkoop.sroi.urls")),
    path("", include("impactinkoop.plans.urls")),
    path("", include("impactinkoop.tenderboard.urls")),
    path("", include("impactinkoop.conversations.urls")),
    path("", include("impactinkoop.reports.urls")),
    path("", include("impactinkoop.peers.urls")),
    path("", include("impactinkoop.portal.urls")),
    path("", include("impactinkoop.api.urls")),
    # Last: its `sign-in/<slug>/` must not shadow a fixed `sign-in/...` address of another app.
    path("", include("impactinkoop.sso.urls")),
]

handler500 = "impactinkoop.core.views.server_error"
