from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from impactinkoop.core.urls import ORG

from . import views
from .forms import EmailAuthenticationForm

app_name = "accounts"

urlpatterns = [
    path("", views.start, name="start"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            authentication_form=EmailAuthenticationForm,
            template_name="accounts/login.html",
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(
            template_name="accounts/password_reset.html",
            email_template_name="accounts/email/password_reset_body.txt",
            subject_template_name="accounts/email/password_reset_subject.txt",
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path(
        "account/password/",
        auth_views.PasswordChangeView.as_view(
            template_name="accounts/password_change.html",
            success_url=reverse_lazy("accounts:password_change_done"),
        ),
        name="password_change",
    ),
    path(
        "account/password/done/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="accounts/password_change_done.html"
        ),
        name="password_change_done",
    ),
    path("account/", views.profile, name="profile"),
    path("organisations/", views.organisation_list, name="organisations"),
    path("organisations/switch/", views.organisation_switch, name="switch"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path(ORG + "members/", views.members, name="members"),
    path(ORG + "members/<int:pk>/role/", views.member_role, name="member_role"),
    path(ORG + "members/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path(ORG + "members/<int:pk>/deactivate/", views.member_deactivate, name="member_deactivate"),
    path(ORG + "members/<int:pk>/reactivate/", views.member_reactivate, name="member_reactivate"),
    path(ORG + "invitations/<int:pk>/revoke/", views.invitation_revoke, name="invitation_revoke"),
    path(ORG + "settings/", views.organisation_settings, name="settings"),
    path(ORG + "settings/house-style/", views.house_style, name="house_style"),
    # Public, but only at the theme's random version (see views.theme_css).
    path("themes/<slug:slug>/<str:version>/theme.css", views.theme_css, name="theme_css"),
    path("themes/<slug:slug>/<str:version>/logo/", views.theme_logo, name="theme_logo"),
    path("platform/house-styles/", views.house_styles, name="house_styles"),
]
