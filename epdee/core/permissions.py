"""Who may do what: the actors, their roles and the permissions every service checks before it acts.

A service takes its actor as `by` (a user, or an `Actor` for an API token, a client certificate or a
scheduled job) and starts with `require(by, "<permission>", obj)`. The permissions are named checks: this
module defines the platform's and the tenant's, and apps add theirs in `AppConfig.ready()` (the supplier's
roles come from `connectors`). A refused check raises the application error the caller renders: `NotFound`
for an organisation the actor does not belong to (its existence is not confirmed), `PermissionDenied` for a
role, token or licence that does not allow the action.

Why not django-rules: its predicates answer yes or no, while every refusal here must say why and what to
do next, and must tell "not yours" (404) from "not allowed" (403).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .errors import NotFound, PermissionDenied

# Tenant roles (TenantMembership.Role) by what they allow.
TENANT_ROLES = ("admin", "staff", "viewer")
TENANT_WRITERS = ("admin", "staff")
TENANT_ADMINS = ("admin",)


@dataclass(frozen=True)
class Actor:
    """Who acts. A person (`user`), possibly through an API token; or an identity without a person — a
    connector's client certificate, a scheduled job — that holds `role` in the one `tenant` it is bound to.

    `system` actors are the platform itself (data migrations, retries of its own work): they pass every check
    and are named `label` in the audit log.
    """

    user: object = None
    token: object = None
    label: str = ""
    tenant: object = None
    role: str | None = None
    system: bool = False
    details: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def is_person(self) -> bool:
        return self.user is not None and getattr(self.user, "is_authenticated", False)

    @property
    def read_only(self) -> bool:
        """A read-only API token may look, never change."""
        return self.token is not None and not getattr(self.token, "can_write", True)

    @property
    def audit_user(self):
        return self.user if self.is_person else None

    @property
    def audit_label(self) -> str:
        if self.label:
            return self.label
        return getattr(self.user, "email", "") if self.is_person else ""

    def __str__(self):
        return self.audit_label or "anonymous"


ANONYMOUS = Actor(label="")
SYSTEM = Actor(label="Epdee", system=True)


def as_actor(by) -> Actor:
    """The actor a service was handed: an Actor as is, a user as a person without a token, None as anonymous."""
    if isinstance(by, Actor):
        return by
    if by is None:
        return ANONYMOUS
    return Actor(user=by)


def actor_of(request) -> Actor:
    """The actor of a page or API request: the signed-in user and, on the API, the token he sent."""
    user = getattr(request, "user", None)
    # The credential the request came with: an Epdee API token or an OAuth2 access token (both have a scope).
    # Services may tell an API call from a signed-in person by it (Actor.token); only an API token can be
    # read-only (Actor.read_only reads its can_write).
    token = getattr(request, "auth", None)
    if token is not None and not hasattr(token, "scope"):
        token = None
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    membership = getattr(request, "membership", None)
    if membership is not None and membership.user_id == user.pk:
        # The request already resolved the user's role in its tenant: no second query for require().
        user.__dict__.setdefault("_epdee_roles", {})[("Tenant", membership.tenant_id)] = membership.role
    return Actor(user=user, token=token)


# --- roles in organisations ----------------------------------------------------------------------------

# Organisation model → function(user, organisation) -> role or None. The tenant is registered below; the
# supplier by connectors. A role is looked up once per (user, organisation) and kept on the user object,
# which lives for one request or one task.
_ROLE_LOOKUPS: dict[type, Callable] = {}


def register_organisation(model: type, role_of: Callable) -> None:
    _ROLE_LOOKUPS[model] = role_of


def _lookup(model: type) -> Callable:
    for kind in model.__mro__:
        if kind in _ROLE_LOOKUPS:
            return _ROLE_LOOKUPS[kind]
    raise LookupError(f"{model.__name__} is not an organisation with members")


def role_in(by, organisation) -> str | None:
    """The actor's role in the organisation (a tenant, a supplier), or None when he has none."""
    actor = as_actor(by)
    if organisation is None or getattr(organisation, "pk", None) is None:
        return None
    if not actor.is_person:
        bound = actor.tenant
        same = bound is not None and type(bound) is type(organisation) and bound.pk == organisation.pk
        return actor.role if same else None
    token_tenant = getattr(actor.token, "tenant_id", None)
    if token_tenant is not None and not _is_tenant(organisation, token_tenant):
        return None  # a tenant's token acts in that tenant only
    cache = actor.user.__dict__.setdefault("_epdee_roles", {})
    key = (type(organisation).__name__, organisation.pk)
    if key not in cache:
        cache[key] = _lookup(type(organisation))(actor.user, organisation)
    return cache[key]


def _is_tenant(organisation, tenant_id) -> bool:
    from .models import Tenant

    return isinstance(organisation, Tenant) and organisation.pk == tenant_id


def forget_roles(user) -> None:
    """After a membership changed: look the user's roles up again."""
    user.__dict__.pop("_epdee_roles", None)


