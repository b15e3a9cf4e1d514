"""The API's reference: Swagger UI from our own static files (drf-spectacular-sidecar). Its
start script comes from our origin (the split view), so the site's script policy holds; its
icons are inline SVG images (`data:`), the one thing this page's policy adds."""

from csp.constants import SELF
from csp.decorators import csp_update
from django.utils.decorators import method_decorator
from drf_spectacular.views import SpectacularSwaggerSplitView


@method_decorator(csp_update({"img-src": [SELF, "data:"]}), name="dispatch")
class DocsView(SpectacularSwaggerSplitView):
    pass
