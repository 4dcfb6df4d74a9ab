"""Organizations in the registry, their members and invitations."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from .base import RegistryModel
from .choices import Country, InvitationStatus


class Organization(RegistryModel):
    name = models.CharField(max_length=255)
    description = models.CharField(max_length=1000, null=True, blank=True)
    website = models.CharField(max_length=1000, null=True, blank=True)
    github_url = models.CharField(max_length=1000, null=True, blank=True)
    gitlab_url = models.CharField(max_length=1000, null=True, blank=True)
    email_address = models.EmailField(max_length=254)
    phone_number = models.CharField(max_length=50, null=True, blank=True)
    # Address (nullable as a whole: has_address false means "address": null).
    has_address = models.BooleanField(default=False)
    address_street = models.CharField(max_length=255, null=True, blank=True)
    address_house_number = models.PositiveIntegerField(null=True, blank=True)
    address_house_number_addition = models.CharField(max_length=100, null=True, blank=True)
    address_line2 = models.CharField(max_length=255, null=True, blank=True)
    address_postal_code = models.CharField(max_length=10, null=True, blank=True)
    address_city = models.CharField(max_length=255, null=True, blank=True)
    address_state_or_region = models.CharField(max_length=255, null=True, blank=True)
    address_country = models.CharField(max_length=2, choices=Country.choices, null=True, blank=True)

    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="OrganizationMembership",
        through_fields=("organization", "user"),
        related_name="registry_organizations",
    )

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["name"]), models.Index(fields=["address_city"])]

    def __str__(self):
        return self.name


class OrganizationMembership(RegistryModel):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="registry_memberships")

    class Meta:
        ordering = ["-create_time"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "user"], name="registry_one_membership_per_organization")
        ]

    def __str__(self):
        return f"{self.user} in {self.organization}"


class Invitation(RegistryModel):
    """An invitation of an e-mail address to an organization; the invitee accepts or declines it."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="invitations")
    email_address = models.EmailField(max_length=254)
    status = models.CharField(max_length=10, choices=InvitationStatus.choices, default=InvitationStatus.PENDING)
    # The user who accepted or declined.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    response_time = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-create_time"]
        indexes = [models.Index(fields=["email_address", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=InvitationStatus.values), name="registry_invitation_status_valid"
            ),
            # One open invitation per address and organization.
            models.UniqueConstraint(
                "organization",
                Lower("email_address"),
                condition=Q(status="PENDING"),
                name="registry_one_pending_invitation",
            ),
        ]

    def __str__(self):
        return f"{self.email_address} to {self.organization} ({self.status})"
