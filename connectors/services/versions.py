"""Connectors and the stages of their versions.

DEVELOPMENT (editable) → IN_REVIEW → APPROVED or REJECTED; REJECTED → DEVELOPMENT for changes;
IN_REVIEW → DEVELOPMENT when the supplier withdraws it; APPROVED → RETIRED.
"""

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from epdee.core.audit import record_event

from ..exceptions import ConnectorError, NotPermitted, VersionLocked
from ..models import AllowedField, Connector, ConnectorVersion, EnabledEndpoint, SupplierMembership, VersionEvent
from .notify import mail_members

Stage = ConnectorVersion.Stage

# (from, to) → who may make the move: "supplier" (a member), "supplier_admin" or "staff".
TRANSITIONS = {
    (Stage.DEVELOPMENT, Stage.IN_REVIEW): "supplier",
    (Stage.IN_REVIEW, Stage.DEVELOPMENT): "supplier",
    (Stage.IN_REVIEW, Stage.APPROVED): "staff",
    (Stage.IN_REVIEW, Stage.REJECTED): "staff",
    (Stage.REJECTED, Stage.DEVELOPMENT): "supplier",
    (Stage.APPROVED, Stage.RETIRED): "supplier_admin",
}


def ensure_member(supplier_id, user, *, admin: bool = False) -> None:
    memberships = SupplierMembership.objects.filter(supplier_id=supplier_id, user=user)
    if admin:
        memberships = memberships.filter(role=SupplierMembership.Role.ADMIN)
    if not memberships.exists():
        who = "an administrator" if admin else "a member"
        raise NotPermitted(f"Only {who} of this connector's supplier may do this.")


def ensure_editable(version: ConnectorVersion) -> None:
    """seed 001: in-review and approved versions cannot be edited (nor rejected or retired ones)."""
    if not version.is_editable:
        raise VersionLocked(
            f"Version {version.number} is {version.get_stage_display().lower()}: its technical design cannot "
            "be changed. Start a new version to make changes."
        )


def _record(version, from_stage, to_stage, by, notes=""):
    VersionEvent.objects.create(version=version, from_stage=from_stage or "", to_stage=to_stage, actor=by, notes=notes)
    record_event(
        "connector.version.stage",
        actor=by,
        obj=version,
        details={"connector": version.connector_id, "from": from_stage or "", "to": to_stage},
    )


@transaction.atomic
def create_connector(supplier, *, name: str, description: str = "", by) -> Connector:
    ensure_member(supplier.pk, by)
    name = name.strip()
    if not name:
        raise ConnectorError("Give the connector a name.", field="name")
    try:
        with transaction.atomic():
            connector = Connector.objects.create(supplier=supplier, name=name, description=description, created_by=by)
    except IntegrityError as exc:
        raise ConnectorError(f"{supplier.name} already has a connector named {name!r}.", field="name") from exc
    version = ConnectorVersion.objects.create(connector=connector, number=1)
    _record(version, None, Stage.DEVELOPMENT, by)
    return connector


@transaction.atomic
def new_version(connector: Connector, *, by, based_on: ConnectorVersion | None = None) -> ConnectorVersion:
    """A new DEVELOPMENT version with the technical design of `based_on` (default: the newest version)."""
    ensure_member(connector.supplier_id, by)
    Connector.objects.select_for_update().filter(pk=connector.pk).first()  # numbers versions one at a time
    source = based_on or connector.versions.order_by("-number").first()
    number = (connector.versions.aggregate(Max("number"))["number__max"] or 0) + 1
    version = ConnectorVersion.objects.create(
        connector=connector,
        number=number,
        based_on=source,
        endpoint_mode=source.endpoint_mode if source else ConnectorVersion.EndpointMode.FILTERED,
    )
    if source is not None:
        EnabledEndpoint.objects.bulk_create(
            EnabledEndpoint(version=version, endpoint_id=endpoint_id)
            for endpoint_id in source.enabled_endpoints.values_list("endpoint_id", flat=True)
        )
        AllowedField.objects.bulk_create(
            AllowedField(version=version, endpoint_id=endpoint_id, field_id=field_id)
            for endpoint_id, field_id in source.allowed_fields.values_list("endpoint_id", "field_id")
        )
    _record(version, None, Stage.DEVELOPMENT, by, notes=f"Based on version {source.number}" if source else "")
    return version


def _check_mover(version, role: str, by) -> None:
    if role == "staff" or (role == "supplier_admin" and by.is_staff):
        if not by.is_staff:
            raise NotPermitted("Only platform staff review connector versions.")
        return
    ensure_member(version.connector.supplier_id, by, admin=role == "supplier_admin")


@transaction.atomic
def move(version: ConnectorVersion, to_stage: str, *, by, notes: str = "") -> ConnectorVersion:
    """Change the stage if the transition exists and `by` may make it; audited and mailed."""
    version = ConnectorVersion.objects.select_for_update().select_related("connector").get(pk=version.pk)
    from_stage = version.stage
    role = TRANSITIONS.get((from_stage, to_stage))
    if role is None:
        raise VersionLocked(
            f"Version {version.number} is {version.get_stage_display().lower()} and cannot become "
            f"{Stage(to_stage).label.lower()}."
        )
    _check_mover(version, role, by)
    notes = (notes or "").strip()
    if to_stage == Stage.IN_REVIEW:
        _check_submittable(version)
        version.submitted_at = timezone.now()
    if to_stage == Stage.REJECTED and not notes:
        raise ConnectorError("Say why the version is rejected, so the supplier knows what to change.", field="notes")
    if to_stage in (Stage.APPROVED, Stage.REJECTED):
        version.reviewed_at, version.reviewed_by, version.reviewer_notes = timezone.now(), by, notes
    version.stage = to_stage
    version.save()
    _record(version, from_stage, to_stage, by, notes)
    mail_members(version, to_stage, notes)
    return version


def _check_submittable(version: ConnectorVersion) -> None:
    if version.endpoint_mode != ConnectorVersion.EndpointMode.FILTERED:
        raise ConnectorError(
            "Switch the endpoint mode to filtered before submitting: staging and production only ever allow "
            "the enabled endpoints.",
            field="endpoint_mode",
        )
    if not version.enabled_endpoints.exists():
        raise ConnectorError("Enable at least one endpoint before submitting the version for review.")


def submit_for_review(version, *, by):
    return move(version, Stage.IN_REVIEW, by=by)


def approve(version, *, by, notes: str = ""):
    return move(version, Stage.APPROVED, by=by, notes=notes)


def reject(version, *, by, notes: str):
    return move(version, Stage.REJECTED, by=by, notes=notes)


def reopen(version, *, by):
    return move(version, Stage.DEVELOPMENT, by=by)


def retire(version, *, by, notes: str = ""):
    return move(version, Stage.RETIRED, by=by, notes=notes)
