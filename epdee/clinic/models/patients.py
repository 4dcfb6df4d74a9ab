"""Patients, their general practitioner, insurances and dossier entries."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from epdee.core.models import TenantOwnedModel


class HealthcareProvider(TenantOwnedModel):
    """A provider known by its AGB code (Vektis), e.g. a patient's general practitioner."""

    class Kind(models.TextChoices):
        PRACTITIONER = "zorgverlener", "Care provider"
        PRACTICE = "vestiging", "Practice (location)"
        ORGANISATION = "onderneming", "Organisation"

    agb_code = models.CharField(max_length=8)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PRACTITIONER)
    city = models.CharField(max_length=100, blank=True)
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["tenant", "agb_code"], name="clinic_provider_agb_once")]

    def __str__(self):
        return f"{self.name} (AGB {self.agb_code})"


class Patient(TenantOwnedModel):
    class Sex(models.TextChoices):
        MALE = "M", "Male"
        FEMALE = "F", "Female"
        OTHER = "X", "Other"
        UNKNOWN = "U", "Unknown"

    class Source(models.TextChoices):
        DASHBOARD = "dashboard", "Dashboard"
        ONLINE = "online", "Online booking"
        API = "api", "API"

    bsn = models.CharField("BSN", max_length=9, blank=True, help_text="Burgerservicenummer (11-proof)")
    identification_number = models.CharField(max_length=20, help_text="The practice's own patient number")
    initials = models.CharField(max_length=20, blank=True)
    first_name = models.CharField(max_length=100, blank=True)
    prefix = models.CharField("tussenvoegsel", max_length=20, blank=True)
    family_name = models.CharField(max_length=150)
    birth_date = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    street = models.CharField(max_length=200, blank=True)
    house_number = models.CharField(max_length=10, blank=True)
    house_number_addition = models.CharField(max_length=10, blank=True)
    postal_code = models.CharField(max_length=7, blank=True)
    city = models.CharField(max_length=100, blank=True)
    country = models.CharField(max_length=2, default="NL")
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    source = models.CharField(
        max_length=10, choices=Source.choices, default=Source.DASHBOARD, help_text="How the record came in"
    )
    general_practitioner = models.ForeignKey(
        HealthcareProvider, on_delete=models.SET_NULL, null=True, blank=True, related_name="patients"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["family_name", "first_name", "pk"]
        indexes = [
            models.Index(fields=["tenant", "family_name"]),
            models.Index(fields=["tenant", "birth_date"]),
            models.Index(fields=["tenant", "email"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "bsn"], condition=~Q(bsn=""), name="clinic_bsn_once_per_tenant"),
            models.UniqueConstraint(fields=["tenant", "identification_number"], name="clinic_patient_number_once"),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        given = self.initials or self.first_name
        return " ".join(part for part in (given, self.prefix, self.family_name) if part)


class PatientInsurance(TenantOwnedModel):
    """An insurance found by a COV check (Vecozo) or entered by hand."""

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="insurances")
    uzovi = models.CharField(max_length=4)
    insurer_name = models.CharField(max_length=100)
    policy_number = models.CharField(max_length=30, blank=True)
    kind = models.CharField(max_length=30, default="Basis")
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    result = models.CharField(max_length=30, blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-starts_on", "-pk"]

    def __str__(self):
        return f"{self.insurer_name} ({self.uzovi})"


class DossierEntry(TenantOwnedModel):
    """A dated entry in a patient's dossier (report or note) by a practitioner."""

    class Kind(models.TextChoices):
        REPORT = "report", "Report"
        NOTE = "note", "Note"

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="dossier_entries")
    practitioner = models.ForeignKey(
        "clinic.Practitioner", on_delete=models.SET_NULL, null=True, blank=True, related_name="dossier_entries"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.REPORT)
    title = models.CharField(max_length=200)
    text = models.TextField()
    occurred_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        indexes = [models.Index(fields=["patient", "occurred_at"])]

    def __str__(self):
        return f"{self.occurred_at:%Y-%m-%d} {self.title}"
