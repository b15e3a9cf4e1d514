from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The top layer: the organisation's home, the steps, the audit log and job pages, and the
    demo. It may import every app; no app imports it."""

    name = "impactinkoop.portal"
    label = "portal"
    verbose_name = _("Portal")
