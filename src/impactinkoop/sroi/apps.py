from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SroiConfig(AppConfig):
    name = "impactinkoop.sroi"
    label = "sroi"
    verbose_name = _("Social return")

    def ready(self):
        # The contracts list shows each contract's social-return balance; contracts sits
        # below sroi, so sroi registers the column (as plans registers its theme source).
        from impactinkoop.contracts.columns import register_column

        from .queries import balance_column

        register_column(balance_column)

        from django.db.models.signals import post_save, pre_save

        from impactinkoop.contracts.models import Contract

        from .services import contract_saved, contract_saving

        # An obligation follows what changed in its contract's value and term (history kept
        # in services); pre_save keeps the figures before the save to tell what changed.
        pre_save.connect(contract_saving, sender=Contract, dispatch_uid="sroi-contract-before")
        post_save.connect(contract_saved, sender=Contract, dispatch_uid="sroi-follow-contract")

        from django.db.models.signals import post_delete

        from impactinkoop.registry.models import Company

        from .contractors import company_removed

        # Contractor access names its register company by id (accounts sits below registry):
        # when the company goes, so does every access and open invitation for it.
        post_delete.connect(company_removed, sender=Company, dispatch_uid="sroi-company-gone")
