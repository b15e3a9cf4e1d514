from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "impactinkoop.catalogue"
    label = "catalogue"
    verbose_name = _("Catalogue")

    def ready(self):
        from impactinkoop.spend.changes import after_lines_changed

        from .purchases import reconcile

        # Recorded purchases claim the ledger line that carries them: look again whenever
        # the organisation's lines or their links change (spend sits below and cannot ask).
        after_lines_changed(reconcile)
