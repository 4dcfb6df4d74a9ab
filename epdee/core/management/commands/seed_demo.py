"""Idempotent demo data: the TE1002 sandbox, two clinics, one user per role; prints the logins.

Demo passwords and TOTP secrets are public, so the command refuses to run outside DEBUG unless forced.
Other apps add their own demo data through epdee.core.demo.register_demo_seeder().
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import import_string

from epdee.core.demo import ordered_seeders
from epdee.core.mfa import totp_code, unused_recovery_codes
from epdee.core.models import Tenant, TenantMembership, User
from epdee.core.permissions import Actor
from epdee.core.services import accounts, tenants

# The platform loading its own demo data (the first accounts do not exist yet); the audit log names it so.
SEEDER = Actor(label="seed_demo", system=True)

SANDBOX = {"name": "Epdee Sandbox", "slug": "sandbox", "codes": ["TE1002"], "hosts": []}
CLINICS = [
    {"name": "Kliniek De Linde", "slug": "de-linde", "codes": ["TE2101", "CF3101"], "hosts": ["de-linde.localhost"]},
    {
        "name": "Zorggroep Rivierenland",
        "slug": "rivierenland",
        "codes": ["TE4410", "DF5520"],
        "hosts": ["rivierenland.localhost"],
    },
]


class DemoUser:
    def __init__(
        self, email, full_name, password, *, role_label, platform=None, tenant=None, tenant_role=None, totp=None
    ):
        self.email = email
        self.full_name = full_name
        self.password = password
        self.role_label = role_label
        self.platform = platform  # "superadmin" | "staff" | None
        self.tenant = tenant
        self.tenant_role = tenant_role
        self.totp = totp  # fixed base32 secret: staff need 2FA for the admin


DEMO_USERS = [
    DemoUser(
        "superadmin@epdee.example",
        "Sanne Superadmin",
        "Demo-superadmin-2026",
        role_label="Superadmin",
        platform="superadmin",
        totp="JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
    ),
    DemoUser(
        "staff@epdee.example",
        "Pieter Platform",
        "Demo-staff-2026",
        role_label="Platform staff",
        platform="staff",
        totp="KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU",
    ),
    DemoUser(
        "admin@de-linde.example",
        "Anouk Admin",
        "Demo-tenant-admin-2026",
        role_label="Tenant admin (Kliniek De Linde)",
        tenant="de-linde",
        tenant_role=TenantMembership.Role.ADMIN,
    ),
    DemoUser(
        "staff@de-linde.example",
        "Daan Doktersassistent",
        "Demo-tenant-staff-2026",
        role_label="Tenant staff (Kliniek De Linde)",
        tenant="de-linde",
        tenant_role=TenantMembership.Role.STAFF,
    ),
    DemoUser(
        "viewer@de-linde.example",
        "Vera Viewer",
        "Demo-tenant-viewer-2026",
        role_label="Tenant viewer (Kliniek De Linde)",
        tenant="de-linde",
        tenant_role=TenantMembership.Role.VIEWER,
    ),
    DemoUser(
        "admin@rivierenland.example",
        "Ruben Rivier",
        "Demo-rivierenland-2026",
        role_label="Tenant admin (Zorggroep Rivierenland)",
        tenant="rivierenland",
        tenant_role=TenantMembership.Role.ADMIN,
    ),
]


def _ensure_tenant(spec, *, is_sandbox=False) -> Tenant:
    tenant = Tenant.objects.filter(slug=spec["slug"]).first()
    if tenant is None:
        tenant = tenants.create_tenant(name=spec["name"], slug=spec["slug"], is_sandbox=is_sandbox, by=SEEDER)
    for code in spec["codes"]:
        tenants.add_customer_code(tenant, code, by=SEEDER)
    for host in spec["hosts"]:
        tenants.add_hostname(tenant, host, by=SEEDER)
    return tenant


def _ensure_user(spec: DemoUser, tenants_by_slug: dict) -> User:
    roles = {"is_staff": spec.platform in ("staff", "superadmin"), "is_superuser": spec.platform == "superadmin"}
    user = User.objects.filter(email=spec.email).first()
    if user is None:
        user = accounts.create_user(spec.email, password=spec.password, full_name=spec.full_name, by=SEEDER, **roles)
    else:
        accounts.change_user(user, full_name=spec.full_name, is_active=True, by=SEEDER, **roles)
        accounts.set_password(user, spec.password, by=SEEDER)
    accounts.confirm_email_address(user, by=SEEDER)
    if spec.tenant:
        tenants.add_member(tenants_by_slug[spec.tenant], user, spec.tenant_role, by=SEEDER)
    if spec.totp:
        accounts.activate_totp(user, spec.totp, by=SEEDER)
        accounts.activate_recovery_codes(user, by=SEEDER)
    return user


class Command(BaseCommand):
    help = "Load demo tenants and one user per role (idempotent); print their logins."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG off (never in production).")
        parser.add_argument("--quiet", action="store_true", help="Do not print the logins.")

    def handle(self, *args, force=False, quiet=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates accounts with published passwords; it runs only with DEBUG=1 (or --force)."
            )
        with transaction.atomic():
            by_slug = {SANDBOX["slug"]: _ensure_tenant(SANDBOX, is_sandbox=True)}
            for spec in CLINICS:
                by_slug[spec["slug"]] = _ensure_tenant(spec)
            users = [(spec, _ensure_user(spec, by_slug)) for spec in DEMO_USERS]
        for seeder in ordered_seeders():
            import_string(seeder)(self.stdout)
        if not quiet:
            self._print_logins(users)

    def _print_logins(self, users):
        out = self.stdout
        out.write(self.style.SUCCESS("Demo data ready. Sign in at /accounts/login/ with:"))
        for spec, user in users:
            out.write(f"  {spec.role_label:<40} {spec.email:<30} password: {spec.password}")
            if spec.totp:
                out.write(f"  {'':<40} TOTP secret: {spec.totp} (code now: {totp_code(spec.totp)})")
                out.write(f"  {'':<40} recovery codes: {' '.join(unused_recovery_codes(user))}")
