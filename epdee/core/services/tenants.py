"""Tenants (care organisations): creating and changing them, their customer codes, host names and members.

Platform staff manage tenants (in the admin); a tenant's members are managed by platform staff or by the
tenant's own administrators. Every change writes its audit event.
"""

from django.core.exceptions import ValidationError
from django.core.validators import validate_domain_name
from django.db import IntegrityError, transaction
from django.db.models.functions import Substr
from django.utils.translation import gettext as _

from ..audit import record_event
from ..customer_codes import DEVELOPMENT_CODE, EnvironmentKind, parse_customer_code
from ..errors import Conflict, Invalid
from ..models import CustomerCode, Tenant, TenantHostname, TenantMembership
from ..permissions import allowed, forget_roles, require
from .common import full_clean

# What platform staff may change on a tenant; the status has its own service (and audit event).
TENANT_FIELDS = ("name", "slug", "is_sandbox", "time_zone")


# --- tenants -----------------------------------------------------------------------------------------------


@transaction.atomic
def create_tenant(
    *,
    by,
    name: str,
    slug: str,
    is_sandbox: bool = False,
    status: str = Tenant.Status.ACTIVE,
    time_zone: str = "Europe/Amsterdam",
    customer_codes=(),
    hostnames=(),
) -> Tenant:
    actor = require(by, "platform.staff")
    tenant = Tenant(name=name, slug=slug, is_sandbox=is_sandbox, status=status, time_zone=time_zone)
    full_clean(tenant)
    tenant.save()
    record_event("tenant.create", actor=actor, tenant=tenant, obj=tenant)
    for code in customer_codes:
        add_customer_code(tenant, code, by=actor)
    for hostname in hostnames:
        add_hostname(tenant, hostname, by=actor)
    return tenant


