"""The tenant boundary: the one place where a request is tied to an organisation.

Every organisation page is routed under `o/<org_slug>/` and wrapped in `organisation_view`, which
looks the organisation up through the user's own active memberships. Anyone who is not a member
gets the same 404 as for an organisation that does not exist, so outsiders learn nothing; so does
a member whose membership an administrator deactivated (the row and the person's history stay,
it opens nothing). Objects inside the organisation are fetched with `get_for_organisation`, which
filters on the organisation first.

Contractors are the second, separate scope: a user with `ContractorAccess` rows (a company in the
register, invited by an organisation) reports social return on the pages under `/contractor/`,
wrapped in `contractor_view`. Contractor access is not a membership, so it never opens an
organisation page; what a contractor may see is bounded by its (company, organisation) pairs.

Intervision groups are the third scope: a group spans organisations and belongs to none, so its
pages live under `/groups/<group_pk>/`, wrapped in `group_view`. The only question there is
whether the user is a member of the group, whatever organisation the user is in; anyone else gets
the same 404 as for a group that does not exist. Objects inside a group (meetings, dilemmas,
answers, invitations) are fetched filtered by the group first. Accounts knows nothing of groups
(the layers forbid it): the app that owns them passes the lookup.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import ContractorAccess, Membership, Theme
from .roles import Permission


def membership_for(user, org_slug: str) -> Membership:
    """The user's active membership of the organisation with this slug, or 404. All the user's
    active memberships are read in the same query (a user has a few): the header's organisation
    switcher lists them from `membership.user_organisations` instead of asking again."""
    if not user.is_authenticated:
        raise Http404
    memberships = list(
        # The theme comes along: every page's header reads it (templatetags/themes.py).
        Membership.objects.select_related("organisation__theme")
        .defer("organisation__theme__logo")
        .active()
        .filter(user=user)
    )
    membership = next((m for m in memberships if m.organisation.slug == org_slug), None)
    if membership is None:
        raise Http404
    membership.user_organisations = sorted(
        (m.organisation for m in memberships), key=lambda o: (o.name.casefold(), o.pk)
    )
    return membership


def organisation_view(permission: str = Permission.VIEW_ORGANISATION):
    """Decorate a view routed with `org_slug`: login, membership (else 404), permission (else 403).

    The view receives the request with `request.organisation` and `request.membership` set and
    without the `org_slug` argument.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, org_slug: str, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            membership = membership_for(request.user, org_slug)
            if not membership.has_permission(permission):
                raise PermissionDenied
            request.organisation = membership.organisation
            request.membership = membership
            return view(request, *args, **kwargs)

        wrapped.organisation_permission = permission
        return wrapped

    return decorator


def contractor_accesses_of(user) -> list[ContractorAccess]:
    """The user's contractor accesses, with company and organisation, in a stable order."""
    if not user.is_authenticated:
        return []
    return list(
        ContractorAccess.objects.select_related("organisation")
        .filter(user=user)
        .order_by("organisation__name", "company_name", "pk")
    )


def contractor_view(view):
    """Decorate a contractor page: login (else the login page), contractor access (else 404).

    The view receives the request with `request.contractor_accesses` set: the user's accesses,
    each a company in the register and the organisation that invited it for that company. The
    view itself must bound every object by those pairs (`sroi.queries.contractor_obligations`).
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        accesses = contractor_accesses_of(request.user)
        if not accesses:
            raise Http404
        request.contractor_accesses = accesses
        return view(request, *args, **kwargs)

    wrapped.contractor_scope = True
    return wrapped


def group_view(lookup: Callable[[object, int], object | None]):
    """Decorate a page of a group that spans organisations, routed with `group_pk`: login (else
    the login page), membership of the group (else 404, the same as for a missing group).

    `lookup(user, group_pk)` returns the user's member row of that group (with its `group`), or
    None. The view receives the request with `request.group_member` and `request.group` set and
    without the `group_pk` argument; `request.organisation` stays unset, since a group belongs to
    no organisation. The view must fetch every object through `request.group`.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, group_pk: int, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            member = lookup(request.user, group_pk)
            if member is None:
                raise Http404
            request.group_member = member
            request.group = member.group
            return view(request, *args, **kwargs)

        wrapped.group_scope = True
        return wrapped

    return decorator


def scoped(
    request, model_or_queryset: type[Model] | QuerySet, field: str = "organisation"
) -> QuerySet:
    """The rows of a model that belong to the request's organisation (through `field`)."""
    queryset = (
        model_or_queryset
        if isinstance(model_or_queryset, QuerySet)
        else model_or_queryset._default_manager.all()
    )
    return queryset.filter(**{field: request.organisation})


def get_for_organisation(request, model_or_queryset, field: str = "organisation", **lookup):
    """One object of the request's organisation, or 404 whether it is missing or someone else's."""
    return get_object_or_404(scoped(request, model_or_queryset, field), **lookup)


def public_theme_view(view):
    """A public page shown in an organisation's house style, routed with `theme_slug`.

    Only for an organisation whose administrator chose to (`Theme.public_catalogue`); for any
    other slug the answer is the same 404, so the address reveals no organisation that did not
    choose to be found. `request.theme_organisation` is set, `request.organisation` is not: the
    page shows what the public sees, never the organisation's own data.
    """

    @wraps(view)
    def wrapped(request, theme_slug: str, *args, **kwargs):
        theme = (
            Theme.objects.select_related("organisation")
            .defer("logo")
            .filter(organisation__slug=theme_slug, public_catalogue=True)
            .first()
        )
        if theme is None:
            raise Http404
        request.theme_organisation = theme.organisation
        return view(request, *args, **kwargs)

    return wrapped
