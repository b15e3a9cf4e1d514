"""The OpenAPI schema: valid OpenAPI 3, every route of the API in it with an operationId and a
description, the bearer token declared; and its docs page served from our own static files,
running under the site's Content-Security-Policy. Walks the URLconf, so a new endpoint is
checked too."""

import re
from html.parser import HTMLParser

import pytest
from django.contrib.staticfiles import finders
from django.urls import URLPattern, URLResolver, get_resolver
from openapi_spec_validator import validate

SCHEMA_URL = "/api/v1/schema/?format=json"
DOCS_URL = "/api/v1/docs/"
# The schema and its docs describe the API; the fallback answers every other address with 404.
NOT_OPERATIONS = {"schema", "docs", "not_found"}
HTTP_METHODS = ("get", "post", "put", "patch", "delete")


@pytest.fixture(scope="module")
def schema(django_db_blocker) -> dict:
    from django.test import Client

    # Made from the code alone; the module shares one copy (it takes a second to make).
    with django_db_blocker.unblock():
        response = Client().get(SCHEMA_URL)
    assert response.status_code == 200, response.content[:500]
    return response.json()


def parse_policy(header: str) -> dict[str, set[str]]:
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = set(sources)
    return directives


def api_routes() -> dict[str, tuple[str, type]]:
    """Every route under /api/v1/ as `{route: (url name, view class)}`, e.g.
    `api/v1/o/<slug:org_slug>/baseline/`."""
    routes = {}

    def walk(patterns, prefix):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            elif (
                isinstance(pattern, URLPattern)
                and route.startswith("api/v1/")
                and pattern.name not in NOT_OPERATIONS
            ):
                routes[route] = (pattern.name, pattern.callback.view_class)

    walk(get_resolver().url_patterns, "")
    return routes


def shape(path: str) -> str:
    """A route or an OpenAPI path with its parameters blanked out, so that
    `api/v1/o/<slug:org_slug>/x/<int:pk>/` and `/api/v1/o/{org_slug}/x/{id}/` compare equal
    (drf-spectacular may call a `pk` `id`)."""
    return re.sub(r"<[^>]+>|\{[^}]+\}", "{}", "/" + path.lstrip("/"))


def implemented_methods(view_class) -> set[str]:
    return {method for method in HTTP_METHODS if hasattr(view_class, method)}


def operations(schema: dict):
    for path, item in schema["paths"].items():
        for method in HTTP_METHODS:
            if method in item:
                yield path, method, item[method]


def test_the_schema_is_valid_openapi(schema):
    validate(schema)
    assert schema["openapi"].startswith("3.")


def test_there_are_routes_to_check():
    # The walk below must find the API; an empty walk would pass every test vacuously.
    assert any(name == "baseline" for name, _view in api_routes().values())


def test_every_route_and_method_is_in_the_schema(schema):
    documented = {(shape(path), method) for path, method, _operation in operations(schema)}
    missing = [
        f"{method.upper()} /{route} ({name})"
        for route, (name, view_class) in sorted(api_routes().items())
        for method in sorted(implemented_methods(view_class))
        if (shape(route), method) not in documented
    ]
    assert not missing, "Routes missing from the schema:\n" + "\n".join(missing)


def test_the_schema_has_nothing_that_is_not_a_route(schema):
    routes = {shape(route) for route in api_routes()}
    extra = sorted(path for path in schema["paths"] if shape(path) not in routes)
    assert not extra, extra


def test_every_operation_has_an_id_and_a_description(schema):
    incomplete = [
        f"{method.upper()} {path}"
        for path, method, operation in operations(schema)
        if not operation.get("operationId", "").strip()
        or not operation.get("description", "").strip()
    ]
    assert not incomplete, "Operations without an operationId or description:\n" + "\n".join(
        incomplete
    )


def test_operation_ids_are_unique(schema):
    ids = [operation["operationId"] for _path, _method, operation in operations(schema)]
    assert len(ids) == len(set(ids))


