"""Sentences for core's own audit actions (see `core.audit_text`)."""

from django.utils.translation import gettext_lazy as _

from .audit_text import register_audit_area, register_audit_texts

register_audit_texts({"job.retried": _("%(actor)s tried the job %(object)s again")})

register_audit_area("job", _("Jobs"))
