from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "impactinkoop.plans"
    label = "plans"
    verbose_name = _("Plan")

    def ready(self):
        # Contracts asks which themes of the matrix apply to a tender (it sits below plans).
        from . import tender_themes  # noqa: F401
