"""`impactinkoop demo`: migrate, create the demo data (idempotent), then serve it with a worker."""

import os
import secrets
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from impactinkoop.accounts.demo import DEMO_SLUG, OTHER_SLUG, build_demo_organisations
from impactinkoop.accounts.models import User
from impactinkoop.accounts.roles import Role
from impactinkoop.api.demo import build_demo_tokens
from impactinkoop.catalogue.demo import CURATOR_EMAIL, EDITOR_EMAIL, build_demo_catalogue
from impactinkoop.contracts.demo import build_demo_contracts
from impactinkoop.conversations.demo import build_demo_conversations
from impactinkoop.peers import demo_bench, demo_groups, demo_library
from impactinkoop.plans.demo import build_demo_plan
from impactinkoop.registry.demo import build_demo_register
from impactinkoop.reports.demo import build_demo_results
from impactinkoop.signin.demo import build_demo_second_factor
from impactinkoop.spend.demo import build_demo_ledger
from impactinkoop.sroi.demo import CONTRACTOR_EMAIL, build_demo_contractor, build_demo_sroi
from impactinkoop.sso.demo import build_demo_provider
from impactinkoop.tenderboard.demo import build_demo_tenderboard


class Command(BaseCommand):
    help = "Create the demo municipality with one user per role and serve it on 127.0.0.1."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--password", help="password for every demo user (default: generated)")
        parser.add_argument("--no-serve", action="store_true", help="create the data and stop")

    def handle(self, *args, **options):
        # The demo serves on 127.0.0.1:<port> only, so links in its mails (invitations, quote
        # requests) must point there; the worker is a child process and inherits the variable.
        site_url = f"http://127.0.0.1:{options['port']}"
        settings.SITE_URL = site_url
        os.environ["SITE_URL"] = site_url
        call_command("migrate", interactive=False, verbosity=0)
        password = options["password"] or secrets.token_urlsafe(9)
        demo = build_demo_organisations(password)
        build_demo_register(demo.main)
        build_demo_ledger(demo.main)
        build_demo_catalogue(demo.main, password, demo.users)
        build_demo_plan(demo.main, demo.users)
        # After the plan: the tenders take the themes the plan chose.
        build_demo_contracts(demo.main, demo.users)
        build_demo_sroi(demo.main, demo.users)
        build_demo_contractor(demo.main, demo.users, password)
        build_demo_tenderboard(demo.main, demo.users)
        build_demo_conversations(demo.main, demo.users)
        build_demo_results(demo.main, demo.users)
        # Learning with peers: five peer municipalities sharing their 2025 figures (after the
        # register, ledger and catalogue, which their figures read), a group, and knowledge.
        demo_bench.build_demo(demo.main, demo.users)
        demo_groups.build_demo(demo.main, demo.users)
        demo_library.build_demo(demo.main, demo.users)
        api_secret = build_demo_tokens(demo.main, demo.users, CONTRACTOR_EMAIL)
        # Last: the curator and both administrators exist by now.
        totp_key = build_demo_second_factor()
        build_demo_provider(demo.other, User.objects.get(email=f"admin@{OTHER_SLUG}.example"))
        self._print_logins(demo, password, options["port"])
        self._print_second_factor(totp_key)
        self._print_api(api_secret, options["port"])
        if options["no_serve"]:
            return
        worker = subprocess.Popen(
            [sys.executable, "-m", "impactinkoop.cli", "db_worker", "--no-reload"]
        )
        # Stopping the demo with SIGTERM (not only Ctrl-C) must stop its worker too.
        signal.signal(signal.SIGTERM, lambda *_args: sys.exit(0))
        try:
            call_command(
                "runserver",
                f"127.0.0.1:{options['port']}",
                use_reloader=False,
                insecure_serving=True,
            )
        finally:
            worker.terminate()
            worker.wait(timeout=10)

    def _print_second_factor(self, key: str) -> None:
        grouped = " ".join(key[i : i + 4] for i in range(0, len(key), 4))
        self.stdout.write(
            f"  Two factors: {Role.ADMIN.value}@{DEMO_SLUG}.example, admin@{OTHER_SLUG}.example"
            f" and {CURATOR_EMAIL} also give a code from an authenticator app; add this key to"
            " the app (time-based, 6 digits, 30 seconds):"
        )
        self.stdout.write(f"  Key      {grouped}")
        self.stdout.write("")

    def _print_api(self, secret: str, port: int) -> None:
        url = f"http://127.0.0.1:{port}/api/v1/"
        self.stdout.write(f"  API      {url}docs/ ; a token to try it:")
        self.stdout.write(
            f"  curl -H 'Authorization: Bearer {secret}' '{url}o/{DEMO_SLUG}/baseline/?year=2025'"
        )
        self.stdout.write("")

    def _print_logins(self, demo, password: str, port: int) -> None:
        url = f"http://127.0.0.1:{port}/"
        write = self.stdout.write
        write("")
        write(self.style.SUCCESS(f"Demo ready: {demo.main.name} ({DEMO_SLUG})"))
        write(f"  Open     {url}")
        write(f"  Log in   {Role.COORDINATOR.value}@{DEMO_SLUG}.example")
        write(f"  Password {password}")
        write(
            f"  Every role has a user: {', '.join(r.value for r in Role)}"
            f" (ROLE@{DEMO_SLUG}.example), same password."
        )
        write(
            f"  Second organisation for isolation: {demo.other.name} "
            f"(admin@{demo.other.slug}.example)."
        )
        write(
            f"  Catalogue {url}catalogue/ (public); curator {CURATOR_EMAIL}, "
            f"enterprise {EDITOR_EMAIL}."
        )
        write(f"  Contractor reporting social return: {url}contractor/ ({CONTRACTOR_EMAIL}).")
        if not settings.DEBUG:
            write("  (DEBUG is off: static files are served by runserver --insecure for the demo.)")
        write("")
