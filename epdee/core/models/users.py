"""The user account: the e-mail address is the login."""

import uuid

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("A user needs an e-mail address.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in. Platform roles: staff (is_staff) and superadmin (is_superuser).

    Roles inside a care organisation come from TenantMembership.
    """

    # The identifier APIs show (ZorgAPIs user ids are UUIDs); the integer key stays internal.
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField("e-mail address", unique=True)
    full_name = models.CharField(max_length=200, blank=True)
    is_staff = models.BooleanField(
        "platform staff", default=False, help_text="May use the platform admin (with two-factor authentication)."
    )
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        ordering = ["email"]
        constraints = [models.UniqueConstraint(Lower("email"), name="core_user_email_ci_unique")]

    def __str__(self):
        return self.full_name or self.email

    @property
    def display_name(self) -> str:
        return self.full_name or self.email

    def save(self, *args, **kwargs):
        # One spelling per address, so lookups and the case-insensitive unique constraint agree.
        self.email = (self.email or "").strip().lower()
        super().save(*args, **kwargs)

    @property
    def platform_role_label(self) -> str:
        if self.is_superuser:
            return "Superadmin"
        if self.is_staff:
            return "Platform staff"
        return ""
