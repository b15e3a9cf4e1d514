from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The REST API under `/api/v1/` (decision 0026): tokens, their scopes and rate limits, and
    endpoints that read and write through the other apps' query modules and services. It sits
    just below the portal (whose demo makes its tokens) and may import every other app."""

    name = "impactinkoop.api"
    label = "api"
    verbose_name = _("API")

    def ready(self):
        from . import schema  # noqa: F401  (registers the token scheme with drf-spectacular)
