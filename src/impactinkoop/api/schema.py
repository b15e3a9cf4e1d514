"""What the OpenAPI schema says about our tokens (drf-spectacular finds the extension by the
authentication class's path once this module is imported, in `ApiConfig.ready`)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "impactinkoop.api.authentication.BearerTokenAuthentication"
    name = "token"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "An API token (iik_…) made on the API tokens page of the organisation "
            "or of the contractor pages.",
        }
