"""The audit log's sentences for the peers app (found by name by core), one module per part."""

from django.utils.translation import gettext_lazy as _

from impactinkoop.core.audit_text import register_audit_area

from . import audit_texts_bench, audit_texts_groups, audit_texts_library  # noqa: F401

register_audit_area("peers", _("Learning with peers"))
