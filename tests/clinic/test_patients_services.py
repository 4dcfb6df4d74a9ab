"""The rules of patients, once, at the service: BSN, numbers, addresses, dates, GP link, dossier entries."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from epdee.clinic.models import DossierEntry, HealthcareProvider, Patient, WebhookDelivery
from epdee.clinic.selectors.patients import search_patients
from epdee.clinic.services import patients as services
from epdee.core.errors import NON_FIELD, Invalid, PermissionDenied
from epdee.core.models import AuditEvent
from epdee.core.permissions import Actor
from tests.clinic.factories import (
    HealthcareProviderFactory,
    PatientFactory,
    PractitionerFactory,
    WebhookEndpointFactory,
    valid_bsn,
)
from tests.core.factories import MembershipFactory, TenantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tenant():
    return TenantFactory()


@pytest.fixture
def user(tenant):
    return MembershipFactory(tenant=tenant, role="staff").user


def create(tenant, user, **fields):
    return services.create_patient(tenant, by=user, **{"family_name": "Jansen", **fields})


def errors_of(call) -> dict:
    with pytest.raises(Invalid) as caught:
        call()
    return caught.value.field_errors


# --- BSN -----------------------------------------------------------------------------------------------


def test_a_valid_bsn_is_stored_as_nine_digits(tenant, user):
    patient = create(tenant, user, bsn="1112.22.333")
    assert patient.bsn == "111222333"


@pytest.mark.parametrize(
    ("bsn", "reason"),
    [("111222334", "11-proof"), ("12345", "9 digits"), ("abcdefghi", "9 digits"), ("1234567890", "9 digits")],
)
def test_an_invalid_bsn_is_refused_and_nothing_is_stored(tenant, user, bsn, reason):
    errors = errors_of(lambda: create(tenant, user, bsn=bsn))
    assert reason in errors["bsn"][0]
    assert not Patient.objects.for_tenant(tenant).exists()
    assert not AuditEvent.objects.filter(action="patient.create").exists()


def test_a_bsn_belongs_to_one_patient_per_tenant(tenant, user):
    create(tenant, user, bsn=valid_bsn(1))
    errors = errors_of(lambda: create(tenant, user, bsn=valid_bsn(1)))
    assert errors["bsn"] == ["Another patient of this organisation already has this BSN."]
    elsewhere = MembershipFactory(user=user).tenant
    assert create(elsewhere, user, bsn=valid_bsn(1)).bsn == valid_bsn(1)  # another tenant may


def test_the_bsn_is_optional_and_many_patients_may_have_none(tenant, user):
    create(tenant, user)
    create(tenant, user, bsn="")
    assert Patient.objects.for_tenant(tenant).filter(bsn="").count() == 2


def test_changing_to_a_bsn_of_another_patient_is_refused(tenant, user):
    first = create(tenant, user, bsn=valid_bsn(1))
    second = create(tenant, user, bsn=valid_bsn(2))
    assert "bsn" in errors_of(lambda: services.update_patient(second, by=user, bsn=valid_bsn(1)))
    services.update_patient(first, by=user, bsn=valid_bsn(1))  # his own BSN again is fine


# --- identification numbers ---------------------------------------------------------------------------


def test_identification_numbers_are_generated_per_tenant(tenant, user):
    assert create(tenant, user).identification_number == "P000001"
    assert create(tenant, user).identification_number == "P000002"
    create(tenant, user, identification_number="P000122")
    assert create(tenant, user).identification_number == "P000123"
    assert create(MembershipFactory(user=user).tenant, user).identification_number == "P000001"


def test_own_numbers_of_other_shapes_do_not_disturb_the_sequence(tenant, user):
    create(tenant, user, identification_number="2024-17")
    create(tenant, user, identification_number="P0000007")  # zero-padded differently
    assert create(tenant, user).identification_number == "P000008"
    create(tenant, user, identification_number="P000009")
    assert create(tenant, user).identification_number == "P000010"


def test_a_given_number_must_be_unique_and_plain(tenant, user):
    create(tenant, user, identification_number="A-1")
    assert "identification_number" in errors_of(lambda: create(tenant, user, identification_number="A-1"))
    assert "identification_number" in errors_of(lambda: create(tenant, user, identification_number="A 1"))
    patient = create(tenant, user)
    errors = errors_of(lambda: services.update_patient(patient, by=user, identification_number=""))
    assert "cannot be emptied" in errors["identification_number"][0]


# --- names, dates, address, contact --------------------------------------------------------------------


def test_a_family_name_is_required(tenant, user):
    assert "family_name" in errors_of(lambda: services.create_patient(tenant, by=user))
    assert "family_name" in errors_of(lambda: create(tenant, user, family_name="   "))


def test_a_birth_date_cannot_be_in_the_future(tenant, user):
    tomorrow = services.tenant_today(tenant) + timedelta(days=1)
    assert errors_of(lambda: create(tenant, user, birth_date=tomorrow))["birth_date"] == [
        "A birth date cannot be in the future."
    ]
    assert "plausible" in errors_of(lambda: create(tenant, user, birth_date=date(1850, 1, 1)))["birth_date"][0]
    assert create(tenant, user, birth_date=services.tenant_today(tenant)).birth_date == services.tenant_today(tenant)


def test_dutch_postal_codes_are_checked_and_normalised(tenant, user):
    assert create(tenant, user, postal_code="3511ab").postal_code == "3511 AB"
    assert "postal_code" in errors_of(lambda: create(tenant, user, postal_code="35111 AB"))
    assert "postal_code" in errors_of(lambda: create(tenant, user, postal_code="3511 SS"))  # banned letters
    assert create(tenant, user, postal_code="B-1000", country="be").postal_code == "B-1000"


def test_moving_abroad_rechecks_the_postal_code(tenant, user):
    patient = create(tenant, user, postal_code="1000", country="BE")
    assert "postal_code" in errors_of(lambda: services.update_patient(patient, by=user, country="NL"))


def test_contact_details_are_checked(tenant, user):
    errors = errors_of(lambda: create(tenant, user, email="not-an-address", phone="call me", sex="Q", country="NLD"))
    assert set(errors) == {"email", "phone", "sex", "country"}
    patient = create(tenant, user, email="a@example.test", phone="+31 (0)30-123 4567")
    assert patient.phone == "+31 (0)30-123 4567"


def test_unknown_fields_and_null_characters_are_refused(tenant, user):
    assert NON_FIELD in errors_of(lambda: create(tenant, user, general_practitioner=None))
    assert "city" in errors_of(lambda: create(tenant, user, city="Utr\x00echt"))


def test_a_read_only_tenant_cannot_get_new_patients(user):
    with pytest.raises(PermissionDenied):
        create(MembershipFactory(user=user, tenant=TenantFactory(read_only=True)).tenant, user)


def test_an_update_is_audited_with_the_changed_field_names_only(tenant, user):
    patient = create(tenant, user, city="Utrecht")
    services.update_patient(patient, by=user, city="Zeist", family_name=patient.family_name)
    event = AuditEvent.objects.get(action="patient.update")
    assert event.details == {"fields": ["city"], "patient_ids": [str(patient.pk)]}
    assert event.patient_id == str(patient.pk) and event.actor == user and event.tenant == tenant


# --- webhooks ------------------------------------------------------------------------------------------


def test_creating_a_patient_emits_patient_created_with_ids_only(tenant, user):
    WebhookEndpointFactory(tenant=tenant, events=["patient.created"])
    WebhookEndpointFactory(tenant=TenantFactory(), events=["patient.created"])
    patient = create(tenant, user, bsn=valid_bsn(3))
    delivery = WebhookDelivery.objects.get()
    assert delivery.tenant == tenant and delivery.event == "patient.created"
    data = delivery.payload["data"]
    assert data["id"] == patient.pk and data["identificationNumber"] == patient.identification_number
    assert valid_bsn(3) not in str(delivery.payload) and patient.family_name not in str(delivery.payload)


def test_a_refused_patient_emits_nothing(tenant, user):
    WebhookEndpointFactory(tenant=tenant, events=["patient.created"])
    errors_of(lambda: create(tenant, user, bsn="123"))
    assert not WebhookDelivery.objects.exists()


# --- search --------------------------------------------------------------------------------------------


@pytest.fixture
def people(tenant):
    return {
        "jan": PatientFactory(
            tenant=tenant,
            initials="J.P.",
            first_name="Jan",
            prefix="van der",
            family_name="Berg",
            birth_date=date(1980, 3, 1),
            bsn=valid_bsn(10),
            identification_number="P000101",
        ),
        "els": PatientFactory(
            tenant=tenant,
            initials="E.",
            first_name="Els",
            prefix="",
            family_name="Bergman",
            birth_date=date(1975, 12, 24),
            bsn=valid_bsn(11),
            identification_number="X-77",
        ),
        "other": PatientFactory(family_name="Berg", bsn=valid_bsn(10)),  # another tenant
    }


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("berg", {"jan", "els"}),
        ("van der berg", {"jan"}),
        ("J.P.", {"jan"}),
        ("els", {"els"}),
        ("1980-03-01", {"jan"}),
        ("01-03-1980", {"jan"}),
        ("1-3-1980", {"jan"}),
        ("24/12/1975", {"els"}),
        ("x-77", {"els"}),
        ("P000101", {"jan"}),
        ("", {"jan", "els"}),
        ("nobody", set()),
        ("31-02-1980", set()),
    ],
)
def test_search_by_name_birth_date_and_number(tenant, people, search, expected):
    found = search_patients(Patient.objects.for_tenant(tenant), search)
    assert {name for name, patient in people.items() if patient in found} == expected


def test_search_by_bsn(tenant, people):
    found = search_patients(Patient.objects.for_tenant(tenant), valid_bsn(10))
    assert list(found) == [people["jan"]]


# --- general practitioner ------------------------------------------------------------------------------


def test_an_unknown_agb_code_without_a_name_is_stored_as_its_code(tenant, user):
    patient = PatientFactory(tenant=tenant)
    provider = services.link_general_practitioner(patient, "01234567", by=user)
    assert provider.name == "AGB 01234567" and provider.tenant == tenant
    patient.refresh_from_db()
    assert patient.general_practitioner == provider
    assert AuditEvent.objects.get(action="patient.gp_link").details["agb_code"] == "01234567"


def test_linking_upserts_the_tenants_provider(tenant, user):
    existing = HealthcareProviderFactory(tenant=tenant, agb_code="01000001", name="Praktijk Oud")
    HealthcareProviderFactory(agb_code="01000001", name="Of another tenant")
    first, second = PatientFactory.create_batch(2, tenant=tenant)
    assert services.link_general_practitioner(first, "01000001", by=user) == existing
    services.link_general_practitioner(second, "01000001", name="Praktijk Nieuw", by=user, city="Zeist")
    existing.refresh_from_db()
    assert (existing.name, existing.city) == ("Praktijk Nieuw", "Zeist")
    assert HealthcareProvider.objects.for_tenant(tenant).count() == 1


@pytest.mark.parametrize("code", ["1234567", "123456789", "abcdefgh", "", "１２３４５６７８"])
def test_an_agb_code_has_exactly_eight_digits(tenant, user, code):
    patient = PatientFactory(tenant=tenant)
    assert "agb_code" in errors_of(lambda: services.link_general_practitioner(patient, code, by=user))
    assert not HealthcareProvider.objects.exists()


def fake_lookup(tenant, agb_code):
    return {"name": "Huisartsen De Linde", "city": "Houten", "unknown": "ignored"}


def broken_lookup(tenant, agb_code):
    raise ConnectionError("Vektis is down")


def test_the_agb_lookup_plugs_in_through_settings(tenant, user, settings):
    settings.EPDEE_AGB_LOOKUP = "tests.clinic.test_patients_services.fake_lookup"
    patient = PatientFactory(tenant=tenant)
    provider = services.link_general_practitioner(patient, "01234567", by=user)
    assert (provider.name, provider.city) == ("Huisartsen De Linde", "Houten")
    # a given name wins over the lookup
    other = services.link_general_practitioner(PatientFactory(tenant=tenant), "07654321", name="Eigen", by=user)
    assert other.name == "Eigen"


def test_a_placeholder_is_filled_in_once_the_lookup_knows_the_code(tenant, user, settings):
    patient = PatientFactory(tenant=tenant)
    services.link_general_practitioner(patient, "01234567", by=user)
    settings.EPDEE_AGB_LOOKUP = "tests.clinic.test_patients_services.fake_lookup"
    assert services.link_general_practitioner(patient, "01234567", by=user).name == "Huisartsen De Linde"


def test_a_failing_lookup_does_not_stop_linking(tenant, user, settings):
    settings.EPDEE_AGB_LOOKUP = "tests.clinic.test_patients_services.broken_lookup"
    provider = services.link_general_practitioner(PatientFactory(tenant=tenant), "01234567", by=user)
    assert provider.name == "AGB 01234567"


def test_unlinking_keeps_the_provider(tenant, user):
    provider = HealthcareProviderFactory(tenant=tenant)
    patient = PatientFactory(tenant=tenant, general_practitioner=provider)
    assert services.unlink_general_practitioner(patient, by=user) == provider
    patient.refresh_from_db()
    assert patient.general_practitioner is None and HealthcareProvider.objects.filter(pk=provider.pk).exists()
    assert services.unlink_general_practitioner(patient, by=user) is None  # again: nothing to do
    assert AuditEvent.objects.filter(action="patient.gp_unlink").count() == 2


# --- dossier -------------------------------------------------------------------------------------------


def test_a_dossier_entry_by_a_practitioner_of_the_tenant(tenant, user):
    patient = PatientFactory(tenant=tenant)
    practitioner = PractitionerFactory(tenant=tenant)
    when = timezone.now() - timedelta(days=2)
    entry = services.add_dossier_entry(
        patient,
        by=user,
        title="Intake",
        text="Eerste gesprek.",
        kind="note",
        occurred_at=when,
        practitioner_id=practitioner.pk,
    )
    assert (entry.practitioner, entry.occurred_at, entry.kind, entry.created_by) == (practitioner, when, "note", user)
    event = AuditEvent.objects.get(action="patient.dossier_add")
    assert event.patient_id == str(patient.pk) and event.object_id == str(entry.pk)


def test_the_author_is_the_default_practitioner(tenant, user):
    practitioner = PractitionerFactory(tenant=tenant, user=user)
    entry = services.add_dossier_entry(PatientFactory(tenant=tenant), by=user, title="Consult", text="Goed.")
    assert entry.practitioner == practitioner
    assert entry.kind == DossierEntry.Kind.REPORT
    assert abs(entry.occurred_at - timezone.now()) < timedelta(minutes=1)


def test_a_dossier_entry_is_checked(tenant, user):
    patient = PatientFactory(tenant=tenant)
    stranger = PractitionerFactory()  # of another tenant
    errors = errors_of(
        lambda: services.add_dossier_entry(
            patient,
            by=user,
            title=" ",
            text="",
            kind="diary",
            occurred_at=timezone.now() + timedelta(hours=1),
            practitioner_id=stranger.pk,
        )
    )
    assert set(errors) == {"title", "text", "kind", "occurred_at", "practitioner"}
    assert not DossierEntry.objects.exists()


def test_an_entry_of_an_identity_without_a_person_names_who_answers_for_it(tenant, user):
    patient = PatientFactory(tenant=tenant)
    certificate = Actor(label="connector 7 v1", tenant=tenant, role="staff")
    errors = errors_of(lambda: services.add_dossier_entry(patient, by=certificate, title="Verslag", text="Tekst"))
    assert list(errors) == [NON_FIELD]
    assert not DossierEntry.objects.exists()


def test_values_of_the_wrong_type_are_refused_not_crashed_on(tenant, user):
    patient = PatientFactory(tenant=tenant)
    errors = errors_of(
        lambda: services.add_dossier_entry(
            patient, by=user, title=["x"], text="Tekst", occurred_at="2026-01-01", practitioner_id="7"
        )
    )
    assert set(errors) == {"title", "occurred_at", "practitioner"}


# --- concurrency (PostgreSQL) --------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_concurrent_creations_draw_different_numbers(postgres):
    import threading

    from django.db import connection

    membership = MembershipFactory(role="staff")
    tenant, user = membership.tenant, membership.user
    barrier = threading.Barrier(6)
    failures = []

    def worker():
        try:
            barrier.wait(timeout=10)
            create(tenant, user)
        except Exception as exc:  # collected: an assertion in a thread would be lost
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert failures == []
    numbers = sorted(Patient.objects.for_tenant(tenant).values_list("identification_number", flat=True))
    assert numbers == [f"P{n:06d}" for n in range(1, 7)]
