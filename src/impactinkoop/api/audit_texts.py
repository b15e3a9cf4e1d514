"""The API's audit entries as sentences (`core.audit_text`)."""

from django.utils.translation import gettext_lazy

from impactinkoop.core.audit_text import register_audit_area, register_audit_texts

register_audit_texts(
    {
        "api.token_created": gettext_lazy("%(actor)s made the API token %(object)s"),
        "api.token_revoked": gettext_lazy("%(actor)s revoked the API token %(object)s"),
        "api.write": gettext_lazy("%(actor)s wrote through the API with the token %(object)s"),
    }
)

register_audit_area("api", gettext_lazy("API"))
