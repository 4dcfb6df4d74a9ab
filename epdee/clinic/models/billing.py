"""Care activities (verrichtingen) and the invoices built from them; amounts in cents."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from epdee.core.models import TenantOwnedModel


class CareActivity(TenantOwnedModel):
    patient = models.ForeignKey("clinic.Patient", on_delete=models.PROTECT, related_name="care_activities")
    appointment = models.ForeignKey(
        "clinic.Appointment", on_delete=models.SET_NULL, null=True, blank=True, related_name="care_activities"
    )
    description = models.CharField(max_length=300)
    prestatie_code = models.CharField(max_length=20, blank=True, help_text="NZa prestatiecode")
    zorgactiviteit_code = models.CharField(max_length=20, blank=True, help_text="NZa zorgactiviteitcode")
    unit_price_cents = models.PositiveIntegerField(default=0)
    quantity = models.PositiveIntegerField(default=1)
    performed_at = models.DateTimeField()
    notes = models.TextField(blank=True)
    invoice = models.ForeignKey(
        "clinic.Invoice", on_delete=models.SET_NULL, null=True, blank=True, related_name="care_activities"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-performed_at", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(quantity__gte=1), name="clinic_activity_quantity_positive")]

    def __str__(self):
        return f"{self.performed_at:%Y-%m-%d} {self.description}"

    @property
    def total_cents(self) -> int:
        return self.unit_price_cents * self.quantity


class Invoice(TenantOwnedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SENT = "sent", "Sent"
        PAID = "paid", "Paid"
        CREDITED = "credited", "Credited"

    patient = models.ForeignKey("clinic.Patient", on_delete=models.PROTECT, related_name="invoices")
    number = models.CharField(max_length=20)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    issued_on = models.DateField(null=True, blank=True)
    due_on = models.DateField(null=True, blank=True)
    total_cents = models.IntegerField(default=0, help_text="Negative for a credit invoice")
    credit_of = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="credits")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["tenant", "number"], name="clinic_invoice_number_once")]

    def __str__(self):
        return self.number


class InvoiceLine(TenantOwnedModel):
    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="lines")
    care_activity = models.ForeignKey(
        CareActivity, on_delete=models.SET_NULL, null=True, blank=True, related_name="invoice_lines"
    )
    description = models.CharField(max_length=300)
    prestatie_code = models.CharField(max_length=20, blank=True)
    quantity = models.IntegerField(default=1)
    unit_price_cents = models.IntegerField(default=0)
    total_cents = models.IntegerField(default=0)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["invoice", "position", "pk"]

    def __str__(self):
        return self.description
