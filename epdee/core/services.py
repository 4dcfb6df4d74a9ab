"""State changes of the shared kernel: tenants, their customer codes, host names and members.

Views, API, admin and management commands call these; each writes its audit event.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_domain_name
from django.db import IntegrityError, transaction
from django.db.models.functions import Substr

from .audit import record_event
from .customer_codes import DEVELOPMENT_CODE, EnvironmentKind, parse_customer_code
from .models import CustomerCode, Tenant, TenantHostname, TenantMembership


class TenantError(Exception):
    """A tenant rule was broken; the message says which, for the person who tried."""


def check_customer_code(tenant: Tenant, raw_code: str) -> str:
    """Validate a customer code for this tenant and return it normalised; raise ValidationError.

    Rules (seed 001): the format; TE1002 belongs to the sandbox tenant only; codes are unique across
    tenants; a tenant's staging and production numbers differ.
    """
    parsed = parse_customer_code(raw_code)
    if parsed.kind == EnvironmentKind.DEVELOPMENT and not tenant.is_sandbox:
        raise ValidationError(
            f"{DEVELOPMENT_CODE} is the development environment of the platform's sandbox, not of a care organisation.",
            code="development_code_reserved",
        )
    if parsed.kind != EnvironmentKind.DEVELOPMENT and tenant.is_sandbox:
        raise ValidationError("The sandbox tenant has only the development code TE1002.", code="sandbox_code")
    if CustomerCode.objects.filter(code=parsed.code).exclude(tenant=tenant).exists():
        raise ValidationError(f"{parsed.code} already belongs to another organisation.", code="code_taken")
    same_number = (
        CustomerCode.objects.for_tenant(tenant)
        .exclude(code=parsed.code)
        .exclude(code=DEVELOPMENT_CODE)
        .annotate(number=Substr("code", 3))
        .filter(number=parsed.number)
        .values_list("code", flat=True)
        .first()
    )
    if same_number:
        raise ValidationError(
            f"{parsed.code} has the same number as this organisation's {same_number}: staging and production "
            "environments have different numbers.",
            code="number_reused",
        )
    return parsed.code


@transaction.atomic
def create_tenant(
    *, name: str, slug: str, by=None, is_sandbox: bool = False, customer_codes=(), hostnames=()
) -> Tenant:
    tenant = Tenant(name=name, slug=slug, is_sandbox=is_sandbox)
    tenant.full_clean()
    tenant.save()
    record_event("tenant.create", actor=by, tenant=tenant, obj=tenant)
    for code in customer_codes:
        add_customer_code(tenant, code, by=by)
    for hostname in hostnames:
        add_hostname(tenant, hostname, by=by)
    return tenant


def sandbox_tenant() -> Tenant | None:
    return Tenant.objects.filter(is_sandbox=True).first()


def tenant_for_customer_code(raw_code: str) -> Tenant | None:
    """The tenant whose environment has this code (TE1002: the sandbox), or None."""
    code = parse_customer_code(raw_code).code
    entry = CustomerCode.objects.select_related("tenant").filter(code=code).first()
    if entry is None and code == settings.EPDEE_SANDBOX_CUSTOMER_CODE:
        return sandbox_tenant()
    return entry.tenant if entry else None


def add_customer_code(tenant: Tenant, raw_code: str, *, by=None) -> CustomerCode:
    code = check_customer_code(tenant, raw_code)
    try:
        with transaction.atomic():
            entry, created = CustomerCode.objects.get_or_create(tenant=tenant, code=code)
    except IntegrityError as exc:  # a concurrent request took the code or number first
        raise ValidationError("That customer code was just taken; reload and try again.", code="code_taken") from exc
    if created:
        record_event("tenant.customer_code.add", actor=by, tenant=tenant, obj=entry, details={"code": code})
    return entry


def add_hostname(tenant: Tenant, hostname: str, *, by=None) -> TenantHostname:
    hostname = (hostname or "").strip().lower().rstrip(".")
    try:
        validate_domain_name(hostname)
    except ValidationError as exc:
        raise ValidationError(f"“{hostname[:60]}” is not a host name.", code="invalid_hostname") from exc
    if TenantHostname.objects.filter(hostname=hostname).exclude(tenant=tenant).exists():
        raise ValidationError(f"{hostname} already belongs to another organisation.", code="hostname_taken")
    entry, created = TenantHostname.objects.get_or_create(tenant=tenant, hostname=hostname)
    if created:
        record_event("tenant.hostname.add", actor=by, tenant=tenant, obj=entry, details={"hostname": hostname})
    return entry


def add_member(tenant: Tenant, user, role: str = TenantMembership.Role.STAFF, *, by=None) -> TenantMembership:
    if role not in TenantMembership.Role.values:
        raise ValidationError(f"Unknown role {role!r}.", code="invalid_role")
    membership, created = TenantMembership.objects.get_or_create(tenant=tenant, user=user, defaults={"role": role})
    if not created:
        if membership.role == role:
            return membership
        membership.role = role
        membership.save(update_fields=["role"])
    record_event(
        "tenant.member.add" if created else "tenant.member.role",
        actor=by,
        tenant=tenant,
        obj=membership,
        details={"user": user.email, "role": role},
    )
    return membership


def set_tenant_status(tenant: Tenant, status: str, *, by=None) -> Tenant:
    if status not in Tenant.Status.values:
        raise ValidationError(f"Unknown status {status!r}.", code="invalid_status")
    old = tenant.status
    if old != status:
        tenant.status = status
        tenant.save(update_fields=["status", "updated_at"])
        record_event("tenant.status", actor=by, tenant=tenant, obj=tenant, details={"from": old, "to": status})
    return tenant


def ensure_writable(tenant: Tenant) -> None:
    """Refuse new data for a read-only (inzage, seed 003) or closed tenant."""
    if not tenant.is_writable:
        raise TenantError(f"{tenant.name} is {tenant.get_status_display().lower()}: no data can be added or changed.")
