"""Appointments in a location's agenda."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from epdee.core.models import TenantOwnedModel

ACTIVE_STATUSES = ("booked", "confirmed")


class Appointment(TenantOwnedModel):
    class Status(models.TextChoices):
        BOOKED = "booked", "Booked"
        CONFIRMED = "confirmed", "Confirmed"
        CANCELLED = "cancelled", "Cancelled"
        NO_SHOW = "no_show", "No-show"
        COMPLETED = "completed", "Completed"

    class Source(models.TextChoices):
        DASHBOARD = "dashboard", "Dashboard"
        ONLINE = "online", "Online booking"
        PORTAL = "portal", "Patient portal"
        API = "api", "API"

    location = models.ForeignKey("clinic.Location", on_delete=models.PROTECT, related_name="appointments")
    practitioner = models.ForeignKey(
        "clinic.Practitioner", on_delete=models.PROTECT, null=True, blank=True, related_name="appointments"
    )
    patient = models.ForeignKey("clinic.Patient", on_delete=models.PROTECT, related_name="appointments")
    appointment_type = models.ForeignKey(
        "clinic.AppointmentType", on_delete=models.PROTECT, null=True, blank=True, related_name="appointments"
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.BOOKED)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.DASHBOARD)
    notes = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["tenant", "location", "starts_at"]),
            models.Index(fields=["tenant", "patient", "starts_at"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="clinic_appointment_ends_after_start"),
            # No double booking: one active appointment per practitioner and start time, also under races.
            models.UniqueConstraint(
                fields=["practitioner", "starts_at"],
                condition=Q(status__in=ACTIVE_STATUSES),
                name="clinic_one_active_appointment_per_slot",
            ),
        ]

    def __str__(self):
        return f"{self.starts_at:%Y-%m-%d %H:%M} {self.patient}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES
