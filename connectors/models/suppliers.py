"""Software suppliers (external parties), their members, and intake requests from the public form."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class Supplier(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    contact_email = models.EmailField()
    website = models.URLField(blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class SupplierMembership(models.Model):
    class Role(models.TextChoices):
        ADMIN = "admin", "Supplier admin"
        DEVELOPER = "developer", "Developer"

    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="supplier_memberships")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.DEVELOPER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["supplier__name", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["supplier", "user"], name="connectors_one_membership_per_supplier"),
            models.CheckConstraint(condition=Q(role__in=["admin", "developer"]), name="connectors_member_role_valid"),
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} at {self.supplier}"


class SupplierIntakeRequest(models.Model):
    """A software party asks to use the platform; staff approve it into a Supplier."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"

    company_name = models.CharField(max_length=200)
    contact_name = models.CharField(max_length=200)
    contact_email = models.EmailField()
    phone = models.CharField(max_length=40, blank=True)
    website = models.URLField(blank=True)
    message = models.TextField(
        max_length=4000, help_text="What the connector will do and for which care organisations."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    staff_notes = models.TextField(blank=True)
    supplier = models.ForeignKey(Supplier, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.company_name} ({self.get_status_display()})"
