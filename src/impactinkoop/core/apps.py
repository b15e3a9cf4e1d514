from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "impactinkoop.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        # Each app registers its job handlers (jobs.py), step status (step_status.py) and the
        # sentences of its audit actions (audit_texts.py), and its periodic work (periodic.py).
        autodiscover_modules("jobs", "step_status", "audit_texts", "periodic")
        from . import checks  # noqa: F401  (registers the project's system checks)
