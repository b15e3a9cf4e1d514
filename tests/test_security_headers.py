"""Headers on every page: a Content-Security-Policy that runs no inline script, and no caching of
what a logged-in person sees. Walks the whole URLconf, so a new page is checked too."""

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from impactinkoop.accounts.models import ContractorAccess, Invitation
from impactinkoop.accounts.models import Theme as AccountTheme
from impactinkoop.accounts.roles import Role
from impactinkoop.catalogue.models import Revision
from impactinkoop.core.models import StoredFile
from impactinkoop.registry.models import Company
from impactinkoop.spend.baseline.periods import Period
from impactinkoop.spend.models import Baseline
from impactinkoop.spend.services import freeze_baseline

from .peers.test_groups_scope import example_kwargs as group_kwargs
from .test_tenancy import url_kwargs, victim  # noqa: F401 - victim is a fixture

POLICY = {
    "default-src": {"'none'"},
    "script-src": {"'self'"},
    "style-src": {"'self'", "'unsafe-inline'"},
    "img-src": {"'self'"},
    "font-src": {"'self'"},
    "connect-src": {"'self'"},
    "form-action": {"'self'"},
    "base-uri": {"'self'"},
    "frame-ancestors": {"'none'"},
    "object-src": {"'none'"},
}


def parse_policy(header: str) -> dict[str, set[str]]:
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = set(sources)
    return directives


def all_url_names() -> dict[str, str]:
    """Every named URL with its route."""
    names = {}

    def walk(patterns, namespace, prefix):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if route.startswith("api/v1/"):
                # The API takes a token, not a session, and answers JSON: tests/api walks it
                # (the access matrix, schemathesis for bad input, test_schema for its docs page).
                continue
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace, route)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names[f"{namespace}:{pattern.name}" if namespace else pattern.name] = route

    walk(get_resolver().url_patterns, None, "")
    return names


@pytest.fixture
def viewable(org, alice, victim):  # noqa: F811
    """The tenancy tests' objects, made whole enough for alice to open every page of them."""
    # The victim's baseline is a stub; its pages need one frozen from real (empty) figures,
    # and the list breaks on a baseline whose freezer is gone (left for spend, see the report).
    Baseline.objects.update(frozen_by=alice)
    victim["baseline"] = freeze_baseline(
        actor=alice, organisation=org, period=Period.year(2025), name="Nulmeting", official=False
    )
    victim["enterprise"].editors.add(alice)
    return victim


@pytest.fixture
def every_url(org, alice, viewable):
    """One address for every named URL, pointing at objects alice may see."""
    enterprise, offer, quote = viewable["enterprise"], viewable["offer"], viewable["quote"]
    logo = StoredFile.from_bytes(b"\x89PNG", name="logo.png", content_type="image/png")
    revision = Revision.objects.create(
        enterprise=enterprise, subject="profile", data={"name": "Nieuw"}, logo=logo
    )
    invitation, token = Invitation.new(
        organisation=org, email="nieuw@example.org", role=Role.VIEWER, invited_by=alice
    )
    invitation.save()
    theme = AccountTheme.objects.get(organisation=org)
    theme.public_catalogue = True
    theme.logo, theme.logo_content_type = b"\x89PNG", "image/png"
    theme.save()
    # Alice reports for the victim obligation's contractor too, so the contractor pages open.
    realisation, evidence = viewable["realisation"], viewable["sroi_evidence"]
    contractor_company = Company.objects.get(pk=viewable["contractor_access"].company_id)
    ContractorAccess.grant(user=alice, company=contractor_company, organisation=org)
    type(realisation).objects.filter(pk=realisation.pk).update(company=contractor_company)
    outside = {
        "sroi:contractor_realisation": {"pk": realisation.pk},
        "sroi:contractor_answer": {"pk": realisation.pk},
        "sroi:contractor_resubmit": {"pk": realisation.pk},
        "sroi:contractor_follow_up": {"pk": realisation.pk},
        "sroi:contractor_evidence": {"pk": realisation.pk, "evidence": evidence.pk},
        "accounts:password_reset_confirm": {
            "uidb64": urlsafe_base64_encode(force_bytes(alice.pk)),
            "token": default_token_generator.make_token(alice),
        },
        "accounts:invitation": {"token": token},
        "catalogue:public_category": {"slug": "catering"},
        "catalogue:public_enterprise": {"slug": enterprise.slug},
        "catalogue:public_offer": {"pk": offer.pk},
        "catalogue:logo": {"slug": enterprise.slug, "file_id": logo.pk},
        "catalogue:my_enterprise": {"slug": enterprise.slug},
        "catalogue:profile_edit": {"slug": enterprise.slug},
        "catalogue:offer_new": {"slug": enterprise.slug},
        "catalogue:offer_edit": {"slug": enterprise.slug, "pk": offer.pk},
        "catalogue:offer_withdraw": {"slug": enterprise.slug, "pk": offer.pk},
        "catalogue:enterprise_request": {"slug": enterprise.slug, "pk": quote.pk},
        "catalogue:revision_logo": {"pk": revision.pk},
        "catalogue:curate_revision": {"pk": revision.pk},
        "catalogue:curate_enterprise": {"slug": enterprise.slug},
        **{name: {"slug": org.slug, "version": theme.version} for name in THEME_ASSETS},
        "catalogue:themed_home": {"theme_slug": org.slug},
        "catalogue:themed_search_page": {"theme_slug": org.slug},
        "catalogue:themed_category": {"theme_slug": org.slug, "slug": "catering"},
        "catalogue:themed_enterprise": {"theme_slug": org.slug, "slug": enterprise.slug},
        "catalogue:themed_offer": {"theme_slug": org.slug, "pk": offer.pk},
        "core:ocds_extension": {"name": "extension.json"},
        # The public impact page (off in the victim: 404, with the policy).
        **{
            f"reports:{name}": {"slug": org.slug}
            for name in ("public_page", "public_card", "public_csv", "public_json")
        },
        "reports:public_photo": {"slug": org.slug, "photo": viewable["story_photo"].pk},
        "api:contractor_token_revoke": {"pk": 1},
        # An organisation's own sign-in address (sso): outside o/<org_slug>/, for the signed out.
        "sso:start": {"slug": org.slug},
        # One's own sessions and remembered browsers (signin): 404 for an unknown one.
        "signin:end_session": {"pk": 1},
        "signin:forget_browser": {"pk": 1},
        # The intervision groups' pages (their own scope, under groups/): 404s have the policy too.
        **group_kwargs(),
    }
    urls = {}
    for name, route in all_url_names().items():
        if "<slug:org_slug>" in route:
            kwargs = {"org_slug": org.slug, **url_kwargs(name, viewable)}
        else:
            kwargs = outside.get(name, {})
        urls[name] = reverse(name, kwargs=kwargs)
    return urls


