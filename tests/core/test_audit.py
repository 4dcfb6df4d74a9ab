"""The audit log: hash chain, append-only storage, audit_verify, and what gets recorded."""

import threading
from contextlib import contextmanager

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from epdee.core.audit import GENESIS_HASH, record_event, verify_chain
from epdee.core.models import AuditChainHead, AuditEvent
from epdee.core.models.audit import AppendOnlyError
from epdee.core.tasks import verify_audit_chain
from tests.core.factories import PASSWORD, TenantFactory, UserFactory
from tests.support import login


def _record_some(count=3):
    return [
        record_event("test.event", object_type="thing", object_id=str(index), details={"n": index})
        for index in range(count)
    ]


@contextmanager
def _append_only_trigger_disabled():
    """What an attacker with database access would do; the chain must still tell."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE core_auditevent DISABLE TRIGGER core_auditevent_append_only")
            try:
                yield cursor
            finally:
                cursor.execute("ALTER TABLE core_auditevent ENABLE TRIGGER core_auditevent_append_only")
        else:
            cursor.execute("DROP TRIGGER core_auditevent_append_only")
            try:
                yield cursor
            finally:
                cursor.execute(
                    "CREATE TRIGGER core_auditevent_append_only BEFORE UPDATE ON core_auditevent "
                    "BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END"
                )


def test_events_form_a_chain(db):
    first, second, third = _record_some()
    assert first.prev_hash == GENESIS_HASH
    assert second.prev_hash == first.hash and third.prev_hash == second.hash
    assert [first.sequence, second.sequence, third.sequence] == [1, 2, 3]
    head = AuditChainHead.objects.get()
    assert (head.sequence, head.last_hash) == (3, third.hash)
    report = verify_chain()
    assert report.intact and report.checked == 3


def test_event_records_who_for_whom_what_and_from_where(rf, db):
    user, tenant = UserFactory(), TenantFactory()
    request = rf.get("/", HTTP_USER_AGENT="pytest-agent", REMOTE_ADDR="192.0.2.7")
    request.user, request.tenant = user, tenant
    event = record_event("patient.read", request=request, object_type="clinic.patient", object_id=42, patient_id=42)
    event.refresh_from_db()
    assert (event.actor, event.actor_label, event.tenant) == (user, user.email, tenant)
    assert (event.object_type, event.object_id, event.patient_id) == ("clinic.patient", "42", "42")
    assert (event.ip_address, event.user_agent, event.result) == ("192.0.2.7", "pytest-agent", "success")


def test_the_orm_refuses_to_change_or_delete_events(db):
    event, *_ = _record_some()
    event.action = "something.else"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()


def test_the_database_refuses_updates_below_the_orm(db):
    event, *_ = _record_some()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET action = 'x' WHERE id = %s", [event.pk])


def test_postgresql_refuses_deletes_below_the_orm(postgres):
    event, *_ = _record_some()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [event.pk])


def test_audit_verify_passes_on_an_intact_chain(db, capsys):
    _record_some(5)
    call_command("audit_verify")
    assert "intact: 5 events" in capsys.readouterr().out


def test_audit_verify_names_a_changed_event(db):
    events = _record_some(4)
    with _append_only_trigger_disabled() as cursor:
        cursor.execute("UPDATE core_auditevent SET object_id = 'forged' WHERE id = %s", [events[2].pk])
    with pytest.raises(CommandError, match=r"event #3 \(id \d+\) was changed"):
        call_command("audit_verify")


def test_audit_verify_names_a_deleted_event(db):
    events = _record_some(4)
    with _append_only_trigger_disabled() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [events[1].pk])
    with pytest.raises(CommandError, match="event #2 is missing"):
        call_command("audit_verify")


def test_audit_verify_notices_the_newest_events_removed(db):
    events = _record_some(4)
    with _append_only_trigger_disabled() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [events[-1].pk])
    with pytest.raises(CommandError, match="the newest are missing"):
        call_command("audit_verify")


def test_audit_verify_notices_a_relinked_chain(db):
    """Re-hashing one event is not enough: the next event still points at the old hash."""
    from epdee.core.audit import event_digest

    events = _record_some(3)
    forged = AuditEvent.objects.get(pk=events[1].pk)
    forged.object_id = "forged"
    new_hash = event_digest(forged)
    with _append_only_trigger_disabled() as cursor:
        cursor.execute(
            "UPDATE core_auditevent SET object_id = 'forged', hash = %s WHERE id = %s", [new_hash, forged.pk]
        )
    assert verify_chain().problem.startswith("event #3")


def test_daily_task_alerts_admins_when_the_chain_is_broken(db, mailoutbox, settings):
    settings.ADMINS = [("Security", "security@epdee.example")]
    events = _record_some(2)
    assert verify_audit_chain.delay().get()["intact"] is True
    assert mailoutbox == []
    with _append_only_trigger_disabled() as cursor:
        cursor.execute("UPDATE core_auditevent SET action = 'x' WHERE id = %s", [events[0].pk])
    result = verify_audit_chain.delay().get()
    assert result["intact"] is False
    assert len(mailoutbox) == 1 and "event #1" in mailoutbox[0].body


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_never_fork_the_chain(postgres):
    errors = []

    def write(worker):
        try:
            for index in range(10):
                record_event("test.concurrent", object_id=f"{worker}-{index}")
        except Exception as exc:  # surfaced below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(worker,)) for worker in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    report = verify_chain()
    assert report.intact and report.checked == 60


def test_sign_ins_and_failures_are_recorded(client, db):
    user = UserFactory()
    client.post("/accounts/login/", {"login": user.email, "password": "wrong"}, REMOTE_ADDR="198.51.100.4")
    failed = AuditEvent.objects.get(action="auth.login_failed")
    assert (failed.actor_label, failed.result, failed.ip_address) == (user.email, "failure", "198.51.100.4")
    login(client, user.email, PASSWORD)
    success = AuditEvent.objects.get(action="auth.login")
    assert success.actor == user and success.result == "success"
    client.post("/accounts/logout/")
    assert AuditEvent.objects.filter(action="auth.logout", actor=user).exists()
    assert verify_chain().intact
