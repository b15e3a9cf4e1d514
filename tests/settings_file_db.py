"""The test settings with SQLite's test database in a file instead of in memory, so that other
processes can open it: the RQ workers of tests/broker (`.ci/run` runs those with these settings)."""

import os
import tempfile

from tests.settings import *  # noqa: F403

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.gettempdir(), f"impactinkoop-test-{os.getpid()}.sqlite3")
    }
