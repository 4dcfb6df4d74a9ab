"""Locations, practitioners, opening hours and their exceptions, appointment types."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from epdee.core.models import TenantOwnedModel


class Location(TenantOwnedModel):
    name = models.CharField(max_length=120)
    code = models.SlugField(max_length=40, help_text="Short code, e.g. centrum")
    street = models.CharField(max_length=200, blank=True)
    postal_code = models.CharField(max_length=7, blank=True)
    city = models.CharField(max_length=100, blank=True)
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    bookable_online = models.BooleanField(default=True)
    slot_minutes = models.PositiveSmallIntegerField(default=15, help_text="Grid of bookable start times")

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["tenant", "code"], name="clinic_location_code_once")]

    def __str__(self):
        return self.name


class Practitioner(TenantOwnedModel):
    name = models.CharField(max_length=150)
    initials = models.CharField(max_length=20, blank=True)
    agb_code = models.CharField(max_length=8, blank=True)
    email = models.EmailField(blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="practitioners"
    )
    locations = models.ManyToManyField(Location, related_name="practitioners", blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class OpeningHours(TenantOwnedModel):
    """A location is open on a weekday (0 = Monday) from `opens` to `closes`; several rows make breaks."""

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(
        choices=[
            (i, d) for i, d in enumerate(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"])
        ]
    )
    opens = models.TimeField()
    closes = models.TimeField()

    class Meta:
        ordering = ["location", "weekday", "opens"]
        constraints = [
            models.CheckConstraint(condition=Q(closes__gt=F("opens")), name="clinic_hours_close_after_open"),
            models.CheckConstraint(condition=Q(weekday__lte=6), name="clinic_hours_weekday_valid"),
        ]

    def __str__(self):
        return f"{self.location} {self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class ScheduleException(TenantOwnedModel):
    """A holiday or closure (closed all day), or different hours on one date."""

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="exceptions")
    date = models.DateField()
    closed = models.BooleanField(default=True)
    opens = models.TimeField(null=True, blank=True)
    closes = models.TimeField(null=True, blank=True)
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["location", "date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed=True) | Q(opens__isnull=False, closes__isnull=False, closes__gt=F("opens")),
                name="clinic_exception_hours_valid",
            )
        ]

    def __str__(self):
        return f"{self.location} {self.date} {'closed' if self.closed else 'special hours'}"


class AppointmentType(TenantOwnedModel):
    name = models.CharField(max_length=120)
    code = models.SlugField(max_length=40)
    duration_minutes = models.PositiveSmallIntegerField(default=15)
    bookable_online = models.BooleanField(default=True)
    price_cents = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "code"], name="clinic_appointment_type_code_once"),
            models.CheckConstraint(condition=Q(duration_minutes__gte=5), name="clinic_duration_at_least_5"),
        ]

    def __str__(self):
        return f"{self.name} ({self.duration_minutes} min)"
