from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpendConfig(AppConfig):
    name = "impactinkoop.spend"
    label = "spend"
    verbose_name = _("Spend")

    def ready(self):
        from impactinkoop.registry.policy import after_policy_changed

        from .changes import policy_changed

        after_policy_changed(policy_changed)
