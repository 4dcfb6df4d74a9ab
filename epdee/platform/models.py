"""Applications of care organisations that want to use Epdee (the public signup form, seed 004)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TenantApplication(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    organisation_name = models.CharField(max_length=200)
    contact_name = models.CharField(max_length=200)
    email = models.EmailField()
    phone = models.CharField(max_length=30, blank=True)
    kvk_number = models.CharField("KvK number", max_length=8, blank=True)
    message = models.TextField(max_length=4000, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        # The table the model had in epdee.core before it moved here: its rows stay where they are.
        db_table = "core_tenantapplication"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.organisation_name} ({self.get_status_display()})"
