from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpendConfig(AppConfig):
    name = "impactinkoop.spend"
    label = "spend"
    verbose_name = _("Spend")
