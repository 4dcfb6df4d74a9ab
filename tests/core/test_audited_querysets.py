"""Audited reads: loading the rows of an audited queryset writes one NEN 7513 event naming exactly those rows'
patients; counting and checking existence write nothing."""

import pytest
from django.core.paginator import Paginator

from epdee.clinic.models import DossierEntry, Patient
from epdee.core.models import AuditEvent
from tests.clinic.factories import DossierEntryFactory, PatientFactory
from tests.core.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def member():
    return MembershipFactory()


def audited_patients(member, **details):
    return Patient.objects.for_tenant(member.tenant).audited(
        "patient.list", actor=member.user, tenant=member.tenant, details=details
    )


def events():
    return list(AuditEvent.objects.filter(action__startswith="patient.").order_by("sequence"))


def test_a_page_records_one_event_naming_exactly_its_patients(member):
    patients = PatientFactory.create_batch(5, tenant=member.tenant)
    PatientFactory()  # another tenant's patient is never named
    page = Paginator(audited_patients(member, search="").order_by("pk"), 2).page(2)
    shown = [patient.pk for patient in page.object_list]
    assert shown == [patients[2].pk, patients[3].pk]
    [event] = events()
    assert event.action == "patient.list" and event.actor == member.user and event.tenant == member.tenant
    assert event.details == {"search": "", "patient_ids": sorted(str(pk) for pk in shown), "rows": 2}
    assert event.patient_id == ""  # several patients: the details name them


def test_counting_and_checking_existence_record_nothing(member):
    PatientFactory.create_batch(3, tenant=member.tenant)
    queryset = audited_patients(member)
    assert queryset.count() == 3 and queryset.exists()
    assert Paginator(queryset.order_by("pk"), 2).num_pages == 2
    assert events() == []


def test_getting_one_row_records_one_event_with_its_patient(member):
    patient = PatientFactory(tenant=member.tenant)
    found = Patient.objects.for_tenant(member.tenant).audited("patient.view", actor=member.user, tenant=member.tenant)
    assert found.get(pk=patient.pk) == patient
    [event] = events()
    assert (event.action, event.patient_id) == ("patient.view", str(patient.pk))
    assert event.details == {"patient_ids": [str(patient.pk)], "rows": 1}


def test_a_loaded_queryset_is_recorded_once_however_often_it_is_read(member):
    PatientFactory.create_batch(2, tenant=member.tenant)
    queryset = audited_patients(member).filter(city="Utrecht")  # filtering keeps the audit
    list(queryset)
    list(queryset)
    assert len(queryset) == 2
    assert len(events()) == 1


def test_rows_that_point_at_a_patient_name_that_patient(member):
    entry = DossierEntryFactory(tenant=member.tenant)
    entries = DossierEntry.objects.for_tenant(member.tenant).audited(
        "patient.dossier", actor=member.user, tenant=member.tenant
    )
    list(entries)
    [event] = events()
    assert event.patient_id == str(entry.patient_id)


def test_patient_of_names_the_patient_of_rows_that_do_not_hold_it(member):
    entry = DossierEntryFactory(tenant=member.tenant)
    other = PatientFactory(tenant=member.tenant)
    # e.g. rows reached through another row: here every entry is said to concern `other`
    entries = DossierEntry.objects.for_tenant(member.tenant).audited(
        "patient.dossier", actor=member.user, tenant=member.tenant, patient_of=lambda row: other.pk
    )
    assert list(entries) == [entry]
    [event] = events()
    assert event.patient_id == str(other.pk) and event.details["patient_ids"] == [str(other.pk)]


def test_an_unaudited_queryset_records_nothing(member):
    PatientFactory(tenant=member.tenant)
    list(Patient.objects.for_tenant(member.tenant))
    assert events() == []
