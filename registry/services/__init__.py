"""Every state change of the registry. The API views, the dashboard pages and the admin call these."""

from .organizations import (
    accept_invitation,
    cancel_invitation,
    create_organization,
    decline_invitation,
    ensure_member,
    invite,
    is_member,
    leave_organization,
    remove_member,
    update_organization,
)
from .requirements import create_requirements_version, update_requirements_version
from .specifications import (
    add_declaration,
    add_url,
    create_api_specification,
    create_api_specification_version,
    delete_url,
    link_standard_version,
    unlink_standard_version,
    update_api_specification,
    update_api_specification_version,
    update_url,
)
from .standards import create_standard, create_standard_version, update_standard, update_standard_version

__all__ = [
    "accept_invitation",
    "add_declaration",
    "add_url",
    "cancel_invitation",
    "create_api_specification",
    "create_api_specification_version",
    "create_organization",
    "create_requirements_version",
    "create_standard",
    "create_standard_version",
    "decline_invitation",
    "delete_url",
    "ensure_member",
    "invite",
    "is_member",
    "leave_organization",
    "link_standard_version",
    "remove_member",
    "unlink_standard_version",
    "update_api_specification",
    "update_api_specification_version",
    "update_organization",
    "update_requirements_version",
    "update_standard",
    "update_standard_version",
    "update_url",
]
