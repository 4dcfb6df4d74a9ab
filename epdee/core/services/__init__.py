"""State changes of the shared kernel: tenants and their members (`tenants`), API tokens (`tokens`), accounts
and their two-factor authentication (`accounts`). Every service takes its actor as `by` and authorises it.

Other apps import the services from here (`from epdee.core import services as core_services`).
"""

from ..selectors import sandbox_tenant, tenant_for_customer_code
from .accounts import (
    activate_recovery_codes,
    activate_totp,
    change_user,
    confirm_email_address,
    create_user,
    delete_user,
    set_password,
)
from .tenants import (
    add_customer_code,
    add_hostname,
    add_member,
    change_customer_code,
    change_hostname,
    change_member_role,
    change_tenant,
    check_customer_code,
    check_hostname,
    create_tenant,
    remove_customer_code,
    remove_hostname,
    remove_member,
    set_tenant_status,
)
from .tokens import authenticate_token, create_api_token, revoke_api_token

__all__ = [
    "activate_recovery_codes",
    "activate_totp",
    "add_customer_code",
    "add_hostname",
    "add_member",
    "authenticate_token",
    "change_customer_code",
    "change_hostname",
    "change_member_role",
    "change_tenant",
    "change_user",
    "check_customer_code",
    "check_hostname",
    "confirm_email_address",
    "create_api_token",
    "create_tenant",
    "create_user",
    "delete_user",
    "remove_customer_code",
    "remove_hostname",
    "remove_member",
    "revoke_api_token",
    "sandbox_tenant",
    "set_password",
    "set_tenant_status",
    "tenant_for_customer_code",
]
