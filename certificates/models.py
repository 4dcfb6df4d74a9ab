"""Certificate authorities, the environments of connector versions, approval requests and issued certificates."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from connectors.models import ConnectorVersion
from epdee.core.customer_codes import EnvironmentKind


class CertificateAuthority(models.Model):
    """The platform's client-certificate CA. One is current (signs); older ones stay valid until they expire."""

    name = models.CharField(max_length=120)
    certificate_pem = models.TextField()
    # PKCS#8, encrypted with EPDEE_CA_KEY_PASSPHRASE.
    private_key_pem = models.TextField()
    serial = models.CharField(max_length=40)
    fingerprint = models.CharField(max_length=64, unique=True)
    not_before = models.DateTimeField()
    not_after = models.DateTimeField()
    is_current = models.BooleanField(default=False)
    predecessor = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="successor"
    )
    crl_number = models.PositiveIntegerField(default=0)
    crl_pem = models.TextField(blank=True)
    crl_der = models.BinaryField(blank=True, default=b"")
    crl_updated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-not_before"]
        verbose_name_plural = "certificate authorities"
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"], condition=Q(is_current=True), name="certificates_one_current_ca"
            )
        ]

    def __str__(self):
        return self.name

    @property
    def is_valid(self) -> bool:
        return self.not_before <= timezone.now() < self.not_after


class CertificateEnvironment(models.Model):
    """A care organisation's environment (customer code) a connector version gets certificates for (seed 001)."""

    version = models.ForeignKey(ConnectorVersion, on_delete=models.CASCADE, related_name="environments")
    customer_code = models.CharField(max_length=6)
    kind = models.CharField(max_length=12, choices=EnvironmentKind.choices)
    tenant = models.ForeignKey("core.Tenant", on_delete=models.PROTECT, related_name="certificate_environments")
    # seed 001: once the organisation approved the environment, renewals are signed without a new approval.
    approved_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["version", "customer_code"], name="certificates_environment_once"),
        ]

    def __str__(self):
        return f"{self.version} @ {self.customer_code}"

    @property
    def is_development(self) -> bool:
        return self.kind == EnvironmentKind.DEVELOPMENT

    @property
    def needs_approval(self) -> bool:
        return not self.is_development and self.approved_at is None


class ApprovalRequest(models.Model):
    """The "support ticket" of seed 001: supplier asks, staff forward, the care organisation decides."""

    class Status(models.TextChoices):
        REQUESTED = "requested", "Waiting for Epdee"
        FORWARDED = "forwarded", "Waiting for the care organisation"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        CANCELED = "canceled", "Canceled"

    environment = models.ForeignKey(CertificateEnvironment, on_delete=models.CASCADE, related_name="requests")
    csr_pem = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.REQUESTED)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    forwarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    forwarded_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    notes = models.TextField(max_length=4000, blank=True)
    certificate = models.OneToOneField(
        "IssuedCertificate", on_delete=models.SET_NULL, null=True, blank=True, related_name="approval_request"
    )

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            # One open request per environment.
            models.UniqueConstraint(
                fields=["environment"],
                condition=Q(status__in=["requested", "forwarded"]),
                name="certificates_one_open_request",
            )
        ]

    def __str__(self):
        return f"{self.environment}: {self.get_status_display()}"

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.REQUESTED, self.Status.FORWARDED)


class IssuedCertificateQuerySet(models.QuerySet):
    def usable(self, at=None):
        """Enabled, not revoked, within its validity (what the gateway accepts)."""
        at = at or timezone.now()
        return self.filter(enabled=True, revoked_at__isnull=True, not_before__lte=at, not_after__gt=at)


class IssuedCertificate(models.Model):
    class RevocationReason(models.TextChoices):
        UNSPECIFIED = "unspecified", "Unspecified"
        KEY_COMPROMISE = "key_compromise", "Key compromise"
        SUPERSEDED = "superseded", "Superseded"
        CESSATION = "cessation_of_operation", "No longer used"
        CA_COMPROMISE = "ca_compromise", "CA compromise"

    environment = models.ForeignKey(CertificateEnvironment, on_delete=models.PROTECT, related_name="certificates")
    authority = models.ForeignKey(CertificateAuthority, on_delete=models.PROTECT, related_name="certificates")
    serial = models.CharField(max_length=40, unique=True, help_text="Hexadecimal")
    fingerprint = models.CharField(max_length=64, unique=True, help_text="SHA-256 of the DER certificate")
    subject = models.CharField(max_length=300)
    certificate_pem = models.TextField()
    csr_pem = models.TextField(help_text="The request it was signed from (kept to reissue under a new CA).")
    not_before = models.DateTimeField()
    not_after = models.DateTimeField(db_index=True)
    enabled = models.BooleanField(default=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revocation_reason = models.CharField(max_length=30, choices=RevocationReason.choices, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reissue_of = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = IssuedCertificateQuerySet.as_manager()

    class Meta:
        ordering = ["-not_before"]

    def __str__(self):
        return f"{self.subject} ({self.serial[:12]}…)"

    @property
    def is_usable(self) -> bool:
        now = timezone.now()
        return self.enabled and self.revoked_at is None and self.not_before <= now < self.not_after

    @property
    def state(self) -> str:
        if self.revoked_at:
            return "revoked"
        if timezone.now() >= self.not_after:
            return "expired"
        return "enabled" if self.enabled else "disabled"
