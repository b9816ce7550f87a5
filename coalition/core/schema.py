"""The API schema's view of errors: every operation says which 4xx answers it may give.

drf-spectacular documents only the successful answer; a client (or a fuzzer holding the
schema to its word) must also know that bad input answers 400, a missing right or pending
two-factor 403, an unknown record or page 404, a body in a format it does not read 415, and
deleting a record others still refer to 409, each with a JSON body; and that an address too
long for the server (a query of thousands of characters) answers 414.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

# {"detail": "..."}: what DRF (and the two-factor middleware) answer for 403, 404, 409.
ERROR_SCHEMA = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
# A message for the request as a whole ("detail"), or messages per field: a list of
# strings, or for a nested field an object (or a list of objects) of the same shape.
VALIDATION_ERROR_SCHEMA = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": {
        "oneOf": [{"type": "array"}, {"type": "object"}, {"type": "string"}],
    },
}


class AutoSchema(SpectacularAutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        errors = {
            "400": (_("Malformed or invalid input, named by field."), "ValidationError"),
            # Public reads too: a session still waiting for its two-factor code gets 403.
            "403": (
                _("Not signed in, not allowed, or two-factor verification pending."),
                "Error",
            ),
            "404": (_("No such record, or no such page of results."), "Error"),
        }
        if self.method in ("POST", "PUT", "PATCH"):
            errors["415"] = (_("The body is in a format the API does not read."), "Error")
        if self.method == "DELETE":
            errors["409"] = (_("Other records still refer to this one."), "Error")
        elif self.method in ("POST", "PUT", "PATCH"):
            errors["409"] = (
                _("The record is locked: its country's year is submitted or approved."),
                "Error",
            )
        for code, (description, name) in errors.items():
            responses.setdefault(code, self._error_response(description, name))
        # From the HTTP server in front (gunicorn's limit), before the API sees the request:
        # a page of its own, not JSON.
        responses.setdefault(
            "414", {"description": str(_("The address is longer than the server reads."))}
        )
        return responses

    def _error_response(self, description, name):
        schema = VALIDATION_ERROR_SCHEMA if name == "ValidationError" else ERROR_SCHEMA
        component = ResolvedComponent(
            name=name, type=ResolvedComponent.SCHEMA, object=name, schema=schema
        )
        self.registry.register_on_missing(component)
        return {
            "description": str(description),
            "content": {"application/json": {"schema": component.ref}},
        }


@extend_schema_field(
    {"oneOf": [{"type": "string", "format": "uri"}, {"type": "string", "maxLength": 0}]}
)
class OptionalURLField(serializers.URLField):
    """A URL that may be left empty: the schema says so, where a plain URLField's would
    promise a URL in every record."""

    def __init__(self, **kwargs):
        super().__init__(allow_blank=True, **kwargs)
