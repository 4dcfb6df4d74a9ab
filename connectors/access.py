"""Who sees and changes which connectors: a supplier's members see only their supplier's."""

from .models import Connector, ConnectorVersion, SupplierMembership


def memberships(user):
    if not user.is_authenticated:
        return SupplierMembership.objects.none()
    return SupplierMembership.objects.filter(user=user, supplier__is_active=True).select_related("supplier")


def connectors_for(user):
    """Connectors the user may see: those of his suppliers (another supplier's are a 404)."""
    if not user.is_authenticated:
        return Connector.objects.none()
    return Connector.objects.filter(supplier__memberships__user=user, supplier__is_active=True).distinct()


def versions_for(user):
    return ConnectorVersion.objects.filter(connector__in=connectors_for(user))


def role_in(supplier, user) -> str | None:
    membership = SupplierMembership.objects.filter(supplier=supplier, user=user).first()
    return membership.role if membership else None