# The house style's stylesheet and logo: no personal data, at addresses that change with them,
# so every browser and proxy may keep them (accounts/views.py, theme_css).
THEME_ASSETS = ("accounts:theme_css", "accounts:theme_logo")


def responses(client, urls: dict[str, str]):
    for name, url in sorted(urls.items()):
        if name == "accounts:logout":
            continue  # would end the session the other pages need
        yield name, client.get(url)


def test_every_html_page_has_the_policy(every_url, alice, client, client_for):
    anonymous = list(responses(client, every_url))
    alice.is_staff = True
    alice.save()
    logged_in = list(responses(client_for(alice), every_url))
    html = [
        (name, response)
        for name, response in anonymous + logged_in
        if response["Content-Type"].startswith("text/html")
    ]
    assert len(html) > 100  # most pages, as 200, 302, 403 and 404 alike
    wrong = {
        name: response.get("Content-Security-Policy")
        for name, response in html
        if parse_policy(response.get("Content-Security-Policy", "x")) != POLICY
    }
    assert wrong == {}


def test_evidence_keeps_its_own_stricter_policy(org, alice, victim, client_for):  # noqa: F811
    url = reverse("registry:evidence", args=[org.slug, victim["qualification"].pk])
    response = client_for(alice).get(url)
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == "default-src 'none'"


def test_an_inline_script_can_carry_the_requests_nonce(rf):
    from csp.middleware import CSPMiddleware
    from django.http import HttpResponse
    from django.template import engines

    template = engines["django"].from_string('<script nonce="{{ request.csp_nonce }}"></script>')

    def view(request):
        return HttpResponse(template.render({}, request))

    response = CSPMiddleware(view)(rf.get("/"))
    nonce = response.content.decode().split('"')[1]
    assert len(nonce) == 24
    assert parse_policy(response["Content-Security-Policy"])["script-src"] == {
        "'self'",
        f"'nonce-{nonce}'",
    }


def test_nothing_a_logged_in_person_sees_is_stored_by_a_cache(every_url, alice, client_for):
    alice.is_staff = True
    alice.save()
    stored = {
        name: response.get("Cache-Control")
        for name, response in responses(client_for(alice), every_url)
        if "no-store" not in response.get("Cache-Control", "")
    }
    assert stored == {
        **dict.fromkeys(THEME_ASSETS, "public, max-age=31536000, immutable"),
        # Our OCDS extension: a public document, the same for everyone (decision 0019).
        "core:ocds_extension": "public, max-age=86400",
    }


def test_account_pages_with_personal_data_are_not_stored_for_anyone(every_url, client):
    account_pages = {
        name: url
        for name, url in every_url.items()
        if name.startswith("accounts:")
        and "<slug:org_slug>" not in all_url_names()[name]
        and name not in THEME_ASSETS
    }
    assert {"accounts:login", "accounts:password_reset", "accounts:invitation"} <= set(
        account_pages
    )
    stored = {
        name: response.get("Cache-Control")
        for name, response in responses(client, account_pages)
        if "no-store" not in response.get("Cache-Control", "")
    }
    assert stored == {}
    public = client.get("/catalogue/")
    assert public.status_code == 200 and "Cache-Control" not in public


def test_a_view_that_sets_its_own_caching_keeps_it(rf, alice):
    from django.http import HttpResponse

    from impactinkoop.core.middleware import NoStoreMiddleware

    def cached_view(request):
        response = HttpResponse("logo")
        response["Cache-Control"] = "public, max-age=3600"
        return response

    request = rf.get("/")
    request.user = alice
    assert NoStoreMiddleware(cached_view)(request)["Cache-Control"] == "public, max-age=3600"
