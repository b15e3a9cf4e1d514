"""Schemathesis, from the schema, against the whole site (middleware and all) in this process:
every operation with a token that may do everything, and without a token, on the demo's
organisation built small. No answer may be a server error, and what the schema describes must
match what comes back.

A bounded, derandomised number of examples per operation keeps the run short and the same in
every CI run. Path parameters are the ids of real objects (made by the access matrix's setups in
`endpoints/`), so the query strings and bodies reach the views instead of stopping at a 404."""

import importlib
import pkgutil
import re

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from django.test import Client, override_settings
from django.urls import reverse
from hypothesis import HealthCheck, settings

from impactinkoop.accounts.demo import build_demo_organisations
from impactinkoop.accounts.models import ContractorAccess, Theme
from impactinkoop.accounts.roles import Role
from impactinkoop.api.models import ApiToken
from impactinkoop.api.scopes import Scope
from impactinkoop.api.services import create_token
from impactinkoop.catalogue.demo import build_demo_catalogue
from impactinkoop.contracts.demo import build_demo_contracts
from impactinkoop.plans.demo import build_demo_plan
from impactinkoop.registry.demo import build_demo_register
from impactinkoop.registry.models import Company
from impactinkoop.reports.demo import build_demo_results
from impactinkoop.spend.demo import build_demo_ledger
from impactinkoop.sroi import queries as sroi_queries
from impactinkoop.sroi.demo import CONTRACTOR_EMAIL, build_demo_contractor, build_demo_sroi

from . import endpoints

SCHEMA_URL = "/api/v1/schema/?format=json"
HOST = "localhost"  # the Host header schemathesis sends
CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.response_schema_conformance,
    schemathesis.checks.content_type_conformance,
]
BOUNDED = settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


def load_schema(*, coverage: bool):
    """The schema as the site serves it, with the site as the WSGI application to call. Made from
    the code alone (no database), so it is loaded when the module is collected."""
    with override_settings(ALLOWED_HOSTS=[HOST]):
        loaded = schemathesis.openapi.from_wsgi(SCHEMA_URL, get_wsgi_application())
    # The coverage phase sends each parameter's and each body field's edge cases (missing,
    # wrong type, out of range): hundreds of requests for a body, worth it with a token. Without
    # one every answer is the same 401, so a few random examples per operation do.
    loaded.config.phases.coverage.enabled = coverage
    return loaded


