"""Any other address under /api/v1/: a problem-details 404, not the browser's HTML page."""

from rest_framework import exceptions

from ..base import PublicAPIView


class NotFoundView(PublicAPIView):
    schema = None  # not an operation

    def _missing(self, request, *args, **kwargs):
        raise exceptions.NotFound()

    get = post = put = patch = delete = _missing