@transaction.atomic
def change_tenant(tenant: Tenant, *, by, status: str | None = None, **changes) -> Tenant:
    """Change the tenant's name, slug, sandbox flag or time zone (and its status, through set_tenant_status)."""
    actor = require(by, "platform.staff")
    unknown = set(changes) - set(TENANT_FIELDS)
    if unknown:
        raise Invalid(_("These fields cannot be changed: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    changed = sorted(name for name, value in changes.items() if getattr(tenant, name) != value)
    if changed:
        for name in changed:
            setattr(tenant, name, changes[name])
        full_clean(tenant)
        tenant.save(update_fields=[*changed, "updated_at"])
        record_event("tenant.change", actor=actor, tenant=tenant, obj=tenant, details={"fields": changed})
    if status is not None:
        set_tenant_status(tenant, status, by=actor)
    return tenant


def set_tenant_status(tenant: Tenant, status: str, *, by) -> Tenant:
    actor = require(by, "platform.staff")
    if status not in Tenant.Status.values:
        raise Invalid(_("Unknown status %(status)s.") % {"status": repr(status)}, field="status", code="invalid_status")
    old = tenant.status
    if old != status:
        tenant.status = status
        tenant.save(update_fields=["status", "updated_at"])
        record_event("tenant.status", actor=actor, tenant=tenant, obj=tenant, details={"from": old, "to": status})
    return tenant


# --- customer codes ------------------------------------------------------------------------------------------


def check_customer_code(tenant: Tenant, raw_code: str, *, replacing: CustomerCode | None = None) -> str:
    """The code normalised, if this tenant may have it (instead of `replacing`, one of its codes); else Invalid.

    The tenant may be one not saved yet (the admin checks the codes typed with a new tenant).

    Rules (seed 001): the format; TE1002 belongs to the sandbox tenant only; codes are unique across
    tenants; a tenant's staging and production numbers differ.
    """
    try:
        parsed = parse_customer_code(raw_code)
    except ValidationError as error:
        raise Invalid(error.messages[0], field="code", code=error.code) from error
    if parsed.kind == EnvironmentKind.DEVELOPMENT and not tenant.is_sandbox:
        raise Invalid(
            _("%(code)s is the development environment of the platform's sandbox, not of a care organisation.")
            % {"code": DEVELOPMENT_CODE},
            field="code",
            code="development_code_reserved",
        )
    if parsed.kind != EnvironmentKind.DEVELOPMENT and tenant.is_sandbox:
        raise Invalid(_("The sandbox tenant has only the development code TE1002."), field="code", code="sandbox_code")
    if CustomerCode.objects.filter(code=parsed.code).exclude(tenant_id=tenant.pk).exists():
        raise Conflict(
            _("%(code)s already belongs to another organisation.") % {"code": parsed.code},
            field="code",
            code="code_taken",
        )
    others = CustomerCode.objects.for_tenant(tenant).exclude(code=parsed.code).exclude(code=DEVELOPMENT_CODE)
    if replacing is not None:
        others = others.exclude(pk=replacing.pk)
    same_number = (
        others.annotate(number=Substr("code", 3)).filter(number=parsed.number).values_list("code", flat=True).first()
    )
    if same_number:
        raise Invalid(
            _(
                "%(code)s has the same number as this organisation's %(other)s: staging and production "
                "environments have different numbers."
            )
            % {"code": parsed.code, "other": same_number},
            field="code",
            code="number_reused",
        )
    return parsed.code


def _code_taken() -> Conflict:
    # A concurrent request took the code or the number first.
    return Conflict(_("That customer code was just taken; reload and try again."), field="code", code="code_taken")


def add_customer_code(tenant: Tenant, raw_code: str, *, by) -> CustomerCode:
    actor = require(by, "platform.staff")
    code = check_customer_code(tenant, raw_code)
    try:
        with transaction.atomic():
            entry, created = CustomerCode.objects.get_or_create(tenant=tenant, code=code)
            if created:
                record_event("tenant.customer_code.add", actor=actor, tenant=tenant, obj=entry, details={"code": code})
    except IntegrityError as error:
        raise _code_taken() from error
    return entry


def change_customer_code(entry: CustomerCode, raw_code: str, *, by) -> CustomerCode:
    actor = require(by, "platform.staff")
    code = check_customer_code(entry.tenant, raw_code, replacing=entry)
    old = entry.code
    if code == old:
        return entry
    try:
        with transaction.atomic():
            entry.code = code
            entry.save(update_fields=["code"])
            record_event(
                "tenant.customer_code.change",
                actor=actor,
                tenant=entry.tenant,
                obj=entry,
                details={"from": old, "to": code},
            )
    except IntegrityError as error:
        entry.code = old
        raise _code_taken() from error
    return entry


@transaction.atomic
def remove_customer_code(entry: CustomerCode, *, by) -> None:
    actor = require(by, "platform.staff")
    record_event(
        "tenant.customer_code.remove", actor=actor, tenant=entry.tenant, obj=entry, details={"code": entry.code}
    )
    entry.delete()


# --- host names ------------------------------------------------------------------------------------------------


def check_hostname(tenant: Tenant, hostname: str, *, replacing: TenantHostname | None = None) -> str:
    """The host name normalised (lower case, no trailing dot), if no other tenant has it; else Invalid."""
    hostname = (hostname or "").strip().lower().rstrip(".")
    try:
        validate_domain_name(hostname)
    except ValidationError as error:
        raise Invalid(
            _("“%(hostname)s” is not a host name.") % {"hostname": hostname[:60]},
            field="hostname",
            code="invalid_hostname",
        ) from error
    taken = TenantHostname.objects.filter(hostname=hostname).exclude(tenant_id=tenant.pk)
    if replacing is not None:
        taken = taken.exclude(pk=replacing.pk)
    if taken.exists():
        raise Conflict(
            _("%(hostname)s already belongs to another organisation.") % {"hostname": hostname},
            field="hostname",
            code="hostname_taken",
        )
    return hostname


@transaction.atomic
def add_hostname(tenant: Tenant, hostname: str, *, by) -> TenantHostname:
    actor = require(by, "platform.staff")
    hostname = check_hostname(tenant, hostname)
    entry, created = TenantHostname.objects.get_or_create(tenant=tenant, hostname=hostname)
    if created:
        record_event("tenant.hostname.add", actor=actor, tenant=tenant, obj=entry, details={"hostname": hostname})
    return entry


@transaction.atomic
def change_hostname(entry: TenantHostname, hostname: str, *, by) -> TenantHostname:
    actor = require(by, "platform.staff")
    hostname = check_hostname(entry.tenant, hostname, replacing=entry)
    old = entry.hostname
    if hostname != old:
        entry.hostname = hostname
        entry.save(update_fields=["hostname"])
        record_event(
            "tenant.hostname.change",
            actor=actor,
            tenant=entry.tenant,
            obj=entry,
            details={"from": old, "to": hostname},
        )
    return entry


@transaction.atomic
def remove_hostname(entry: TenantHostname, *, by) -> None:
    actor = require(by, "platform.staff")
    record_event(
        "tenant.hostname.remove", actor=actor, tenant=entry.tenant, obj=entry, details={"hostname": entry.hostname}
    )
    entry.delete()


# --- members -------------------------------------------------------------------------------------------------------


def _require_member_manager(by, tenant: Tenant):
    """Platform staff (in the admin) and the tenant's administrators manage its members."""
    if allowed(by, "platform.staff"):
        return require(by, "platform.staff")
    return require(by, "tenant.configure", tenant)


def _check_role(role: str) -> None:
    if role not in TenantMembership.Role.values:
        raise Invalid(_("Unknown role %(role)s.") % {"role": repr(role)}, field="role", code="invalid_role")


@transaction.atomic
def add_member(tenant: Tenant, user, role: str = TenantMembership.Role.STAFF, *, by) -> TenantMembership:
    """Make the user a member with this role (or give an existing member this role)."""
    actor = _require_member_manager(by, tenant)
    _check_role(role)
    membership, created = TenantMembership.objects.get_or_create(tenant=tenant, user=user, defaults={"role": role})
    if not created:
        if membership.role == role:
            return membership
        membership.role = role
        membership.save(update_fields=["role"])
    forget_roles(user)
    record_event(
        "tenant.member.add" if created else "tenant.member.role",
        actor=actor,
        tenant=tenant,
        obj=membership,
        details={"user": user.email, "role": role},
    )
    return membership


def change_member_role(membership: TenantMembership, role: str, *, by) -> TenantMembership:
    return add_member(membership.tenant, membership.user, role, by=by)


@transaction.atomic
def remove_member(membership: TenantMembership, *, by) -> None:
    actor = _require_member_manager(by, membership.tenant)
    record_event(
        "tenant.member.remove",
        actor=actor,
        tenant=membership.tenant,
        obj=membership,
        details={"user": membership.user.email, "role": membership.role},
    )
    membership.delete()
    forget_roles(membership.user)
