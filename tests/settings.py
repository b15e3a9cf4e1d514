"""Settings for the test suite: production settings, with a throwaway key and fast hashing."""

import os

os.environ.setdefault("SECRET_KEY", "only-for-the-test-suite-never-in-production-0123456789abcdef")

from impactinkoop.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SECURE_SSL_REDIRECT = False
DEMO_LEDGER_LINES = 3000  # the demo's full year takes seconds; the tests check its shape
MATCHING_INDEX_DIR = ""  # a test that keeps an index names its own directory
# Most tests log in with force_login and no second factor; tests/signin switch the rule on,
# including a walk over every organisation page (decision 0027).
TWO_FACTOR_FOR_ADMINS = False
