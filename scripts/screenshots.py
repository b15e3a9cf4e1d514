"""Screenshots of the main pages in Dutch for the user guide: `make screenshots`.

Starts the demo (SQLite in a temporary DATA_DIR, on a free port), drives it in headless Chromium
through Playwright as the demo's users (coordinator, requester, enterprise editor, anonymous),
writes one PNG per page into docs/user-guide/screenshots/ and stops the demo. Not part of the
test run: it shows pages, it checks nothing beyond their loading.

A script rather than a management command: it starts the demo as a separate process and drives
it from outside like a reader would, and Playwright is a development dependency that the
installed application never imports.

    python scripts/screenshots.py [--out DIR] [--only NAME ...]
"""

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "user-guide" / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
VIEWPORT = {"width": 1280, "height": 800}
PASSWORD = "screenshots-demo-1"
SLUG = "voorbeeldstad"
ORG = f"/o/{SLUG}"
EDITOR = f"ondernemer@{SLUG}.example"
SAMPLE_LEDGER = (
    b"Crediteurnummer;Crediteur;KvK-nummer;Factuurnummer;Factuurdatum;Bedrag;Afdeling\n"
    b"1001;De Werkplaats B.V.;01234567;F-2026-1;15-01-2026;1.234,56;Ruimte - Groen\n"
    b"1002;Drukkerij Lokaal;22334455;F-2026-2;20-02-2026;999,99;Bestuur - Communicatie\n"
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_demo(data_dir: str, port: int) -> subprocess.Popen:
    env = {**os.environ, "DATA_DIR": data_dir, "DEBUG": "1", "PYTHONPATH": str(ROOT / "src")}
    env.pop("DATABASE_URL", None)  # SQLite in the temporary folder, never a real database
    command = [sys.executable, "-m", "impactinkoop.cli", "demo", "--port", str(port)]
    log = open(Path(data_dir) / "demo.log", "w")  # noqa: SIM115 - closed with the process
    return subprocess.Popen(  # noqa: S603 - our own demo command
        [*command, "--password", PASSWORD],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: stopping it stops its worker too
    )


def wait_until_up(base: str, demo: subprocess.Popen, seconds: int = 240) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if demo.poll() is not None:
            raise SystemExit(f"The demo stopped (exit code {demo.returncode}).")
        try:
            with urllib.request.urlopen(base + "/health/", timeout=2):  # noqa: S310 - our demo
                return
        except OSError:
            time.sleep(1)
    raise SystemExit(f"The demo did not answer within {seconds} s.")


def stop_demo(demo: subprocess.Popen) -> None:
    if demo.poll() is None:
        os.killpg(demo.pid, signal.SIGTERM)
        try:
            demo.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(demo.pid, signal.SIGKILL)
            demo.wait()


def optimise(path: Path) -> None:
    """Fewer colours and the best zlib level: a page of text and flat colour loses nothing
    visible and shrinks to a third."""
    try:
        from PIL import Image
    except ImportError:
        return
    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=128, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)


class Shooter:
    def __init__(self, browser, base: str, out: Path, only: set[str]):
        self.browser, self.base, self.out, self.only = browser, base, out, only
        self.written: list[Path] = []

    def session(self, email: str | None):
        """A fresh browser context in Dutch, logged in as `email` (None: anonymous)."""
        context = self.browser.new_context(viewport=VIEWPORT, locale="nl-NL")
        context.add_cookies([{"name": "django_language", "value": "nl", "url": self.base}])
        page = context.new_page()
        page.set_default_timeout(20_000)
        if email:
            page.goto(self.base + "/login/")
            page.get_by_label("E-mailadres").fill(email)
            page.get_by_label("Wachtwoord").fill(PASSWORD)
            # The header has a language button too: the form's own button is in main.
            with page.expect_navigation():
                page.locator("main button[type=submit]").click()
        return context, page

    def shoot(self, page, name: str, path: str | None = None, full_page: bool = False) -> None:
        if self.only and name not in self.only:
            return
        if path is not None:
            page.goto(self.base + path)
        page.wait_for_load_state("networkidle")
        target = self.out / f"{name}.png"
        page.screenshot(path=str(target), full_page=full_page)
        optimise(target)
        self.written.append(target)
        print(f"  {target.relative_to(ROOT)} ({target.stat().st_size // 1024} kB)")


def first_link(page, base: str, path: str, pattern: str) -> str:
    """The path of the first link on `path` that matches `pattern` (a demo's ids are not fixed)."""
    page.goto(base + path)
    for href in page.locator("main a").evaluate_all("links => links.map(a => a.pathname)"):
        if re.search(pattern, href):
            return href
    raise SystemExit(f"No link matching {pattern} on {path}.")


