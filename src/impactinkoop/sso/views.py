"""The organisation's sign-in settings page, and the shared page that finds the organisation of
an e-mail address. The OpenID Connect flow itself is in `signing_in`."""

from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from impactinkoop.accounts.roles import Permission
from impactinkoop.accounts.tenancy import organisation_view
from impactinkoop.core.redirects import requested_next, safe_next

from .forms import FindOrganisationForm, ProviderForm
from .models import IdentityProvider
from .services import save_provider


@organisation_view(Permission.EDIT_ORGANISATION)
@require_http_methods(["GET", "POST"])
def provider_settings(request):
    organisation = request.organisation
    provider = IdentityProvider.objects.filter(organisation=organisation).first()
    provider = provider or IdentityProvider(organisation=organisation)
    form = ProviderForm(request.POST or None, instance=provider, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        save_provider(
            actor=request.user,
            provider=form.instance,
            secret=form.cleaned_data["client_secret"],
            domains=form.cleaned_data["email_domains"],
        )
        messages.success(request, _("The sign-in settings have been saved."))
        return redirect("sso:settings", org_slug=organisation.slug)
    status = 400 if request.method == "POST" else 200
    context = {
        "form": form,
        "provider": provider,
        "redirect_uri": request.build_absolute_uri(reverse("sso:callback")),
        "sign_in_url": request.build_absolute_uri(reverse("sso:start", args=[organisation.slug])),
        "post_logout_uri": request.build_absolute_uri(reverse("accounts:login")),
    }
    return render(request, "sso/settings.html", context, status=status)


@require_http_methods(["GET", "POST"])
def find_organisation(request):
    """From the shared login page: an e-mail address leads to its organisation's provider."""
    next_url = safe_next(request, requested_next(request), "")
    form = FindOrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # A page with a link, not a redirect: the policy's form-action 'self' also holds for
        # the redirects after this form, and the provider is elsewhere.
        target = reverse("sso:start", args=[form.organisation.slug])
        return render(
            request,
            "sso/continue.html",
            {
                "organisation": form.organisation,
                "target": f"{target}?{urlencode({'next': next_url})}" if next_url else target,
            },
        )
    status = 400 if request.method == "POST" else 200
    return render(
        request, "sso/find_organisation.html", {"form": form, "next": next_url}, status=status
    )
