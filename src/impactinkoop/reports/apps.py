from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "impactinkoop.reports"
    label = "reports"
    verbose_name = _("Results")

    def ready(self):
        from impactinkoop.catalogue.sections import register_enterprise_section

        from .enterprise_section import enterprise_stories

        # Approved case stories on the enterprise's catalogue page (the catalogue sits below).
        register_enterprise_section(enterprise_stories)