with_a_token = load_schema(coverage=True)
without_a_token = load_schema(coverage=False)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The demo's organisation, built small (a few hundred ledger lines, its suppliers, plan,
    contracts, obligations, contractor, published catalogue and impact page), and the objects of
    the access matrix's setups; made once for the module in a transaction rolled back at its
    end."""
    with django_db_blocker.unblock(), override_settings(DEMO_LEDGER_LINES=120):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            demo = _build_demo()
            admin = demo.users[Role.ADMIN]
            access = ContractorAccess.objects.get(user__email=CONTRACTOR_EMAIL)
            yield {
                "organisation": demo.main,
                "by_name": {
                    # The demo publishes the water authority's catalogue in its house style.
                    "theme_slug": Theme.objects.get(public_catalogue=True).organisation.slug,
                    "kvk": Company.objects.get(pk=access.company_id).kvk_number,
                },
                "urls": _urls_of_real_objects(demo.main, admin, access),
                "organisation_token": _token(demo.main, ApiToken.Kind.ORGANISATION, admin),
                "contractor_token": _token(
                    demo.main, ApiToken.Kind.CONTRACTOR, access.user, access=access
                ),
            }
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def _build_demo():
    """The parts of `impactinkoop demo` the API reads, in its order (a third of its time)."""
    password = "schemathesis-demo-1"
    demo = build_demo_organisations(password)
    build_demo_register(demo.main)
    build_demo_ledger(demo.main)
    build_demo_catalogue(demo.main, password, demo.users)
    build_demo_plan(demo.main, demo.users)
    build_demo_contracts(demo.main, demo.users)
    build_demo_sroi(demo.main, demo.users)
    build_demo_contractor(demo.main, demo.users, password)
    build_demo_results(demo.main, demo.users)
    return demo


def _token(organisation, kind, user, access=None) -> str:
    contractor = kind == ApiToken.Kind.CONTRACTOR
    _made, secret = create_token(
        kind=kind,
        organisation=organisation,
        name=f"schemathesis {kind}",
        scopes=[Scope.REPORT_SROI.value] if contractor else [scope.value for scope in Scope],
        days=1,
        actor=user,
        user=user if contractor else None,
        contractor_access=access,
    )
    return secret


def _urls_of_real_objects(organisation, admin, access) -> list[str]:
    """The URL of a real object for each route the access matrix knows, and for the
    contractor's routes. Each setup runs in its own savepoint: one that makes an object the
    demo already has is skipped (its route keeps generated values, mostly a 404)."""
    urls = []
    for module in pkgutil.iter_modules(endpoints.__path__):
        area = importlib.import_module(f"{endpoints.__name__}.{module.name}")
        for endpoint in getattr(area, "ENDPOINTS", []):
            try:
                with transaction.atomic():
                    kwargs = endpoint.setup(organisation, admin) if endpoint.setup else {}
            except Exception:  # noqa: S112 - a clash with the demo's data
                continue
            urls.append(
                reverse(f"api:{endpoint.name}", kwargs={"org_slug": organisation.slug, **kwargs})
            )
    obligation = sroi_queries.contractor_obligations([access]).order_by("pk").first()
    urls.append(reverse("api:contractor_realisations", kwargs={"pk": obligation.pk}))
    return urls


def path_values(urls: list[str], template: str) -> dict[str, str]:
    """The values of the parameters of `template` (`/api/v1/o/{org_slug}/goals/{id}/`) in the
    first of `urls` it matches."""
    pattern = re.compile(re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(template)) + r"\Z")
    for url in urls:
        if match := pattern.match(url):
            return match.groupdict()
    return {}


def with_real_objects(case, world) -> None:
    known = path_values(world["urls"], case.operation.path)
    for name in case.path_parameters or {}:
        if name in known:
            case.path_parameters[name] = known[name]
        elif name in world["by_name"]:
            case.path_parameters[name] = world["by_name"][name]
        elif name.endswith("slug"):  # the organisation, or its public impact page
            case.path_parameters[name] = world["organisation"].slug


@pytest.fixture(autouse=True)
def site_in_the_test_transaction(world, db, settings):
    settings.ALLOWED_HOSTS = [HOST, "testserver"]
    settings.API_RATE_LIMIT_PER_MINUTE = 1_000_000
    # Django closes the database connection when a request ends; here the request runs in the
    # test's transaction (as the test client arranges it), so the connection must stay open.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_the_operations_reach_real_objects(world):
    """Without real objects most operations would only be 404s."""
    client = Client(headers={"Authorization": f"Bearer {world['organisation_token']}"})
    slug = world["organisation"].slug
    assert client.get(f"/api/v1/public/impact/{slug}/").status_code == 200
    catalogue = client.get(f"/api/v1/public/catalogue/{world['by_name']['theme_slug']}/")
    assert catalogue.json()["count"] > 0
    assert client.get(f"/api/v1/o/{slug}/baseline/?year=2025").json()["total_spend"] != "0.00"
    templates = {op.ok().path for op in with_a_token.get_all_operations()}
    with_ids = {t for t in templates if re.search(r"\{(?!\w*slug\})", t)}
    missed = sorted(
        t
        for t in with_ids
        if not path_values(world["urls"], t)
        and not set(re.findall(r"\{(\w+)\}", t)) <= {"org_slug", *world["by_name"]}
    )
    assert not missed, missed


# Messages in both languages. Being parametrised also gives each operation its own test id
# (`...[GET /api/v1/o/{org_slug}/goals/][nl]`): under pytest 9.2 schemathesis 4.32 names an
# item after its operation only when the test has parameters of its own.
@with_a_token.parametrize()
@pytest.mark.parametrize("language", ["nl"])
@BOUNDED
def test_with_a_token_that_may_do_everything(case, world, language):
    with_real_objects(case, world)
    token = world["organisation_token"]
    if case.operation.path.startswith("/api/v1/contractor/"):
        token = world["contractor_token"]
    headers = {"Authorization": f"Bearer {token}", "Accept-Language": language}
    case.call_and_validate(headers=headers, checks=CHECKS)


@without_a_token.parametrize()
@pytest.mark.parametrize("language", ["en"])
@BOUNDED
def test_without_a_token(case, world, language):
    with_real_objects(case, world)
    case.call_and_validate(headers={"Accept-Language": language}, checks=CHECKS)
