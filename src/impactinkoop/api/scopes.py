"""What a token may be used for. A scope opens a group of endpoints; a personal token is also
bounded by its member's role, and a contractor token by its contractor access."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    READ_FIGURES = "figures:read", _("Read figures, suppliers, the register, goals and contracts")
    IMPORT_LEDGERS = "ledgers:import", _("Import ledger files and follow their import")
    MANAGE_CONTRACTS = "contracts:manage", _("Enter and change contracts and tenders")
    REPORT_SROI = "sroi:report", _("Read social-return obligations and report realisations")


# A contractor's token reports its own social return and does nothing else.
CONTRACTOR_SCOPES = frozenset({Scope.REPORT_SROI})
