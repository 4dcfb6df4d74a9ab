"""Recording and verifying the audit log (NEN 7513). The one way events are written."""

import contextvars
import hashlib
import json
from dataclasses import dataclass
from datetime import UTC

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import AuditChainHead, AuditEvent
from .net import client_ip

GENESIS_HASH = "0" * 64
USER_AGENT_MAX = 300

# The request being handled, set by AuditContextMiddleware, so signal receivers and services that
# are not handed the request still record who and from where.
current_request: contextvars.ContextVar = contextvars.ContextVar("epdee_audit_request", default=None)


def event_digest(event: AuditEvent) -> str:
    """SHA-256 over the previous hash and every recorded field, in a canonical form."""
    payload = [
        event.sequence,
        event.prev_hash,
        event.occurred_at.astimezone(UTC).isoformat(),
        event.actor_id,
        event.actor_label,
        event.tenant_id,
        event.action,
        event.object_type,
        event.object_id,
        event.patient_id,
        event.ip_address,
        event.user_agent,
        event.result,
        event.details,
    ]
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _locked_head() -> AuditChainHead:
    head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        try:
            with transaction.atomic():
                AuditChainHead.objects.create(pk=1, sequence=0, last_hash=GENESIS_HASH)
        except IntegrityError:
            pass  # another writer created it first
        head = AuditChainHead.objects.select_for_update().get(pk=1)
    return head


def mark_patient_data(request) -> None:
    """The response to this request carries (or concerns) patient data: AuditContextMiddleware forbids caching
    it. Keyed on the audit log because every read of patient data records an event naming the patients."""
    if request is not None:
        request.epdee_patient_data = True


def _request_actor(request):
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def record_event(
    action: str,
    *,
    request=None,
    actor=None,
    actor_label: str = "",
    tenant=None,
    obj=None,
    object_type: str = "",
    object_id="",
    patient_id="",
    result: str = AuditEvent.Result.SUCCESS,
    details: dict | None = None,
) -> AuditEvent:
    """Append one event to the chain.

    Runs in the caller's transaction: if the change it records is rolled back, so is the event.
    Who, for whom and from where default to the current request.
    """
    request = request if request is not None else current_request.get()
    if hasattr(actor, "audit_label"):  # a permissions.Actor: a person, a token, a certificate or a job
        actor_label = actor_label or actor.audit_label
        actor = actor.audit_user
    elif actor is None and request is not None:
        actor = _request_actor(request)
    if tenant is None and request is not None:
        tenant = getattr(request, "tenant", None)
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
    event = AuditEvent(
        occurred_at=timezone.now(),
        actor=actor,
        actor_label=(actor_label or (actor.email if actor is not None else ""))[:254],
        tenant=tenant,
        action=action,
        object_type=object_type,
        object_id="" if object_id is None else str(object_id),
        patient_id="" if patient_id is None else str(patient_id),
        ip_address=client_ip(request) if request is not None else None,
        user_agent=(request.META.get("HTTP_USER_AGENT", "") if request is not None else "")[:USER_AGENT_MAX],
        result=result,
        details=details or {},
    )
    if event.patient_id or event.details.get("patient_ids"):
        mark_patient_data(current_request.get())
    with transaction.atomic():
        head = _locked_head()
        event.sequence = head.sequence + 1
        event.prev_hash = head.last_hash
        event.hash = event_digest(event)
        event.save()
        head.sequence = event.sequence
        head.last_hash = event.hash
        head.save(update_fields=["sequence", "last_hash"])
    return event


@dataclass
class ChainReport:
    checked: int
    problem: str = ""

    @property
    def intact(self) -> bool:
        return not self.problem


def verify_chain(chunk_size: int = 2000) -> ChainReport:
    """Walk the whole chain in order and name the first broken link."""
    expected_sequence = 1
    previous_hash = GENESIS_HASH
    checked = 0
    for event in AuditEvent.objects.order_by("sequence").iterator(chunk_size=chunk_size):
        if event.sequence != expected_sequence:
            return ChainReport(
                checked,
                f"event #{expected_sequence} is missing (the next event found is #{event.sequence}, id {event.pk})",
            )
        if event.prev_hash != previous_hash:
            return ChainReport(
                checked, f"event #{event.sequence} (id {event.pk}) does not link to event #{expected_sequence - 1}"
            )
        if event_digest(event) != event.hash:
            return ChainReport(checked, f"event #{event.sequence} (id {event.pk}) was changed after it was written")
        previous_hash = event.hash
        expected_sequence += 1
        checked += 1
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and (head.sequence != checked or head.last_hash != previous_hash):
        return ChainReport(
            checked, f"the log ends at event #{checked} but {head.sequence} events were written: the newest are missing"
        )
    return ChainReport(checked)
