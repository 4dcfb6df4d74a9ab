"""Models of the shared kernel: users, tenants and their customer codes, the audit log."""

from .audit import AuditChainHead, AuditEvent
from .tenants import CustomerCode, Tenant, TenantHostname, TenantMembership, TenantOwnedModel, TenantQuerySet
from .tokens import ApiToken
from .users import User

__all__ = [
    "ApiToken",
    "AuditChainHead",
    "AuditEvent",
    "CustomerCode",
    "Tenant",
    "TenantHostname",
    "TenantMembership",
    "TenantOwnedModel",
    "TenantQuerySet",
    "User",
]
