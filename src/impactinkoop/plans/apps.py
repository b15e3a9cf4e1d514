from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "impactinkoop.plans"
    label = "plans"
    verbose_name = _("Plan")
