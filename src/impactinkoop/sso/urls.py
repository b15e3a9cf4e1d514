from django.urls import path

from impactinkoop.core.urls import ORG

from . import views
from .signing_in import ProviderCallbackView, ProviderSignInView

app_name = "sso"

urlpatterns = [
    # Outside o/<org_slug>/: people who are not signed in yet start here.
    path("sign-in/<slug:slug>/", ProviderSignInView.as_view(), name="start"),
    path("sso/", views.find_organisation, name="find_organisation"),
    path("sso/callback/", ProviderCallbackView.as_view(), name="callback"),
    path(ORG + "settings/sign-in/", views.provider_settings, name="settings"),
]
