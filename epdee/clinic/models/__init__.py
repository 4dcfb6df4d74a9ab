"""Models of the clinic: every row belongs to a tenant (TenantOwnedModel, read with for_tenant)."""

from .appointments import ACTIVE_STATUSES, Appointment
from .billing import CareActivity, Invoice, InvoiceLine
from .patients import DossierEntry, HealthcareProvider, Patient, PatientInsurance
from .portal import PortalLoginToken, TenantBranding, WebhookDelivery, WebhookEndpoint
from .practice import AppointmentType, Location, OpeningHours, Practitioner, ScheduleException
from .workflows import Notification, Workflow, WorkflowStep

__all__ = [
    "ACTIVE_STATUSES",
    "Appointment",
    "AppointmentType",
    "CareActivity",
    "DossierEntry",
    "HealthcareProvider",
    "Invoice",
    "InvoiceLine",
    "Location",
    "Notification",
    "OpeningHours",
    "Patient",
    "PatientInsurance",
    "PortalLoginToken",
    "Practitioner",
    "ScheduleException",
    "TenantBranding",
    "WebhookDelivery",
    "WebhookEndpoint",
    "Workflow",
    "WorkflowStep",
]
