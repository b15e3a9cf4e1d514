from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TenderboardConfig(AppConfig):
    name = "impactinkoop.tenderboard"
    label = "tenderboard"
    verbose_name = _("Tenderboard")
