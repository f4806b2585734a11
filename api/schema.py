"""The OpenAPI schema's answers that every operation can give (a drf-spectacular hook), so the
schema lists what the API answers (issue 22): 400 for a bad query or body (DRF names each field;
the catalogue's refusals and a NUL character carry ``problems``), 401 without a valid login,
403 for a role that may not, 404 for an unknown id, code or page. An operation that documents
one of these itself keeps its own."""

ERROR = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
# DRF's validation errors: ``{"field": ["message", ...]}``, or ``{"detail": ..., "problems":
# [...]}`` for the refusals that name every problem.
BAD_REQUEST = {
    "type": "object",
    "properties": {
        "detail": {"type": "string"},
        "problems": {"type": "array", "items": {"type": "object"}},
    },
    "additionalProperties": True,
}
DEFAULTS = {
    "400": ("Invalid input: each field or problem is named.", BAD_REQUEST),
    "401": ("Not logged in, or the token is unknown or expired.", ERROR),
    "403": ("Logged in, but the role may not do this.", ERROR),
    "404": ("No such object, code or page among those the user may read.", ERROR),
}


def _response(description: str, schema: dict) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def add_error_responses(result, generator, request, public):
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = operation["responses"]
            # No security listed: a public operation (the lookup, the token's issue).
            anonymous = not operation.get("security")
            for status, (description, schema) in DEFAULTS.items():
                if status in responses or (anonymous and status in ("401", "403")):
                    continue
                responses[status] = _response(description, schema)
    return result
