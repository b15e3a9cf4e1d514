from django.urls import path

from impactinkoop.core.urls import ORG

from . import member_views, views

app_name = "signin"

urlpatterns = [
    path("login/second-factor/", views.verify, name="verify"),
    path("account/two-factor/", views.setup, name="setup"),
    path("account/security/", views.security, name="security"),
    path("account/security/recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("account/security/two-factor/off/", views.turn_off, name="turn_off"),
    path("account/security/sessions/<int:pk>/end/", views.end_session, name="end_session"),
    path("account/security/browsers/<int:pk>/forget/", views.forget_browser, name="forget_browser"),
    path(
        "account/security/sign-out-everywhere/",
        views.sign_out_everywhere,
        name="sign_out_everywhere",
    ),
    path(
        ORG + "members/<int:pk>/second-factor/reset/",
        member_views.reset_member,
        name="reset_member",
    ),
]