def take_all(shooter: Shooter) -> None:
    context, page = shooter.session(None)
    shooter.shoot(page, "catalogus-zoeken", "/catalogue/search/?q=catering")
    enterprise = first_link(
        page, shooter.base, "/catalogue/search/?q=catering", r"/catalogue/enterprise/"
    )
    shooter.shoot(page, "catalogus-onderneming", enterprise)
    context.close()

    context, page = shooter.session(f"coordinator@{SLUG}.example")
    shooter.shoot(page, "start", f"{ORG}/")
    shooter.shoot(page, "nulmeting", f"{ORG}/spend/baseline/")
    page.goto(shooter.base + f"{ORG}/spend/baseline/")
    page.locator("#departments-title").scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, -20)")
    shooter.shoot(page, "nulmeting-afdelingen")
    department = page.locator(
        "section[aria-labelledby=departments-title] table a"
    ).first.get_attribute("href")
    shooter.shoot(page, "uitsplitsing", department)
    shooter.shoot(page, "grootboek-importeren", f"{ORG}/spend/imports/")
    if not shooter.only or "grootboek-kolommen" in shooter.only:
        # The wizard's second step: a small file uploaded, its columns recognised.
        page.locator("main input[type=file]").set_input_files(
            {"name": "grootboek-voorbeeld.csv", "mimeType": "text/csv", "buffer": SAMPLE_LEDGER}
        )
        with page.expect_navigation():
            page.locator("main button[type=submit]").first.click()
        shooter.shoot(page, "grootboek-kolommen")
    shooter.shoot(page, "koppelen-beoordelen", f"{ORG}/spend/matches/")
    shooter.shoot(page, "plan-overzicht", f"{ORG}/plan/")
    shooter.shoot(page, "doelen", f"{ORG}/plan/goals/")
    goal = first_link(page, shooter.base, f"{ORG}/plan/goals/", r"/plan/goals/\d+/$")
    page.goto(shooter.base + goal)
    chart = page.locator("main figure").first
    if chart.count():
        chart.scroll_into_view_if_needed()
    shooter.shoot(page, "doel-voortgang")
    shooter.shoot(page, "jaarplanning", f"{ORG}/plan/actions/")
    session = first_link(page, shooter.base, f"{ORG}/plan/sessions/", r"/plan/sessions/\d+/$")
    page.goto(shooter.base + session)
    shooter.shoot(page, "ambitieweb")
    shooter.shoot(page, "contracten", f"{ORG}/contracts/")
    contract = first_link(page, shooter.base, f"{ORG}/contracts/", r"/contracts/\d+/$")
    shooter.shoot(page, "contract", contract, full_page=True)
    shooter.shoot(page, "aanbestedingskalender", f"{ORG}/tenders/")
    page.goto(shooter.base + f"{ORG}/tenders/")
    page.locator("#timeline-heading").scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, -20)")
    shooter.shoot(page, "aanbestedingskalender-tijdlijn")
    tender = first_link(page, shooter.base, f"{ORG}/tenders/?status=preparing", r"/tenders/\d+/$")
    page.goto(shooter.base + tender)
    page.locator("#themes-heading").scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, -20)")
    shooter.shoot(page, "aanbesteding-mvi")
    context.close()

    context, page = shooter.session(f"requester@{SLUG}.example")
    shooter.shoot(page, "aanvrager-start", f"{ORG}/")
    shooter.shoot(page, "catalogus-aanvrager", f"{ORG}/catalogue/search/?q=schoonmaak")
    context.close()

    context, page = shooter.session(EDITOR)
    shooter.shoot(page, "onderneming-eigen-pagina", "/enterprise/")
    context.close()

    context, page = shooter.session(f"admin@{SLUG}.example")
    shooter.shoot(page, "api-tokens", f"{ORG}/api-tokens/")
    context.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--only", nargs="*", default=[], help="only these screenshots (names)")
    args = parser.parse_args()
    if not os.path.exists(CHROMIUM):
        raise SystemExit("Chromium is needed (Debian: apt install chromium).")
    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="impactinkoop-screenshots-") as data_dir:
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        print(f"Starting the demo on {base} (data in {data_dir}) …")
        demo = start_demo(data_dir, port)
        try:
            wait_until_up(base, demo)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                shooter = Shooter(browser, base, args.out, set(args.only))
                take_all(shooter)
                browser.close()
        finally:
            stop_demo(demo)
    print(f"{len(shooter.written)} screenshots in {args.out}")


if __name__ == "__main__":
    main()
