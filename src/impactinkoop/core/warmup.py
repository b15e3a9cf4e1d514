"""Work a web worker does once when it starts instead of on its first request: importing every
view (the URLconf imports them lazily, on the first request) and compiling every template of
the project's apps (the cached template loader compiles each on its first use). Without it,
the first page a worker serves after it starts costs half a second more than any other."""

import gc
import logging
from pathlib import Path

from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines
from django.template.utils import get_app_template_dirs
from django.urls import get_resolver

logger = logging.getLogger(__name__)

PROJECT = Path(__file__).resolve().parents[1]  # the impactinkoop package


def warm_up() -> int:
    """Import the views and compile the project's templates; returns the number compiled. A
    template that fails to compile is logged, not raised: the page that uses it shows the error
    as it would without the warm-up."""
    get_resolver().url_patterns  # noqa: B018 - the property imports every urls module
    engine = engines["django"]
    compiled = 0
    for folder in get_app_template_dirs("templates"):
        if PROJECT not in folder.parents:
            continue  # Django's own apps' templates are compiled when (if ever) they are used
        for path in sorted(folder.rglob("*.html")):
            name = path.relative_to(folder).as_posix()
            try:
                engine.get_template(name)
            except (TemplateDoesNotExist, TemplateSyntaxError) as error:
                logger.warning("template %s not compiled at start: %s", name, error)
                continue
            compiled += 1
    # What the worker holds from now on (modules, URL patterns, compiled templates) lives as
    # long as the process: moved out of the garbage collector's sight, a full collection no
    # longer walks those objects, which took about 100 ms once every few hundred requests.
    gc.collect()
    gc.freeze()
    return compiled
