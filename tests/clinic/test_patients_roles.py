"""Who may change patients, checked by the services themselves: whatever calls them (a page, the API, the
gateway, a task, an admin action) gets the same refusal for a viewer, a read-only token, a read-only licence,
another tenant's member or an identity bound to another tenant — and nothing is written."""

import pytest
from django.utils import timezone

from epdee.clinic.models import DossierEntry, HealthcareProvider, Patient
from epdee.clinic.services import patients as services
from epdee.core.errors import NotFound, PermissionDenied
from epdee.core.models import ApiToken, AuditEvent
from epdee.core.permissions import ANONYMOUS, Actor
from epdee.core.services.tokens import create_api_token
from tests.clinic.clients import member
from tests.clinic.factories import HealthcareProviderFactory, PatientFactory, valid_bsn
from tests.core.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def _token(membership, scope) -> ApiToken:
    token, _raw = create_api_token(membership.user, name="roles", scope=scope, tenant=membership.tenant)
    return token


# Each service, called for the patient (or his tenant) by an actor; `author` answers for a certificate's entry.
CALLS = {
    "create_patient": lambda patient, by, author: services.create_patient(
        patient.tenant, by=by, family_name="Nieuw", bsn=valid_bsn(9)
    ),
    "update_patient": lambda patient, by, author: services.update_patient(patient, by=by, city="Zeist"),
    "link_general_practitioner": lambda patient, by, author: services.link_general_practitioner(
        patient, "01234567", by=by
    ),
    "unlink_general_practitioner": lambda patient, by, author: services.unlink_general_practitioner(patient, by=by),
    "add_dossier_entry": lambda patient, by, author: services.add_dossier_entry(
        patient, by=by, title="Consult", text="Goed.", created_by=author
    ),
}


def _viewer(tenant):
    return member("viewer", tenant).user


def _read_only_token(tenant):
    staff = member("staff", tenant)
    return Actor(user=staff.user, token=_token(staff, ApiToken.Scope.READ))


def _token_of_another_tenant(tenant):
    """A member of this tenant, acting with the read-write token he holds for his other tenant."""
    staff = member("staff", tenant)
    elsewhere = MembershipFactory(user=staff.user, role="staff")
    return Actor(user=staff.user, token=_token(elsewhere, ApiToken.Scope.READ_WRITE))


def _admin_of_another_tenant(tenant):
    return member("admin").user


def _certificate_of_another_tenant(tenant):
    return Actor(label="connector 9 v1", tenant=member().tenant, role="staff")


def _nobody(tenant):
    return ANONYMOUS


# Who acts, made for the patient's tenant, and the refusal.
REFUSED = {
    "viewer": (_viewer, PermissionDenied),
    "read-only token": (_read_only_token, PermissionDenied),
    "token of another tenant": (_token_of_another_tenant, NotFound),
    "another tenant's admin": (_admin_of_another_tenant, NotFound),
    "certificate of another tenant": (_certificate_of_another_tenant, NotFound),
    "anonymous": (_nobody, NotFound),
}


def _state(tenant):
    return {
        "patients": list(Patient.objects.for_tenant(tenant).order_by("pk").values()),
        "entries": DossierEntry.objects.count(),
        "providers": HealthcareProvider.objects.count(),
        "events": AuditEvent.objects.count(),
    }


@pytest.fixture
def owner():
    """The staff member who answers for a certificate's entries."""
    return member("staff").user


@pytest.fixture
def patient(owner):
    tenant = owner.memberships.get().tenant
    return PatientFactory(tenant=tenant, city="Utrecht", general_practitioner=HealthcareProviderFactory(tenant=tenant))


@pytest.mark.parametrize("service", sorted(CALLS))
@pytest.mark.parametrize("who", sorted(REFUSED))
def test_the_service_refuses_who_may_not_change_the_practice(patient, owner, service, who):
    make, refusal = REFUSED[who]
    by = make(patient.tenant)
    before = _state(patient.tenant)
    with pytest.raises(refusal):
        CALLS[service](patient, by, owner)
    assert _state(patient.tenant) == before


@pytest.mark.parametrize("service", sorted(CALLS))
def test_a_read_only_licence_refuses_even_its_administrator(service):
    admin = member("admin", status="read_only")
    patient = PatientFactory(tenant=admin.tenant, general_practitioner=HealthcareProviderFactory(tenant=admin.tenant))
    before = _state(admin.tenant)
    with pytest.raises(PermissionDenied) as refused:
        CALLS[service](patient, admin.user, admin.user)
    assert "read-only (inzage) licence" in refused.value.message
    assert _state(admin.tenant) == before


EVENTS = {
    "create_patient": "patient.create",
    "update_patient": "patient.update",
    "link_general_practitioner": "patient.gp_link",
    "unlink_general_practitioner": "patient.gp_unlink",
    "add_dossier_entry": "patient.dossier_add",
}


@pytest.mark.parametrize("service", sorted(CALLS))
@pytest.mark.parametrize(
    "who",
    ["staff", "admin", "read-write token", "certificate"],
)
def test_staff_administrators_their_tokens_and_a_bound_certificate_may(patient, owner, service, who):
    tenant = patient.tenant
    if who == "read-write token":
        writer = member("staff", tenant)
        by = Actor(user=writer.user, token=_token(writer, ApiToken.Scope.READ_WRITE))
    elif who == "certificate":
        by = Actor(label="connector 7 v1", tenant=tenant, role="staff")
    else:
        by = member(who, tenant).user
    CALLS[service](patient, by, owner)
    event = AuditEvent.objects.order_by("sequence").last()
    assert event.tenant == tenant and event.action == EVENTS[service]
    if who == "certificate":
        assert (event.actor, event.actor_label) == (None, "connector 7 v1")
    else:
        assert event.actor == (by.user if isinstance(by, Actor) else by)


def test_a_certificate_writes_the_entry_under_its_own_name_and_the_person_who_answers_for_it(patient, owner):
    certificate = Actor(label="connector 7 v1", tenant=patient.tenant, role="staff")
    entry = services.add_dossier_entry(
        patient, by=certificate, title="Verslag", text="Via de koppeling.", created_by=owner
    )
    assert entry.created_by == owner and entry.practitioner is None
    event = AuditEvent.objects.get(action="patient.dossier_add")
    assert (event.actor, event.actor_label, event.object_id) == (None, "connector 7 v1", str(entry.pk))
    assert abs(entry.occurred_at - timezone.now()).total_seconds() < 60
