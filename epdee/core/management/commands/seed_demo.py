"""Idempotent demo data: the TE1002 sandbox, two clinics, one user per role; prints the logins.

Demo passwords and TOTP secrets are public, so the command refuses to run outside DEBUG unless forced.
Other apps add their own demo data through epdee.core.demo.register_demo_seeder().
"""

import time

from allauth.account.models import EmailAddress
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import encrypt
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import import_string

from epdee.core import services
from epdee.core.demo import ordered_seeders
from epdee.core.models import Tenant, TenantMembership, User

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


def current_totp_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD))


def _ensure_tenant(spec, *, is_sandbox=False) -> Tenant:
    tenant = Tenant.objects.filter(slug=spec["slug"]).first()
    if tenant is None:
        tenant = services.create_tenant(name=spec["name"], slug=spec["slug"], is_sandbox=is_sandbox)
    for code in spec["codes"]:
        services.add_customer_code(tenant, code)
    for host in spec["hosts"]:
        services.add_hostname(tenant, host)
    return tenant


def _ensure_user(spec: DemoUser, tenants: dict) -> User:
    user = User.objects.filter(email=spec.email).first() or User(email=spec.email)
    user.full_name = spec.full_name
    user.is_staff = spec.platform in ("staff", "superadmin")
    user.is_superuser = spec.platform == "superadmin"
    user.is_active = True
    user.set_password(spec.password)
    user.save()
    EmailAddress.objects.update_or_create(user=user, email=spec.email, defaults={"verified": True, "primary": True})
    if spec.tenant:
        services.add_member(tenants[spec.tenant], user, spec.tenant_role)
    if spec.totp:
        Authenticator.objects.update_or_create(
            user=user, type=Authenticator.Type.TOTP, defaults={"data": {"secret": encrypt(spec.totp)}}
        )
        RecoveryCodes.activate(user)
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
            tenants = {SANDBOX["slug"]: _ensure_tenant(SANDBOX, is_sandbox=True)}
            for spec in CLINICS:
                tenants[spec["slug"]] = _ensure_tenant(spec)
            users = [(spec, _ensure_user(spec, tenants)) for spec in DEMO_USERS]
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
                codes = RecoveryCodes(Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES))
                out.write(f"  {'':<40} TOTP secret: {spec.totp} (code now: {current_totp_code(spec.totp)})")
                out.write(f"  {'':<40} recovery codes: {' '.join(codes.get_unused_codes())}")
