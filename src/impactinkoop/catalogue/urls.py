from django.urls import path

from impactinkoop.accounts.tenancy import public_theme_view
from impactinkoop.core.urls import ORG

from . import enterprise_views, org_views, views

app_name = "catalogue"

PUBLIC = "catalogue/"
INSIDE = ORG + "catalogue/"
# The public catalogue in an organisation's house style, for organisations that chose it.
THEMED = "p/<slug:theme_slug>/catalogue/"
ENTERPRISE = "enterprise/"
CURATION = "curation/catalogue/"

# The public catalogue and the organisation's view of it share their views (see views.py).
PAGES = [
    ("", "home"),
    ("search/", "search_page"),
    ("category/<slug:slug>/", "category"),
    ("enterprise/<slug:slug>/", "enterprise"),
    ("offer/<int:pk>/", "offer"),
]

urlpatterns = [
    *[
        path(PUBLIC + route, getattr(views, f"public_{name}"), name=f"public_{name}")
        for route, name in PAGES
    ],
    *[path(INSIDE + route, getattr(views, name), name=name) for route, name in PAGES],
    *[
        path(
            THEMED + route,
            public_theme_view(getattr(views, f"public_{name}")),
            name=f"themed_{name}",
        )
        for route, name in PAGES
    ],
    path(PUBLIC + "logo/<slug:slug>/<int:file_id>/", views.logo, name="logo"),
    path(INSIDE + "offer/<int:pk>/request/", org_views.quote_request, name="quote_request"),
    path(INSIDE + "requests/", org_views.request_list, name="requests"),
    path(INSIDE + "requests/<int:pk>/", org_views.request_detail, name="request"),
    path(INSIDE + "purchases/", org_views.purchase_list, name="purchases"),
    path(INSIDE + "shortlists/", org_views.shortlists, name="shortlists"),
    path(INSIDE + "shortlists/<slug:slug>/", org_views.shortlist_edit, name="shortlist"),
    path(
        INSIDE + "shortlists/<slug:slug>/delete/",
        org_views.own_category_delete,
        name="own_category_delete",
    ),
    path(ENTERPRISE, enterprise_views.my_enterprises, name="my_enterprises"),
    path(ENTERPRISE + "<slug:slug>/", enterprise_views.my_enterprise, name="my_enterprise"),
    path(ENTERPRISE + "<slug:slug>/profile/", enterprise_views.profile_edit, name="profile_edit"),
    path(ENTERPRISE + "<slug:slug>/offers/new/", enterprise_views.offer_edit, name="offer_new"),
    path(
        ENTERPRISE + "<slug:slug>/offers/<int:pk>/", enterprise_views.offer_edit, name="offer_edit"
    ),
    path(
        ENTERPRISE + "<slug:slug>/offers/<int:pk>/withdraw/",
        enterprise_views.offer_withdraw,
        name="offer_withdraw",
    ),
    path(
        ENTERPRISE + "<slug:slug>/requests/<int:pk>/",
        enterprise_views.enterprise_request,
        name="enterprise_request",
    ),
    path(
        ENTERPRISE + "changes/<int:pk>/logo/", enterprise_views.revision_logo, name="revision_logo"
    ),
    path(CURATION, enterprise_views.curation, name="curation"),
    path(CURATION + "changes/<int:pk>/", enterprise_views.curate_revision, name="curate_revision"),
    path(
        CURATION + "enterprises/<slug:slug>/",
        enterprise_views.curate_enterprise,
        name="curate_enterprise",
    ),
]