# --- predicates ----------------------------------------------------------------------------------------


def is_platform_staff(by) -> bool:
    actor = as_actor(by)
    return actor.system or (actor.is_person and actor.user.is_active and actor.user.is_staff)


def is_superadmin(by) -> bool:
    actor = as_actor(by)
    return actor.system or (actor.is_person and actor.user.is_active and actor.user.is_superuser)


def has_role(by, organisation, roles: Iterable[str]) -> bool:
    return role_in(by, organisation) in tuple(roles)


def is_clinic_admin(by, tenant) -> bool:
    return has_role(by, tenant, TENANT_ADMINS)


def is_clinic_staff(by, tenant) -> bool:
    """Staff or administrator: the roles that keep the practice's records."""
    return has_role(by, tenant, TENANT_WRITERS)


def is_clinic_viewer(by, tenant) -> bool:
    """Any member: viewers, staff and administrators all see the practice."""
    return has_role(by, tenant, TENANT_ROLES)


# --- checks that explain a refusal -----------------------------------------------------------------------


def check_tenant(by, tenant, *, roles: Iterable[str] = TENANT_ROLES, write: bool = False) -> None:
    """The actor works in this open tenant with one of `roles`; for `write`, the tenant and token allow it."""
    actor = as_actor(by)
    if actor.system:
        return
    role = role_in(actor, tenant)
    if role is None or not tenant.is_open:
        # 404, not 403: nobody learns that another organisation or its data exists.
        raise NotFound(_("No such care organisation, or you are not one of its members."))
    if role not in tuple(roles):
        if write and role == "viewer":
            raise PermissionDenied(_("Your role in this care organisation is read-only."))
        raise PermissionDenied(_("Only an administrator of this care organisation may do this."))
    if write:
        if actor.read_only:
            raise PermissionDenied(_("This API token is read-only: create a read-write token to make changes."))
        if not tenant.is_writable:
            raise PermissionDenied(
                _("%(tenant)s has a read-only (inzage) licence: no data can be added or changed.")
                % {"tenant": tenant.name}
            )


def check_platform_staff(by) -> None:
    if not is_platform_staff(by):
        raise PermissionDenied(_("Only platform staff may do this."))


def check_superadmin(by) -> None:
    if not is_superadmin(by):
        raise PermissionDenied(_("Only a superadmin may do this."))


def check_signed_in(by) -> None:
    actor = as_actor(by)
    if not (actor.system or actor.is_person or actor.role):
        raise PermissionDenied(_("Sign in first."))


# --- named permissions -----------------------------------------------------------------------------------

_PERMISSIONS: dict[str, Callable] = {}


def define(name: str, check: Callable) -> None:
    """Name a check `check(actor, obj)` that raises when the actor may not; apps call this in ready()."""
    if name in _PERMISSIONS and _PERMISSIONS[name] is not check:
        raise ValueError(f"permission {name!r} is defined twice")
    _PERMISSIONS[name] = check


def require(by, permission: str, obj=None) -> Actor:
    """Refuse unless the actor holds the permission on obj; returns the actor, ready for the audit event."""
    actor = as_actor(by)
    try:
        check = _PERMISSIONS[permission]
    except KeyError:
        raise LookupError(f"unknown permission {permission!r}") from None
    check(actor, obj)
    return actor


def allowed(by, permission: str, obj=None) -> bool:
    """Whether the actor holds the permission (to show or hide a button; the service still checks)."""
    try:
        require(by, permission, obj)
    except (NotFound, PermissionDenied):
        return False
    return True


def permissions() -> list[str]:
    return sorted(_PERMISSIONS)


def _tenant_role(user, tenant) -> str | None:
    from .models import TenantMembership

    return TenantMembership.objects.filter(tenant_id=tenant.pk, user_id=user.pk).values_list("role", flat=True).first()


def define_core_permissions() -> None:
    """The shared kernel's permissions; called once from CoreConfig.ready()."""
    from .models import Tenant

    register_organisation(Tenant, _tenant_role)
    define("platform.staff", lambda actor, obj: check_platform_staff(actor))
    define("platform.superadmin", lambda actor, obj: check_superadmin(actor))
    # Reading a tenant's data: any member.
    define("tenant.view", lambda actor, tenant: check_tenant(actor, tenant))
    # Adding and changing a tenant's records (patients, agenda, billing): staff and administrators.
    define("tenant.change", lambda actor, tenant: check_tenant(actor, tenant, roles=TENANT_WRITERS, write=True))
    # Opening the tenant's settings: administrators.
    define("tenant.manage", lambda actor, tenant: check_tenant(actor, tenant, roles=TENANT_ADMINS))
    # Changing the tenant's settings, members, tokens, webhooks: administrators of a writable tenant.
    define("tenant.configure", lambda actor, tenant: check_tenant(actor, tenant, roles=TENANT_ADMINS, write=True))
