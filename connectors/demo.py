"""Demo data of the connectors app: a supplier with connectors in every stage, and its two users."""

from django.contrib.auth import get_user_model
from django.db import transaction

from . import services
from .models import Connector, Endpoint, Supplier, SupplierMembership

SUPPLIER = "Zorgkoppeling BV"
USERS = [
    (
        "leverancier@zorgkoppeling.example",
        "Lotte Leverancier",
        "Demo-supplier-admin-2026",
        SupplierMembership.Role.ADMIN,
    ),
    ("developer@zorgkoppeling.example", "Dirk Developer", "Demo-supplier-dev-2026", SupplierMembership.Role.DEVELOPER),
]
DESIGN = {
    ("GET", "/t/clients"): ["id", "firstName", "lastName", "birthDate"],
    ("GET", "/t/clients/{id}"): ["id", "firstName", "lastName", "address"],
    ("GET", "/t/appointments"): ["id", "clientId", "startsAt", "endsAt", "status"],
}


def _design():
    endpoints = {(e.method, e.path): e for e in Endpoint.objects.filter(path__in=[p for _, p in DESIGN])}
    return {endpoints[key]: fields for key, fields in DESIGN.items() if key in endpoints}


def _connector(supplier, name, description, stages, *, admin, staff):
    """A connector whose versions went through `stages` (one entry per version)."""
    if Connector.objects.filter(supplier=supplier, name=name).exists():
        return
    connector = services.create_connector(supplier, name=name, description=description, by=admin)
    for index, stage in enumerate(stages):
        version = connector.versions.order_by("-number").first()
        if index:
            version = services.new_version(connector, by=admin)
        if stage == "ALLOW_ALL":
            services.update_design(version, by=admin, endpoint_mode="ALLOW_ALL")
            continue
        services.update_design(version, by=admin, endpoints=_design())
        if stage == "DEVELOPMENT":
            continue
        services.submit_for_review(version, by=admin)
        if stage == "REJECTED":
            services.reject(version, by=staff, notes="Ask only for the client fields the planning really shows.")
        elif stage in ("APPROVED", "RETIRED"):
            services.approve(version, by=staff, notes="Fields match the functional design.")
            if stage == "RETIRED":
                services.retire(version, by=admin)


@transaction.atomic
def seed_connectors(stdout):
    staff = get_user_model().objects.filter(email="staff@epdee.example").first()
    if staff is None or not Endpoint.objects.exists():
        return
    supplier = Supplier.objects.filter(name=SUPPLIER).first() or services.create_supplier(
        name=SUPPLIER, contact_email="info@zorgkoppeling.example", website="https://zorgkoppeling.example", by=staff
    )
    users = {}
    for email, name, password, role in USERS:
        membership = services.add_person(supplier, email=email, full_name=name, role=role, password=password, by=staff)
        users[role] = membership.user
    admin = users[SupplierMembership.Role.ADMIN]
    _connector(
        supplier,
        "Planning-koppeling",
        "Appointments into the planning system.",
        ["APPROVED", "DEVELOPMENT"],
        admin=admin,
        staff=staff,
    )
    _connector(
        supplier, "Cliëntportaal", "Clients see their own appointments.", ["IN_REVIEW"], admin=admin, staff=staff
    )
    _connector(supplier, "Rapportage-export", "Monthly export for reporting.", ["REJECTED"], admin=admin, staff=staff)
    _connector(supplier, "Verkenning", "Trying out the API on the sandbox.", ["ALLOW_ALL"], admin=admin, staff=staff)
    _connector(supplier, "Oude koppeling", "Replaced by the Planning-koppeling.", ["RETIRED"], admin=admin, staff=staff)
    for email, _, password, role in USERS:
        stdout.write(f"  {'Supplier ' + role + ' (' + SUPPLIER + ')':<40} {email:<30} password: {password}")
