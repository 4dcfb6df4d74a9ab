"""Suppliers, members and connectors for tests; endpoints come from the catalog the migration loads."""

import factory

from connectors import services
from connectors.models import Endpoint, Supplier, SupplierMembership
from tests.core.factories import UserFactory


class SupplierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Supplier

    name = factory.Sequence(lambda n: f"Leverancier {n}")
    slug = factory.Sequence(lambda n: f"leverancier-{n}")
    contact_email = factory.Sequence(lambda n: f"contact{n}@supplier.test")


class SupplierMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupplierMembership

    supplier = factory.SubFactory(SupplierFactory)
    user = factory.SubFactory(UserFactory)
    role = SupplierMembership.Role.DEVELOPER


def ensure_catalog() -> None:
    """The migration loads the catalog; a transactional test before this one may have flushed it."""
    if not Endpoint.objects.exists():
        from connectors.models import ApiModel, ApiModelField
        from connectors.services.catalog import sync_catalog
        from epdee.core.permissions import SYSTEM

        sync_catalog(ApiModel, ApiModelField, Endpoint, by=SYSTEM)


def endpoint(method: str, path: str) -> Endpoint:
    ensure_catalog()
    return Endpoint.objects.get(method=method, path=path)


def clients_design() -> dict:
    """Two enabled endpoints with some client fields."""
    return {
        endpoint("GET", "/t/clients"): ["id", "firstName", "birthDate"],
        endpoint("GET", "/t/clients/{id}"): ["id", "address"],
    }


def connector_in(stage: str, *, member=None, name="Planning-koppeling"):
    """A connector whose only version is in `stage`, reached through the services."""
    member = member or SupplierMemberFactory(role=SupplierMembership.Role.ADMIN)
    staff = UserFactory(staff=True)
    connector = services.create_connector(member.supplier, name=name, by=member.user)
    version = connector.versions.get()
    if stage != "DEVELOPMENT":
        services.update_design(version, by=member.user, endpoints=clients_design())
        services.submit_for_review(version, by=member.user)
    if stage in ("APPROVED", "RETIRED"):
        services.approve(version, by=staff)
    if stage == "REJECTED":
        services.reject(version, by=staff, notes="Too many fields for a planning tool.")
    if stage == "RETIRED":
        services.retire(version, by=member.user)
    version.refresh_from_db()
    return member, connector, version
