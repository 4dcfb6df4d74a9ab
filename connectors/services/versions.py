"""Connectors and the stages of their versions.

DEVELOPMENT (editable) → IN_REVIEW → APPROVED or REJECTED; REJECTED → DEVELOPMENT for changes;
IN_REVIEW → DEVELOPMENT when the supplier withdraws it; APPROVED → RETIRED.
"""

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from epdee.core.audit import record_event
from epdee.core.errors import Invalid, Locked
from epdee.core.permissions import require

from ..models import AllowedField, Connector, ConnectorVersion, EnabledEndpoint, VersionEvent
from .notify import mail_members

Stage = ConnectorVersion.Stage

# (from, to) → the permission the move needs: the supplier's members develop, staff review, supplier
# administrators (or staff) retire.
TRANSITIONS = {
    (Stage.DEVELOPMENT, Stage.IN_REVIEW): "connectors.develop",
    (Stage.IN_REVIEW, Stage.DEVELOPMENT): "connectors.develop",
    (Stage.IN_REVIEW, Stage.APPROVED): "connectors.review",
    (Stage.IN_REVIEW, Stage.REJECTED): "connectors.review",
    (Stage.REJECTED, Stage.DEVELOPMENT): "connectors.develop",
    (Stage.APPROVED, Stage.RETIRED): "connectors.retire",
}


def ensure_editable(version: ConnectorVersion) -> None:
    """seed 001: in-review and approved versions cannot be edited (nor rejected or retired ones)."""
    if not version.is_editable:
        raise Locked(
            _(
                "Version %(number)s is %(stage)s: its technical design cannot be changed. Start a new version to "
                "make changes."
            )
            % {"number": version.number, "stage": version.get_stage_display().lower()}
        )


def _record(version, from_stage, to_stage, actor, notes=""):
    VersionEvent.objects.create(
        version=version, from_stage=from_stage or "", to_stage=to_stage, actor=actor.audit_user, notes=notes
    )
    record_event(
        "connector.version.stage",
        actor=actor,
        obj=version,
        details={"connector": version.connector_id, "from": from_stage or "", "to": to_stage},
    )


@transaction.atomic
def create_connector(supplier, *, name: str, description: str = "", by) -> Connector:
    actor = require(by, "connectors.develop", supplier)
    name = (name or "").strip()
    if not name:
        raise Invalid(_("Give the connector a name."), field="name")
    try:
        with transaction.atomic():
            connector = Connector.objects.create(
                supplier=supplier, name=name, description=description, created_by=actor.audit_user
            )
    except IntegrityError as exc:
        raise Invalid(
            _("%(supplier)s already has a connector named %(name)s.") % {"supplier": supplier.name, "name": repr(name)},
            field="name",
            code="name_taken",
        ) from exc
    version = ConnectorVersion.objects.create(connector=connector, number=1)
    _record(version, None, Stage.DEVELOPMENT, actor)
    return connector


@transaction.atomic
def new_version(connector: Connector, *, by, based_on: ConnectorVersion | None = None) -> ConnectorVersion:
    """A new DEVELOPMENT version with the technical design of `based_on` (default: the newest version)."""
    actor = require(by, "connectors.develop", connector)
    if based_on is not None and based_on.connector_id != connector.pk:
        raise Invalid(_("Choose a version of this connector to copy."), field="based_on")
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
    notes = _("Based on version %(number)s") % {"number": source.number} if source else ""
    _record(version, None, Stage.DEVELOPMENT, actor, notes=notes)
    return version


@transaction.atomic
def move(version: ConnectorVersion, to_stage: str, *, by, notes: str = "") -> ConnectorVersion:
    """Change the stage if the transition exists and `by` may make it; audited and mailed."""
    version = ConnectorVersion.objects.select_for_update().select_related("connector__supplier").get(pk=version.pk)
    # Someone outside the supplier (and not staff) learns nothing about the version, not even its stage.
    require(by, "connectors.view", version)
    from_stage = version.stage
    permission = TRANSITIONS.get((from_stage, to_stage))
    if permission is None:
        raise Locked(
            _("Version %(number)s is %(stage)s and cannot become %(to)s.")
            % {
                "number": version.number,
                "stage": version.get_stage_display().lower(),
                "to": Stage(to_stage).label.lower(),
            }
        )
    actor = require(by, permission, version)
    notes = (notes or "").strip()
    if to_stage == Stage.IN_REVIEW:
        _check_submittable(version)
        version.submitted_at = timezone.now()
    if to_stage == Stage.REJECTED and not notes:
        raise Invalid(_("Say why the version is rejected, so the supplier knows what to change."), field="notes")
    if to_stage in (Stage.APPROVED, Stage.REJECTED):
        version.reviewed_at, version.reviewed_by, version.reviewer_notes = timezone.now(), actor.audit_user, notes
    version.stage = to_stage
    version.save()
    _record(version, from_stage, to_stage, actor, notes)
    mail_members(version, to_stage, notes)
    return version


def _check_submittable(version: ConnectorVersion) -> None:
    if version.endpoint_mode != ConnectorVersion.EndpointMode.FILTERED:
        raise Invalid(
            _(
                "Switch the endpoint mode to filtered before submitting: staging and production only ever allow "
                "the enabled endpoints."
            ),
            field="endpoint_mode",
        )
    if not version.enabled_endpoints.exists():
        raise Invalid(_("Enable at least one endpoint before submitting the version for review."))


def submit_for_review(version, *, by):
    return move(version, Stage.IN_REVIEW, by=by)


def withdraw(version, *, by):
    return move(version, Stage.DEVELOPMENT, by=by)


def approve(version, *, by, notes: str = ""):
    return move(version, Stage.APPROVED, by=by, notes=notes)


def reject(version, *, by, notes: str):
    return move(version, Stage.REJECTED, by=by, notes=notes)


def reopen(version, *, by):
    return move(version, Stage.DEVELOPMENT, by=by)


def retire(version, *, by, notes: str = ""):
    return move(version, Stage.RETIRED, by=by, notes=notes)
