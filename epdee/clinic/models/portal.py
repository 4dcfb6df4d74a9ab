"""The patient portal's single-use sign-in links, tenant branding, outgoing webhooks."""

from django.db import models

from epdee.core.models import TenantOwnedModel


class PortalLoginToken(TenantOwnedModel):
    """A magic link: single use, valid 15 minutes; only the SHA-256 of the token is kept."""

    patient = models.ForeignKey("clinic.Patient", on_delete=models.CASCADE, related_name="portal_tokens")
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"portal link for {self.patient_id}"


def branding_path(instance, filename):
    extension = filename.rsplit(".", 1)[-1].lower()
    return f"branding/{instance.tenant_id}/{filename.rsplit('.', 1)[0][:40]}.{extension}"


class TenantBranding(TenantOwnedModel):
    logo = models.FileField(upload_to=branding_path, blank=True)
    favicon = models.FileField(upload_to=branding_path, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["tenant"], name="clinic_branding_once")]

    def __str__(self):
        return f"branding of {self.tenant_id}"


class WebhookEndpoint(TenantOwnedModel):
    class Event(models.TextChoices):
        PATIENT_CREATED = "patient.created", "Patient created"
        APPOINTMENT_BOOKED = "appointment.booked", "Appointment booked"
        APPOINTMENT_CANCELLED = "appointment.cancelled", "Appointment cancelled"
        INVOICE_SENT = "invoice.sent", "Invoice sent"

    url = models.URLField(max_length=500)
    description = models.CharField(max_length=200, blank=True)
    secret = models.CharField(max_length=100, help_text="whsec_… (Standard Webhooks)")
    events = models.JSONField(default=list)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["url"]

    def __str__(self):
        return self.url


class WebhookDelivery(TenantOwnedModel):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed (retrying)"
        GAVE_UP = "gave_up", "Gave up"

    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    message_id = models.CharField(max_length=40, help_text="webhook-id: the same on every retry")
    event = models.CharField(max_length=40, choices=WebhookEndpoint.Event.choices)
    payload = models.JSONField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.event} → {self.endpoint}"
