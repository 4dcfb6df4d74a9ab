"""Factories for the shared kernel."""

import factory
from allauth.account.models import EmailAddress

from epdee.core.mfa import new_totp_secret
from epdee.core.models import CustomerCode, Tenant, TenantHostname, TenantMembership, User
from epdee.core.services import accounts

PASSWORD = "Correct-horse-battery-9"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.test")
    full_name = factory.Faker("name", locale="nl_NL")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    class Params:
        staff = factory.Trait(is_staff=True)
        superadmin = factory.Trait(is_staff=True, is_superuser=True)

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create:
            self.save()
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


def give_totp(user) -> str:
    """Activate an authenticator app for the user; returns its secret."""
    secret = new_totp_secret()
    accounts.activate_totp(user, secret, by=user)
    return secret


class TenantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tenant

    name = factory.Sequence(lambda n: f"Zorginstelling {n}")
    slug = factory.Sequence(lambda n: f"zorg-{n}")

    class Params:
        read_only = factory.Trait(status=Tenant.Status.READ_ONLY)
        closed = factory.Trait(status=Tenant.Status.CLOSED)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TenantMembership

    tenant = factory.SubFactory(TenantFactory)
    user = factory.SubFactory(UserFactory)
    role = TenantMembership.Role.STAFF

    class Params:
        admin = factory.Trait(role=TenantMembership.Role.ADMIN)
        viewer = factory.Trait(role=TenantMembership.Role.VIEWER)


class CustomerCodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CustomerCode

    tenant = factory.SubFactory(TenantFactory)
    code = factory.Sequence(lambda n: f"TE{2000 + n:04d}")


class TenantHostnameFactory(factory.django.DjangoModelFactory):
    """A host name of a tenant's public pages (booking, portal)."""

    class Meta:
        model = TenantHostname

    tenant = factory.SubFactory(TenantFactory)
    hostname = factory.Sequence(lambda n: f"praktijk{n}.kliniek.test")
