"""Every state change of the connectors app; pages, the API, the admin and tasks call these."""

from .design import (
    deprecation_warnings,
    design_of,
    disable_endpoint,
    enable_endpoint,
    set_allowed_fields,
    update_design,
)
from .suppliers import add_member, approve_intake, create_supplier, reject_intake, submit_intake
from .versions import (
    TRANSITIONS,
    approve,
    create_connector,
    ensure_editable,
    ensure_member,
    move,
    new_version,
    reject,
    reopen,
    retire,
    submit_for_review,
)

__all__ = [
    "TRANSITIONS",
    "add_member",
    "approve",
    "approve_intake",
    "create_connector",
    "create_supplier",
    "deprecation_warnings",
    "design_of",
    "disable_endpoint",
    "enable_endpoint",
    "ensure_editable",
    "ensure_member",
    "move",
    "new_version",
    "reject",
    "reject_intake",
    "reopen",
    "retire",
    "set_allowed_fields",
    "submit_for_review",
    "submit_intake",
    "update_design",
]
