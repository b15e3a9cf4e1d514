"""A web worker compiles every template and imports every view when it starts (`core.warmup`),
so its first request costs no more than the next (issue 16, item 3)."""

import sys
from pathlib import Path

from django.template import engines

from impactinkoop.core.warmup import warm_up

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "impactinkoop"


def test_every_template_of_the_project_compiles_and_every_view_is_imported():
    templates = {
        path.relative_to(folder).as_posix()
        for folder in PACKAGE.glob("*/templates")
        for path in folder.rglob("*.html")
    }
    assert len(templates) > 50  # the project's own templates were found

    compiled = warm_up()

    # Every file compiled (a name in two apps is counted for each; the first one is used).
    files = sum(1 for folder in PACKAGE.glob("*/templates") for _ in folder.rglob("*.html"))
    assert compiled == files
    assert "impactinkoop.catalogue.enterprise_views" in sys.modules
    assert "impactinkoop.plans.views" in sys.modules


def test_a_template_that_does_not_compile_is_logged_and_the_rest_still_compiles(caplog):
    broken = PACKAGE / "core" / "templates" / "core" / "_warmup_broken_test.html"
    broken.write_text("{% if %}")
    try:
        engines["django"].engine.template_loaders[0].reset()
        compiled = warm_up()
    finally:
        broken.unlink()
    files = sum(1 for folder in PACKAGE.glob("*/templates") for _ in folder.rglob("*.html"))
    assert compiled == files  # the broken file (counted before it was removed) was skipped
    assert "_warmup_broken_test.html not compiled at start" in caplog.text
