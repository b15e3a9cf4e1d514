"""WSGI entry point for gunicorn: `gunicorn impactinkoop.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "impactinkoop.settings")
application = get_wsgi_application()

# Each worker imports its views and compiles its templates as it starts, not on its first
# request (`core.warmup`): the first page after a worker (re)starts is as fast as the next.
from impactinkoop.core.warmup import warm_up  # noqa: E402 - needs the application set up

warm_up()
