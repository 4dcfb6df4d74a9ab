"""Tenants (care organisations), their customer codes, host names and members."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Substr

from ..customer_codes import CODE_REGEX, DEVELOPMENT_CODE, EnvironmentKind, parse_customer_code


class TenantQuerySet(models.QuerySet):
    """Rows of one tenant; `audited()` makes loading them a NEN 7513 read event (selectors use it)."""

    _audit = None

    def for_tenant(self, tenant):
        """Rows of this tenant only; no tenant means no rows (never "all tenants")."""
        if tenant is None or getattr(tenant, "pk", None) is None:
            return self.none()
        return self.filter(tenant_id=tenant.pk)

    def audited(self, action: str, *, actor, tenant, patient_of=None, details=None, one=False):
        """Record one audit event, naming the patients of the rows, each time this queryset's rows are loaded.

        So a list is audited with exactly the page a person saw (the paginator slices, then loads), a detail
        with the one row, and counting or checking existence records nothing. `patient_of(row)` gives a row's
        patient id (default: the row's `patient_id`, or its own id for a patient). `one=True` is for loading
        one row (`.get(pk=…)`): the event names that row as its object, and a lookup that finds nothing records
        nothing (the caller answers "not found"; no patient data was read).
        """
        clone = self._chain()
        clone._audit = ReadAudit(action, actor, tenant, patient_of, dict(details or {}), one=one)
        return clone

    def _clone(self):
        clone = super()._clone()
        clone._audit = self._audit
        return clone

    def _fetch_all(self):
        loading = self._result_cache is None
        super()._fetch_all()
        if loading and self._audit is not None:
            self._audit.record(self._result_cache)


class ReadAudit:
    """The audit event a selector's queryset writes when its rows are loaded."""

    def __init__(self, action, actor, tenant, patient_of, details, one=False):
        self.action, self.actor, self.tenant, self.details = action, actor, tenant, details
        self.patient_of, self.one = patient_of, one

    def _patient_id(self, row):
        if self.patient_of is not None:
            return self.patient_of(row)
        if isinstance(row, models.Model):
            return row.pk if row._meta.model_name == "patient" else getattr(row, "patient_id", None)
        return None

    def record(self, rows) -> None:
        from ..audit import record_event

        if self.one and not rows:
            return
        ids = sorted({str(pk) for row in rows if (pk := self._patient_id(row)) is not None})
        record_event(
            self.action,
            actor=self.actor,
            tenant=self.tenant,
            obj=rows[0] if self.one and len(rows) == 1 else None,  # a detail names the record it read
            patient_id=ids[0] if len(ids) == 1 else "",
            details={**self.details, "patient_ids": ids, "rows": len(rows)},
        )


class TenantOwnedModel(models.Model):
    """Base of every tenant-owned row. PROTECT: a tenant's data is removed by the data-exit service only."""

    tenant = models.ForeignKey("core.Tenant", on_delete=models.PROTECT, related_name="+")

    objects = TenantQuerySet.as_manager()

    class Meta:
        abstract = True


class Tenant(models.Model):
    """A healthcare organisation using Epdee."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        READ_ONLY = "read_only", "Read-only (inzage licence)"
        CLOSED = "closed", "Closed"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=60, unique=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    is_sandbox = models.BooleanField(
        default=False, help_text="The platform's own development tenant (customer code TE1002)."
    )
    time_zone = models.CharField(max_length=64, default="Europe/Amsterdam")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_sandbox"], condition=Q(is_sandbox=True), name="core_one_sandbox_tenant"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["active", "read_only", "closed"]), name="core_tenant_status_valid"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_writable(self) -> bool:
        """Only an active tenant may add or change data; read-only (inzage) keeps reading."""
        return self.status == self.Status.ACTIVE

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.CLOSED


class CustomerCode(models.Model):
    """A customer code of one of the tenant's environments (seed 001)."""

    tenant = models.ForeignKey(Tenant, on_delete=models.PROTECT, related_name="customer_codes")
    code = models.CharField(max_length=6, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=Q(code__regex=CODE_REGEX), name="core_customer_code_format"),
            # seed 001: a tenant's staging number differs from its production number.
            models.UniqueConstraint(
                "tenant",
                Substr("code", 3),
                condition=~Q(code=DEVELOPMENT_CODE),
                name="core_customer_code_number_per_tenant",
            ),
        ]

    def __str__(self):
        return self.code

    @property
    def kind(self) -> EnvironmentKind:
        return parse_customer_code(self.code).kind


class TenantHostname(models.Model):
    """A host name that resolves to its tenant (public booking pages, portal)."""

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="hostnames")
    hostname = models.CharField(
        max_length=253, unique=True, help_text="Lower case, without port, e.g. boeken.kliniek.nl"
    )

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["hostname"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hostname__regex=r"^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$"), name="core_hostname_format"
            ),
        ]

    def __str__(self):
        return self.hostname


class TenantMembership(models.Model):
    """A user's role in one tenant."""

    class Role(models.TextChoices):
        ADMIN = "admin", "Administrator"
        STAFF = "staff", "Staff"
        VIEWER = "viewer", "Viewer"

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.STAFF)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["tenant__name", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "user"], name="core_one_membership_per_tenant"),
            models.CheckConstraint(
                condition=Q(role__in=["admin", "staff", "viewer"]), name="core_membership_role_valid"
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} at {self.tenant}"

    @property
    def is_admin(self) -> bool:
        return self.role == self.Role.ADMIN

    @property
    def can_write(self) -> bool:
        return self.role in (self.Role.ADMIN, self.Role.STAFF) and self.tenant.is_writable
