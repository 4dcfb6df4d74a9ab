"""Who may do what with suppliers, connectors, versions, the catalog and the news: the supplier's roles.

A supplier is an organisation of its own (`register_organisation`): its administrators and developers build
connectors; platform staff review versions, handle intake requests, post news and keep the catalog.
Services start with `require(by, "<one of the names below>", obj)`; `obj` is a supplier, connector or version.
"""

from django.utils.translation import gettext as _

from epdee.core import permissions
from epdee.core.errors import NotFound, PermissionDenied

# SupplierMembership.Role by what it allows.
SUPPLIER_ROLES = ("admin", "developer")
SUPPLIER_ADMINS = ("admin",)


def _supplier_role(user, supplier) -> str | None:
    from .models import SupplierMembership

    memberships = SupplierMembership.objects.filter(supplier_id=supplier.pk, user_id=user.pk, supplier__is_active=True)
    return memberships.values_list("role", flat=True).first()


def supplier_of(obj):
    """The supplier a supplier, connector or version belongs to."""
    from .models import Connector, ConnectorVersion, Supplier

    if isinstance(obj, Supplier):
        return obj
    if isinstance(obj, Connector):
        return obj.supplier
    if isinstance(obj, ConnectorVersion):
        return obj.connector.supplier
    raise TypeError(f"{type(obj).__name__} belongs to no supplier")


def is_supplier_member(by, obj) -> bool:
    return permissions.has_role(by, supplier_of(obj), SUPPLIER_ROLES)


def is_supplier_admin(by, obj) -> bool:
    return permissions.has_role(by, supplier_of(obj), SUPPLIER_ADMINS)


def check_supplier(by, obj, *, roles=SUPPLIER_ROLES, write: bool = False, staff: bool = False) -> None:
    """The actor is a member of the supplier with one of `roles` (or, when `staff`, platform staff); for
    `write`, his token allows changes. Someone outside the supplier learns nothing: 404, not 403."""
    actor = permissions.as_actor(by)
    if actor.system:
        return
    is_staff = permissions.is_platform_staff(actor)
    if not (staff and is_staff):
        role = permissions.role_in(actor, supplier_of(obj))
        if role is None and is_staff:  # staff see every supplier's connectors (they review them)
            raise PermissionDenied(_("Only members of the connector's supplier may do this."))
        if role is None:
            raise NotFound(_("No such connector, or you are not a member of its supplier."))
        if role not in tuple(roles):
            raise PermissionDenied(_("Only an administrator of this supplier may do this."))
    if write and actor.read_only:
        raise PermissionDenied(_("This API token is read-only: create a read-write token to make changes."))


def _staff(actor, obj) -> None:
    permissions.check_platform_staff(actor)


def define_permissions() -> None:
    """Called once from ConnectorsConfig.ready()."""
    from .models import Supplier

    permissions.register_organisation(Supplier, _supplier_role)
    define = permissions.define
    # Seeing a supplier's connectors and versions: any member, and staff (who review them).
    define("connectors.view", lambda actor, obj: check_supplier(actor, obj, staff=True))
    # New connectors and versions, submitting, withdrawing and reopening: the supplier's members.
    define("connectors.develop", lambda actor, obj: check_supplier(actor, obj, write=True))
    # The technical design of a version in development: the supplier's members, or staff in the admin.
    define("connectors.design", lambda actor, obj: check_supplier(actor, obj, write=True, staff=True))
    # Retiring an approved version: the supplier's administrators, or staff.
    define(
        "connectors.retire",
        lambda actor, obj: check_supplier(actor, obj, roles=SUPPLIER_ADMINS, write=True, staff=True),
    )
    # Adding members: the supplier's administrators, or staff.
    define(
        "connectors.members",
        lambda actor, obj: check_supplier(actor, obj, roles=SUPPLIER_ADMINS, write=True, staff=True),
    )
    # Approving and rejecting versions in review: platform staff.
    define("connectors.review", _staff)
    # Creating and changing suppliers, handling intake requests: platform staff.
    define("connectors.suppliers", _staff)
    # The news and status posts: platform staff.
    define("connectors.news", _staff)
    # The endpoint catalog and its deprecations: platform staff (and the platform's own migrations).
    define("connectors.catalog", _staff)
