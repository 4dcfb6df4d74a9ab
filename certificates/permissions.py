"""Who may do what in the certificate flow (seed 001).

The connector's supplier manages its environments and certificates; platform staff forward approval requests,
revoke, reissue and run the certificate authority; the care organisation's administrators decide on the
requests for their environments. Services start with `require(by, "<one of the names below>", obj)`.
"""

from django.utils.translation import gettext as _

from connectors.permissions import SUPPLIER_ROLES, check_supplier
from epdee.core import permissions
from epdee.core.errors import PermissionDenied


def _staff(actor, obj) -> None:
    permissions.check_platform_staff(actor)


def check_care_organisation_admin(actor, tenant) -> None:
    """An administrator of the care organisation (404 for anyone outside it, 403 for its other roles)."""
    permissions.check_tenant(actor, tenant, roles=permissions.TENANT_ADMINS)
    if actor.read_only:
        raise PermissionDenied(_("This API token is read-only: create a read-write token to make changes."))


def define_permissions() -> None:
    """Called once from CertificatesConfig.ready(); `obj` is a connector version unless said otherwise."""
    define = permissions.define
    # Seeing a version's environments and certificates, downloading a certificate: the supplier's members.
    define("certificates.view", lambda actor, version: check_supplier(actor, version, roles=SUPPLIER_ROLES))
    # Adding environments, uploading CSRs, canceling a request: the supplier's members.
    define("certificates.manage", lambda actor, version: check_supplier(actor, version, write=True))
    # Enabling and disabling a certificate: the supplier's members, or staff.
    define("certificates.toggle", lambda actor, version: check_supplier(actor, version, write=True, staff=True))
    # Seeing and deciding the approval requests for a care organisation (obj: the tenant): its administrators.
    define("certificates.decide", check_care_organisation_admin)
    # Platform staff: forwarding requests to the care organisation, revoking and reissuing certificates, the
    # certificate authority and its CRLs, the expiry reminders (the daily jobs act as the platform, SYSTEM).
    for name in ("forward", "revoke", "reissue", "authority", "reminders"):
        define(f"certificates.{name}", _staff)
