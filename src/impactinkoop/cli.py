"""The `impactinkoop` console command: Django's manage.py with the project's settings."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "impactinkoop.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["impactinkoop", *(argv if argv is not None else sys.argv[1:])])
    except ImproperlyConfigured as error:
        # A missing setting is the operator's to fix: say which, without a traceback.
        sys.exit(f"impactinkoop: {error}")


if __name__ == "__main__":
    main()
