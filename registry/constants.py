"""Codes the registry's services give their errors, so the API answers the spec's error type."""

# Conflict(code=ALREADY_EXISTS) answers ALREADY_EXISTS; any other conflict FAILED_PRECONDITION.
ALREADY_EXISTS = "already_exists"
# Invalid(code=BAD_REQUEST) answers 400 (syntactically wrong input); any other Invalid 422.
BAD_REQUEST = "bad_request"
