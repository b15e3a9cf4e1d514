"""Dutch: Django's own Dutch formats ("27-12-2025", "27 december 2025", "7.569,50")."""

from django.conf.locale.nl.formats import *  # noqa: F403

SHORT_DATE_FORMAT = "j-n-Y"
SHORT_DATETIME_FORMAT = "j-n-Y H:i"
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
