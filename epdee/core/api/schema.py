"""OpenAPI postprocessing: the error answers every Epdee API operation can give, documented where a view's own
schema does not already say more about them (drf-spectacular documents only the happy path by default)."""

METHODS = {"get", "post", "put", "patch", "delete"}
ERRORS = {
    "400": "Invalid input: the body or a query parameter (or the page number); the answer names the fields.",
    "401": "Not signed in, and no valid API token (Authorization: Token …).",
    "403": "Not allowed: a read-only role, a read-only token, a read-only licence, or a missing CSRF token.",
    "404": "Not found: no such object among the ones you may see (another organisation's object is not found "
    "either), or no such page of a list.",
    # Answered by the web server (gunicorn, nginx) before the application sees the request.
    "414": "The address is too long (over 4 KB with its query): send fewer or shorter parameters.",
}


def _is_public(operation) -> bool:
    return {} in operation.get("security", [])


def _takes_input(operation) -> bool:
    return "requestBody" in operation or _takes_query(operation)


def _takes_query(operation) -> bool:
    return any(p.get("in") == "query" for p in operation.get("parameters", []))


def add_error_responses(result, generator, request, public):
    for path, operations in result.get("paths", {}).items():
        if not path.startswith("/api/") or path.startswith("/api/status"):
            continue
        for method, operation in operations.items():
            if method not in METHODS:
                continue
            wanted = ["400"] if _takes_input(operation) or "{" in path else []
            if not _is_public(operation):
                wanted += ["401", "404"] + (["403"] if method != "get" else [])
            elif "{" in path:
                wanted.append("404")
            if _takes_query(operation) or "{" in path:
                wanted.append("414")
            responses = operation.setdefault("responses", {})
            for code in wanted:
                responses.setdefault(code, {"description": ERRORS[code]})
    return result
