"""Checks an API answer against what /api/schema/ promises for it, as the API fuzzing in
`make test-api-fuzz` does: the status must be one the operation declares, and a JSON body
must match that status's schema (OpenAPI 3.0 turned into JSON Schema, formats checked)."""

import jsonschema_rs


def _json_schema(node):
    """OpenAPI 3.0's ``nullable: true`` as JSON Schema's ``null`` type, everywhere."""
    if isinstance(node, list):
        return [_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    converted = {key: _json_schema(value) for key, value in node.items() if key != "nullable"}
    if node.get("nullable") is True:
        return {"anyOf": [converted, {"type": "null"}]}
    return converted


_SCHEMA = {}


def api_schema(client):
    """The schema /api/schema/ serves (the same for everyone; generated once per run)."""
    if not _SCHEMA:
        _SCHEMA.update(client.get("/api/schema/", {"format": "json"}).json())
    return _SCHEMA


def schema_problems(client, response, path, method):
    """What is wrong with ``response`` to ``method path`` (a path as the schema writes it,
    "/api/plans/{code}/"), by the schema: an empty list when nothing is."""
    schema = api_schema(client)
    operation = schema["paths"][path][method.lower()]
    declared = operation["responses"].get(str(response.status_code))
    if declared is None:
        return [f"status {response.status_code} is not declared ({sorted(operation['responses'])})"]
    media = declared.get("content", {}).get("application/json")
    if media is None:
        return []
    root = {**_json_schema(media["schema"]), "components": _json_schema(schema["components"])}
    validator = jsonschema_rs.Draft4Validator(root, validate_formats=True)
    return [
        f"{error.instance_path}: {error.message}"
        for error in validator.iter_errors(response.json())
    ]
