"""Demo data of the registry: the Nictiz API requirements 1.2.0, loaded by seed_demo through DEMO_SEEDERS."""

import os
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model

from registry import services

DEMO_SUPERADMIN_EMAIL = "superadmin@epdee.example"  # created by seed_demo before the seeders run


def api_requirements_folder() -> Path:
    # The shared reference data lives next to the project (ARCHITECTURE.md); EPDEE_SHARED_DIR moves it, as for tests.
    shared = os.environ.get("EPDEE_SHARED_DIR") or settings.BASE_DIR.parent / "shared"
    return Path(shared) / "zorgapis" / "api-requirements-1.2.0"


def seed_api_requirements(stdout):
    folder = api_requirements_folder()
    if not folder.is_dir():
        stdout.write(f"API requirements 1.2.0 skipped: {folder} not found (set EPDEE_SHARED_DIR).")
        return
    user = get_user_model().objects.filter(email__iexact=DEMO_SUPERADMIN_EMAIL).first()
    if user is None:
        stdout.write(f"API requirements 1.2.0 skipped: no demo user {DEMO_SUPERADMIN_EMAIL}.")
        return
    stdout.write(str(services.load_api_requirements(folder, by=user, version_name="1.2.0")))


DEMO_CLIENT_ID = "epdee-demo-registry-client"
DEMO_CLIENT_SECRET = "demo-registry-secret-not-for-production"


def _demo_organization(user):
    from registry.models import Organization

    organization = Organization.objects.filter(name="Nictiz (demo)").first()
    if organization is None:
        organization = services.create_organization(
            {
                "name": "Nictiz (demo)",
                "email_address": "registry@nictiz.example",
                "website": "https://nictiz.example",
                "has_address": True,
                "address_street": "Oude Middenweg",
                "address_house_number": 55,
                "address_postal_code": "2491 AC",
                "address_city": "Den Haag",
                "address_country": "NL",
            },
            by=user,
        )
    return organization


def _demo_version(model, parent, name, semver, user, **extra):
    existing = model.objects.filter(**{model.PARENT_FIELD: parent, "name": name}).first()
    if existing:
        return existing
    major, minor, patch = semver
    fields = {
        model.PARENT_FIELD: parent,
        "name": name,
        "publish_time": "2024-01-15T09:00:00Z",
        "lifecycle_state": "PUBLISHED",
        "sem_ver_major": major,
        "sem_ver_minor": minor,
        "sem_ver_patch": patch,
        "url": getattr(parent, "url", None),
    }
    version = services.create_standard_version(model, fields, by=user, **extra)
    services.update_standard(parent, {"main_version": version}, by=user)
    return version


def _demo_standards(organization, user):
    from registry.models import (
        CommunicationStandard,
        CommunicationStandardVersion,
        InformationStandard,
        InformationStandardVersion,
        TrustFramework,
        TrustFrameworkVersion,
    )

    def standard(model, name, url):
        found = model.objects.filter(organization=organization, name=name).first()
        return found or services.create_standard(
            model, {"organization": organization, "name": name, "url": url}, by=user
        )

    fhir = standard(CommunicationStandard, "HL7 FHIR", "https://hl7.org/fhir/")
    fhir_r4 = _demo_version(CommunicationStandardVersion, fhir, "R4", (4, 0, 1), user)
    nuts = standard(TrustFramework, "Nuts", "https://nuts.nl/")
    nuts_v6 = _demo_version(TrustFrameworkVersion, nuts, "6.0", (6, 0, 0), user)
    medication = standard(InformationStandard, "Medicatieproces", "https://informatiestandaarden.nictiz.nl/")
    _demo_version(
        InformationStandardVersion,
        medication,
        "9.3.0",
        (9, 3, 0),
        user,
        care_types=["PHARMACISTS", "GENERAL_PRACTITIONERS", "HOSPITALS"],
        links={"communication_standard_versions": [fhir_r4], "trust_framework_versions": [nuts_v6]},
    )
    return fhir_r4, nuts_v6


def _demo_specification(organization, user, fhir_r4, nuts_v6):
    from registry.models import ApiRequirement, ApiSpecification

    if ApiSpecification.objects.filter(organization=organization, name="Verzamelen Huisartsgegevens").exists():
        return
    specification = services.create_api_specification(
        {
            "organization": organization,
            "name": "Verzamelen Huisartsgegevens",
            "description": "Exchange of general practitioner data for quality registries.",
            "architectural_style": "REST",
        },
        by=user,
    )
    version = services.create_api_specification_version(
        {
            "api_specification": specification,
            "name": "1.0.0",
            "description": "First published version.",
            "publish_time": "2024-03-16T14:15:30.500Z",
            "lifecycle_state": "PUBLISHED",
            "sem_ver_major": 1,
            "sem_ver_minor": 0,
            "sem_ver_patch": 0,
        },
        urls=[
            {"type": "FUNCTIONAL_DESIGN", "url": "https://example.org/vhg/functional-design"},
            {"type": "OPENAPI_SPECIFICATION", "url": "https://example.org/vhg/openapi.yaml"},
        ],
        links={"communication_standard_versions": [fhir_r4], "trust_framework_versions": [nuts_v6]},
        by=user,
    )
    # Declare the open-API requirements of the specification perspective conformant.
    codes = ApiRequirement.objects.filter(
        version__name="1.2.0",
        classifications__kind="standardizationLevels",
        classifications__value="OPEN_API",
    ).values_list("code", flat=True)
    declared = {code: {"conformityType": "CONFORMANT"} for code in codes}
    services.add_declaration(version, "1.2.0", declared, by=user)
    services.update_api_specification(specification, {"main_version": version}, by=user)


def _demo_client(user):
    from oauth2_provider.models import Application

    if not Application.objects.filter(client_id=DEMO_CLIENT_ID).exists():
        services.register_api_client(
            "Demo registry client", client_id=DEMO_CLIENT_ID, client_secret=DEMO_CLIENT_SECRET, by=user
        )


def seed_registry(stdout):
    """A demo organization with standards, one API specification and a registry API client."""
    from registry.models import ApiRequirementsVersion

    user = get_user_model().objects.filter(email__iexact=DEMO_SUPERADMIN_EMAIL).first()
    if user is None:
        return
    organization = _demo_organization(user)
    fhir_r4, nuts_v6 = _demo_standards(organization, user)
    if ApiRequirementsVersion.objects.filter(name="1.2.0").exists():
        _demo_specification(organization, user, fhir_r4, nuts_v6)
    _demo_client(user)
    stdout.write(
        f"Registry API client (client credentials, acts as {DEMO_SUPERADMIN_EMAIL}): "
        f"client_id={DEMO_CLIENT_ID} client_secret={DEMO_CLIENT_SECRET}"
    )