def test_the_bearer_token_is_declared(schema):
    schemes = schema["components"]["securitySchemes"]
    assert {"type": "http", "scheme": "bearer"}.items() <= schemes["token"].items()


def test_every_organisation_and_contractor_operation_asks_for_the_token(schema):
    without = [
        f"{method.upper()} {path}"
        for path, method, operation in operations(schema)
        if path.startswith(("/api/v1/o/", "/api/v1/contractor/"))
        and {"token": []} not in operation.get("security", [])
    ]
    assert not without, without


class PageParts(HTMLParser):
    """The scripts, stylesheets and inline event handlers of a page."""

    def __init__(self):
        super().__init__()
        self.scripts: list[dict] = []  # attributes, and "inline" for a script without src
        self.stylesheets: list[str] = []
        self.handlers: list[str] = []
        self._in_script: dict | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.handlers += [name for name in attributes if name.startswith("on")]
        if tag == "script":
            self._in_script = {**attributes, "inline": ""}
            self.scripts.append(self._in_script)
        elif tag == "link" and "stylesheet" in (attributes.get("rel") or ""):
            self.stylesheets.append(attributes["href"])

    def handle_data(self, data):
        if self._in_script is not None:
            self._in_script["inline"] += data

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = None


def static_path(url: str) -> str:
    assert url.startswith("/static/"), url
    return url.removeprefix("/static/")


@pytest.fixture
def docs(db, client):
    response = client.get(DOCS_URL)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    parts = PageParts()
    parts.feed(response.content.decode())
    return response, parts


def test_the_docs_are_swagger_ui_from_our_own_static_files(docs):
    response, parts = docs
    page = response.content.decode()
    assert 'id="swagger-ui"' in page
    # No CDN: no address with a scheme or a protocol-relative one, in any attribute.
    assert not re.search(r"""(src|href)=["'](https?:)?//""", page), page
    sources = [script["src"] for script in parts.scripts if script.get("src")]
    bundles = [src for src in sources if src.startswith("/static/")]
    assert any(src.endswith("swagger-ui-bundle.js") for src in bundles)
    for url in bundles + parts.stylesheets:
        assert finders.find(static_path(url)), f"{url} is not among our static files"


def test_the_docs_run_under_the_content_security_policy(docs, client):
    response, parts = docs
    policy = parse_policy(response["Content-Security-Policy"])
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    nonces = {source for source in policy["script-src"] if source.startswith("'nonce-")}
    for script in parts.scripts:
        if script.get("src"):
            # 'self': an address on this site (the start-up script is the split view's ?script).
            assert script["src"].startswith("/") and not script["src"].startswith("//")
        else:
            assert f"'nonce-{script.get('nonce')}'" in nonces, "an inline script without nonce"
    assert not parts.handlers, parts.handlers
    # The start-up script the page loads from this site is JavaScript, pointing at the schema.
    start_up = next(s["src"] for s in parts.scripts if s.get("src", "").startswith(DOCS_URL))
    script = client.get(start_up)
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "/api/v1/schema/" in script.content.decode()


def test_the_docs_fetch_the_schema_from_this_site(docs, client):
    response, parts = docs
    assert "'self'" in parse_policy(response["Content-Security-Policy"])["connect-src"]
    start_up = next(s["src"] for s in parts.scripts if s.get("src", "").startswith(DOCS_URL))
    schema_url = re.search(r'url: "([^"]+)"', client.get(start_up).content.decode()).group(1)
    assert schema_url.startswith("/api/v1/schema/")
    assert client.get(schema_url).status_code == 200


def test_the_docs_icons_are_allowed_and_nothing_more(docs):
    """swagger-ui.css draws its icons (copy to clipboard, the select arrow) as `data:` images;
    the docs page allows those images and keeps the rest of the site's image policy."""
    response, parts = docs
    with open(finders.find(static_path(parts.stylesheets[0])), encoding="utf-8") as stylesheet:
        css = stylesheet.read()
    assert "url(data:image" in css or 'url("data:image' in css
    assert parse_policy(response["Content-Security-Policy"])["img-src"] == {"'self'", "data:"}
