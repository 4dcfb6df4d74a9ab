"""The ZorgAPIs document as a test oracle: every registry response is checked against it."""

import re
from datetime import datetime
from functools import cache

import jsonschema
import yaml
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from tests.support import SHARED_DIR

SPEC_PATH = SHARED_DIR / "zorgapis" / "v1beta2.yaml"
PREFIX = "/registry/v1beta2"
DOCUMENT_URI = "urn:zorgapis:v1beta2"
FORMATS = jsonschema.FormatChecker()


@FORMATS.checks("date-time", raises=ValueError)
def _is_date_time(value):
    if not isinstance(value, str):
        return True
    datetime.fromisoformat(value.replace("Z", "+00:00"))
    return "T" in value


@cache
def document() -> dict:
    return yaml.safe_load(SPEC_PATH.read_text())


@cache
def _routes() -> list[tuple[re.Pattern, str]]:
    routes = []
    for template in document()["paths"]:
        pattern = re.sub(r"\{[^}]+\}", "[^/:]+", re.escape(template).replace(r"\{", "{").replace(r"\}", "}"))
        routes.append((re.compile(f"^{re.escape(PREFIX)}{pattern}$"), template))
    return routes


def operation_for(method: str, path: str) -> tuple[str, dict] | None:
    for pattern, template in _routes():
        if pattern.match(path):
            operation = document()["paths"][template].get(method.lower())
            if operation is not None:
                return template, operation
    return None


def _pointer(fragment: str) -> dict:
    node = document()
    for part in fragment.lstrip("#/").split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def _response_spec(operation: dict, status: int) -> dict | None:
    responses = operation["responses"]
    spec = responses.get(str(status)) or responses.get(f"{str(status)[0]}XX")
    if spec and "$ref" in spec:
        spec = _pointer(spec["$ref"])
    return spec


def _response_form(node):
    """The document as a response validator reads it (as schemathesis does): a property marked
    writeOnly in the same schema object as a `required` list is not required in responses."""
    if isinstance(node, list):
        return [_response_form(item) for item in node]
    if not isinstance(node, dict):
        return node
    result = {key: _response_form(value) for key, value in node.items()}
    properties = node.get("properties")
    if isinstance(properties, dict) and isinstance(node.get("required"), list):
        write_only = {name for name, definition in properties.items() if (definition or {}).get("writeOnly")}
        result["required"] = [name for name in node["required"] if name not in write_only]
    return result


@cache
def _registry() -> Registry:
    resource = Resource(contents=_response_form(document()), specification=DRAFT202012)
    return Registry().with_resource(DOCUMENT_URI, resource)


ERROR_SCHEMA = {"$ref": f"{DOCUMENT_URI}#/components/schemas/ApiError"}


def validate_response(method: str, path: str, status: int, body, headers) -> None:
    """Raise AssertionError when the response is not what the spec allows for this operation."""
    found = operation_for(method, path)
    if found is None:
        # Not an operation of the spec (unknown path or method): the ApiError body with 404 or 405.
        assert status in (404, 405), f"{method} {path} is not an operation of the spec but answered {status}"
        template, schema = path, ERROR_SCHEMA
    else:
        template, operation = found
        spec = _response_spec(operation, status)
        if spec is None:
            # An undocumented status (e.g. 404 on :accept) must still carry the ApiError body.
            assert status in (404, 405), f"{method} {template} answered undocumented status {status}"
            schema = ERROR_SCHEMA
        elif not spec.get("content"):
            assert body in (None, b"", ""), f"{method} {template} {status} must have no body"
            return
        else:
            schema = {"$ref": f"{DOCUMENT_URI}#{_schema_pointer(operation, status)}"}
    validator = jsonschema.Draft202012Validator(schema, registry=_registry(), format_checker=FORMATS)
    errors = sorted(validator.iter_errors(body), key=lambda error: list(error.absolute_path))
    assert not errors, f"{method} {template} {status}: {errors[0].message} at {list(errors[0].absolute_path)}"
    if "Total-Count" in headers:
        assert int(headers["Total-Count"]) >= 0


def _schema_pointer(operation: dict, status: int) -> str:
    """JSON pointer of an operation's response schema inside the document."""
    for template, methods in document()["paths"].items():
        for method, candidate in methods.items():
            if candidate is operation:
                escaped = template.replace("~", "~0").replace("/", "~1")
                key = str(status) if str(status) in operation["responses"] else f"{str(status)[0]}XX"
                reference = operation["responses"][key].get("$ref")
                base = reference.lstrip("#") if reference else f"/paths/{escaped}/{method}/responses/{key}"
                return f"{base}/content/application~1json/schema"
    raise AssertionError("operation not found in the document")
