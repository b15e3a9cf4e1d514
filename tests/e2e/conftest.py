"""Headless Chromium through Playwright, against the live test server; skipped without Chromium.
Every page runs under the site's Content-Security-Policy, and a test fails on any violation."""

import os
import shutil

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip("Chromium is not installed (Debian package chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    # Playwright runs an event loop in this thread; the Django test database calls stay sync.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            # Assertions wait for the page as long as actions do: a click that navigates returns
            # before the next page is drawn, and a busy CI machine draws it later.
            sync_api.expect.set_options(timeout=10_000)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


# Injected by Playwright (outside the page's policy) into every document before its own scripts.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportCspViolation(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline code"} on ${document.URL}`
  );
});
"""


@pytest.fixture
def csp_violations() -> list[str]:
    """What the browser refused under the Content-Security-Policy, as events and console errors.
    A test that provokes a violation on purpose empties the list itself."""
    return []


@pytest.fixture
def page(browser, csp_violations):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.expose_binding("reportCspViolation", lambda _source, text: csp_violations.append(text))
    context.add_init_script(REPORT_VIOLATIONS)
    page = context.new_page()
    page.on(
        "console",
        lambda message: (
            csp_violations.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    page.set_default_timeout(10_000)
    yield page
    context.close()
    if csp_violations:
        pytest.fail("Content-Security-Policy violations:\n" + "\n".join(csp_violations))


@pytest.fixture
def console_errors(page) -> list[str]:
    """Every error the page's scripts or the browser log (not only the policy's), and uncaught
    exceptions; the test fails on any. A test that provokes one on purpose empties the list."""
    errors: list[str] = []

    def on_console(message) -> None:
        source = message.location.get("url", "")
        # Chromium asks every site for /favicon.ico on its own; the site has none (404).
        if message.type == "error" and not source.endswith("/favicon.ico"):
            errors.append(f"{message.text} ({source or page.url})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(f"uncaught: {error} ({page.url})"))
    yield errors
    if errors:
        pytest.fail("Errors in the browser console:\n" + "\n".join(errors))
