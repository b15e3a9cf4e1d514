"""Views that need no organisation: the language choice, the health check, security.txt and error
pages."""

from datetime import UTC, datetime, time, timedelta

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.http import require_GET, require_POST

from .redirects import safe_next


@require_POST
def set_language(request):
    """Choose the interface language: stored on the user, and in a cookie before login."""
    language = request.POST.get("language", "")
    next_url = safe_next(request, request.POST.get("next", ""), "/")
    response = HttpResponseRedirect(next_url)
    if language not in {code for code, _name in settings.LANGUAGES}:
        return response
    if request.user.is_authenticated and request.user.language != language:
        request.user.language = language
        request.user.save(update_fields=["language"])
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE or 60 * 60 * 24 * 365,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response


@require_GET
def health(request):
    """For load balancers and uptime checks: is this process up and can it reach the database?"""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_GET
def security_txt(request):
    """/.well-known/security.txt (RFC 9116): whom to tell of a vulnerability, in which
    languages, and the policy (SECURITY.md). It expires SECURITY_TXT_VALID_DAYS after today, at
    midnight UTC, so it never goes stale and reads the same all day."""
    today = datetime.now(UTC).date()
    expires = datetime.combine(
        today + timedelta(days=settings.SECURITY_TXT_VALID_DAYS), time(), UTC
    )
    lines = [f"Contact: {contact}" for contact in settings.SECURITY_CONTACTS]
    lines += [
        f"Expires: {expires.strftime('%Y-%m-%dT%H:%M:%SZ')}",
        "Preferred-Languages: nl, en",
        f"Canonical: {settings.SITE_URL}/.well-known/security.txt",
        f"Policy: {settings.SECURITY_POLICY_URL}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def csrf_failure(request, reason: str = ""):
    return render(request, "errors/403_csrf.html", status=403)


def server_error(request):
    """500 page without database access, in the language the request already had."""
    template = loader.get_template("500.html")
    return HttpResponse(template.render({"request": request}), status=500)
