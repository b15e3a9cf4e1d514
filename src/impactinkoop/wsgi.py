"""WSGI entry point for gunicorn: `gunicorn impactinkoop.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "impactinkoop.settings")
application = get_wsgi_application()
