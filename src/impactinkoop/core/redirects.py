"""Where a form may send the person afterwards: a `next` address only when it stays on this
site (no open redirect), else the page's own fallback."""

from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, target: str, fallback: str) -> str:
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def requested_next(request) -> str:
    """The `next` the request carries, in its form or its query string."""
    return request.POST.get("next") or request.GET.get("next") or ""
