"""The connector API's rules (seed 000, seed 001) with certificates issued by the certificates service."""

import copy
from datetime import UTC, timedelta

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from certificates import services as certificates
from certificates.models import IssuedCertificate
from connectors import services as connectors
from connectors.gateway import allowlist, routing
from connectors.models import ApiModel, ApiModelField, ConnectorVersion, Endpoint
from connectors.services.catalog import sync_catalog
from epdee.clinic.models import DossierEntry
from epdee.core.errors import NotFound
from epdee.core.models import AuditEvent
from epdee.core.permissions import SYSTEM, Actor
from tests.clinic.factories import (
    AppointmentFactory,
    CareActivityFactory,
    DossierEntryFactory,
    HealthcareProviderFactory,
    LocationFactory,
    NotificationFactory,
    PatientFactory,
    PractitionerFactory,
)
from tests.core.factories import MembershipFactory, UserFactory
from tests.gateway.support import (
    approved_version,
    call,
    care_organisation,
    certificate_for,
    design,
    development_version,
    enable_before_deprecation,
    headers,
    sandbox_tenant,
)
from tests.support import rows_for_the_module

CLIENT_FIELDS = ["id", "firstName", "birthDate", "address.city"]


@pytest.fixture(scope="module")
def shared_ca(django_db_setup, django_db_blocker):
    with rows_for_the_module(django_db_blocker):
        yield certificates.init_ca("Test CA", by=UserFactory(staff=True))


@pytest.fixture
def ca(shared_ca, db):
    return copy.deepcopy(shared_ca)


@pytest.fixture
def sandbox(ca):
    return sandbox_tenant()


@pytest.fixture
def development(sandbox):
    """A FILTERED development version that enabled two client calls, and its sandbox certificate."""
    member, version = development_version(
        [("GET /t/clients", CLIENT_FIELDS), ("GET /t/clients/{id}", ["id", "lastName"])]
    )
    return member, version, certificate_for(version, "TE1002", member)


@pytest.fixture
def staging(ca):
    """An approved version with a staging certificate for one care organisation, and another organisation."""
    ours, theirs = care_organisation(), care_organisation("Kliniek Elders", "TE3456", "CF4567")
    member, version = approved_version([("GET /t/clients", CLIENT_FIELDS), ("GET /t/clients/{id}", CLIENT_FIELDS)])
    return ours, theirs, version, certificate_for(version, "TE2345", member)


def _last_call():
    return AuditEvent.objects.filter(action="gateway.call").order_by("-pk").first()


# --- identity ---------------------------------------------------------------------------------------


def test_the_certificate_gives_the_sandbox_tenant_for_te1002(client, sandbox, development):
    patient = PatientFactory(tenant=sandbox, first_name="Anna", city="Utrecht")
    response = call(client, development[2], "/t/clients")
    assert response.status_code == 200
    birth_date = patient.birth_date.isoformat()
    assert response.json() == [
        {"id": patient.pk, "firstName": "Anna", "birthDate": birth_date, "address": {"city": "Utrecht"}}
    ]


def test_no_certificate_is_401(client, sandbox):
    response = client.get("/t/clients")
    assert response.status_code == 401 and response.json() == {"message": "A client certificate is required."}


def test_the_header_counts_only_from_a_trusted_proxy(client, development):
    response = call(client, development[2], "/t/clients", REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 401 and "TLS endpoint" in response.json()["message"]


def test_a_failed_verification_at_the_proxy_is_401(client, development):
    response = client.get("/t/clients", **{**headers(development[2]), "HTTP_X_SSL_CLIENT_VERIFY": "FAILED:expired"})
    assert response.status_code == 401


def test_an_unreadable_certificate_is_401(client, development):
    response = client.get("/t/clients", HTTP_X_SSL_CLIENT_CERT="-----BEGIN%20CERTIFICATE-----%0Agarbage")
    assert response.status_code == 401 and response.json() == {"message": "The client certificate could not be read."}


def _self_signed_pem() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "intruder.TE1002")])
    now = timezone.now()
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    from cryptography.hazmat.primitives.serialization import Encoding

    return certificate.public_bytes(Encoding.PEM).decode()


def test_a_certificate_epdee_did_not_issue_is_401(client, development):
    from urllib.parse import quote

    response = client.get("/t/clients", HTTP_X_SSL_CLIENT_CERT=quote(_self_signed_pem()))
    assert response.status_code == 401 and "unknown" in response.json()["message"]


@pytest.mark.parametrize("state", ["disabled", "revoked", "expired", "not yet valid"])
def test_an_unusable_certificate_is_401(client, development, state):
    member, _, issued = development
    if state == "disabled":
        certificates.set_enabled(issued, False, by=member.user)
    elif state == "revoked":
        certificates.revoke(issued, reason="key_compromise", by=UserFactory(staff=True))
    elif state == "expired":
        IssuedCertificate.objects.filter(pk=issued.pk).update(not_after=timezone.now() - timedelta(seconds=1))
    else:
        IssuedCertificate.objects.filter(pk=issued.pk).update(not_before=timezone.now() + timedelta(hours=1))
    response = call(client, issued, "/t/clients")
    assert response.status_code == 401
    assert response.json() == {"message": "This client certificate is unknown, disabled, revoked or expired."}
    assert _last_call().result == AuditEvent.Result.DENIED


def test_a_re_enabled_certificate_works_again(client, development):
    member, _, issued = development
    certificates.set_enabled(issued, False, by=member.user)
    assert call(client, issued, "/t/clients").status_code == 401
    certificates.set_enabled(issued, True, by=member.user)
    assert call(client, issued, "/t/clients").status_code == 200


# --- enforcement --------------------------------------------------------------------------------------


def test_an_endpoint_not_enabled_is_403_on_a_filtered_development_version(client, development):
    response = call(client, development[2], "/t/employees")
    assert response.status_code == 403 and response.json() == {"message": "API call not allowed"}


def test_allow_all_development_versions_reach_every_endpoint_with_every_field(client, sandbox):
    member, version = development_version([], mode=ConnectorVersion.EndpointMode.ALLOW_ALL)
    issued = certificate_for(version, "TE1002", member)
    practitioner = PractitionerFactory(tenant=sandbox, agb_code="01234567", name="Eva de Vries")
    response = call(client, issued, "/t/employees")
    assert response.status_code == 200
    body = response.json()
    assert body[0]["id"] == practitioner.pk and body[0]["agbCode"] == "01234567"
    assert set(body[0]) == {
        "id",
        "identificationNo",
        "firstName",
        "initials",
        "prefix",
        "lastName",
        "agbCode",
        "email",
        "phone",
        "teams",
    }


def test_staging_refuses_what_the_approved_version_did_not_enable(client, staging):
    *_, issued = staging
    response = call(client, issued, "/t/teams")
    assert response.status_code == 403 and response.json() == {"message": "API call not allowed"}


def test_a_version_that_is_not_approved_reaches_only_development(client, staging):
    *_, version, issued = staging
    ConnectorVersion.objects.filter(pk=version.pk).update(stage=ConnectorVersion.Stage.IN_REVIEW)
    response = call(client, issued, "/t/clients")
    assert response.status_code == 403 and response.json()["message"] == "API call not allowed"
    assert "approved version" in response.json()["reason"]


def test_a_retired_version_is_refused_everywhere(client, development):
    *_, version, issued = development
    ConnectorVersion.objects.filter(pk=version.pk).update(stage=ConnectorVersion.Stage.RETIRED)
    response = call(client, issued, "/t/clients")
    assert response.status_code == 403 and "retired" in response.json()["reason"]


def test_development_certificates_of_unapproved_versions_work(client, sandbox):
    member, version = development_version([("GET /t/teams", ["id", "code"])])
    connectors.submit_for_review(version, by=member.user)
    issued = certificate_for(version, "TE1002", member)
    LocationFactory(tenant=sandbox, code="noord")
    response = call(client, issued, "/t/teams")
    assert response.status_code == 200 and response.json()[0]["code"] == "noord"


def test_a_removed_endpoint_is_404_naming_its_replacement(client, development):
    response = call(client, development[2], "/t/clients/by_bsn/123456782")
    assert response.status_code == 404
    body = response.json()
    assert body["replacement"] == "GET /t/clients/by_bsn?bsn={bsn}"
    assert body["removedOn"] == "2020-12-31" and "was removed" in body["message"]


def test_a_removed_endpoint_without_replacement_says_so(client, development):
    response = call(client, development[2], "/t/users/1/scoped_teams")
    assert response.status_code == 404
    assert "replacement" not in response.json() and "Shield" in response.json()["note"]


def test_unknown_paths_are_404_and_wrong_methods_405(client, development):
    assert call(client, development[2], "/t/nothing/here").status_code == 404
    assert call(client, development[2], "/t/clients", method="delete").status_code == 405


# --- field filtering ----------------------------------------------------------------------------------


def test_lists_and_details_hold_only_the_allowed_fields(client, sandbox, development):
    gp = HealthcareProviderFactory(tenant=sandbox)
    patient = PatientFactory(tenant=sandbox, general_practitioner=gp, bsn="123456782", street="Lange Nieuwstraat")
    listed = call(client, development[2], "/t/clients").json()[0]
    assert set(listed) == {"id", "firstName", "birthDate", "address"} and listed["address"] == {"city": "Utrecht"}
    detail = call(client, development[2], f"/t/clients/{patient.pk}").json()
    assert detail == {"id": patient.pk, "lastName": patient.family_name}
    raw = call(client, development[2], f"/t/clients/{patient.pk}").content.decode()
    assert "123456782" not in raw and "Lange Nieuwstraat" not in raw


def test_a_container_field_allows_everything_inside_it(client, sandbox):
    member, version = development_version([("GET /t/clients", ["address"])])
    issued = certificate_for(version, "TE1002", member)
    PatientFactory(tenant=sandbox, street="Oudegracht", house_number="12", postal_code="3511AB")
    address = call(client, issued, "/t/clients").json()[0]["address"]
    assert address["street"] == "Oudegracht" and address["houseNumber"] == 12 and address["postalCode"] == "3511AB"


def test_nested_arrays_are_filtered_item_by_item(client, sandbox):
    member, version = development_version([("GET /t/employees", ["id", "teams.code"])])
    issued = certificate_for(version, "TE1002", member)
    PractitionerFactory(tenant=sandbox, locations=[LocationFactory(tenant=sandbox, code="zuid", name="Zuid")])
    assert call(client, issued, "/t/employees").json()[0]["teams"] == [{"code": "zuid"}]


def test_a_field_that_is_not_allowed_is_never_read(client, sandbox, development, monkeypatch):
    """Filtering picks accessors before anything is read: a hidden field's accessor must not even run."""
    PatientFactory(tenant=sandbox)

    def forbidden(patient):
        raise AssertionError("the BSN accessor ran for a version that does not allow it")

    shape = allowlist.SHAPES["Client"]
    monkeypatch.setitem(shape.fields, "bsn", type(shape.fields["bsn"])(forbidden, lookup="bsn"))
    allowlist.compiled.cache_clear()
    try:
        assert call(client, development[2], "/t/clients").status_code == 200
    finally:
        allowlist.compiled.cache_clear()


def test_a_design_change_is_served_at_once(client, sandbox, development):
    member, version, issued = development
    PatientFactory(tenant=sandbox)
    assert set(call(client, issued, "/t/clients").json()[0]) == {"id", "firstName", "birthDate", "address"}
    connectors.update_design(version, by=member.user, endpoints=design(("GET /t/clients", ["id"])))
    assert set(call(client, issued, "/t/clients").json()[0]) == {"id"}
    connectors.update_design(version, by=member.user, endpoints={})
    assert call(client, issued, "/t/clients").status_code == 403


# --- functional context (seed 000, 2019-12-17) -------------------------------------------------------------


def test_the_functional_context_answers_only_calls_the_version_enabled(client, sandbox):
    member, version = development_version([], mode=ConnectorVersion.EndpointMode.ALLOW_ALL)
    issued = certificate_for(version, "TE1002", member)
    patient = PatientFactory(tenant=sandbox, identification_number="C-1001", bsn="123456782")
    assert call(client, issued, "/f/clients/C-1001").status_code == 403
    enable_before_deprecation(version, "GET /f/clients/{id}", ["id", "identificationNo"])
    assert call(client, issued, "/f/clients/C-1001").json() == {"id": patient.pk, "identificationNo": "C-1001"}
    assert call(client, issued, "/f/clients/123456782").json()["id"] == patient.pk  # the BSN is a logical id too
    assert call(client, issued, "/f/clients/unknown").status_code == 404


# --- calls -------------------------------------------------------------------------------------------------


def test_lists_are_paged_and_counted_with_the_query_language(client, sandbox):
    member, version = development_version([("GET /t/clients", ["id", "firstName", "lastName"])])
    issued = certificate_for(version, "TE1002", member)
    for name in ["Anna", "Bram", "Cor", "Daan", "Eva"]:
        PatientFactory(tenant=sandbox, first_name=name)
    page = call(client, issued, "/t/clients", data={"limit": 2, "skip": 1, "count": "true"})
    assert page.status_code == 200 and page["Total-Count"] == "5"
    assert [row["firstName"] for row in page.json()] == ["Bram", "Cor"]
    filtered = call(client, issued, "/t/clients", data={"filter": 'eq(firstName,"Eva")'})
    assert [row["firstName"] for row in filtered.json()] == ["Eva"]
    ordered = call(client, issued, "/t/clients", data={"sort": "desc(firstName)", "limit": 1})
    assert ordered.json()[0]["firstName"] == "Eva"


def test_filtering_on_a_hidden_field_is_refused(client, sandbox, development):
    """Filtering on a field the version may not see would reveal it one question at a time."""
    PatientFactory(tenant=sandbox, bsn="123456782")
    response = call(client, development[2], "/t/clients", data={"filter": 'eq(bsn,"123456782")'})
    assert response.status_code == 400 and "bsn" in str(response.json())


@pytest.mark.parametrize("query", ["limit=-1", "limit=abc", "skip=x", "filter=eq(", "sort=up(id)"])
def test_bad_query_parameters_are_400(client, sandbox, development, query):
    assert call(client, development[2], f"/t/clients?{query}").status_code == 400


def test_lookups_by_bsn_and_identification_number(client, sandbox):
    member, version = development_version(
        [
            ("GET /t/clients/by_bsn?bsn={bsn}", ["id"]),
            ("GET /t/clients/by_identification_no/{identificationNo}", ["id"]),
        ]
    )
    issued = certificate_for(version, "TE1002", member)
    patient = PatientFactory(tenant=sandbox, bsn="123456782", identification_number="C-7")
    assert call(client, issued, "/t/clients/by_bsn?bsn=123456782").json() == {"id": patient.pk}
    assert call(client, issued, "/t/clients/by_bsn?bsn=123456789").status_code == 400  # not 11-proof
    assert call(client, issued, "/t/clients/by_bsn?bsn=111222333").status_code == 404
    assert call(client, issued, "/t/clients/by_identification_no/C-7").json() == {"id": patient.pk}


def test_sub_resources_list_the_client_s_links(client, sandbox):
    member, version = development_version([("GET /t/clients/{id}/$", ["name", "href"])])
    issued = certificate_for(version, "TE1002", member)
    patient = PatientFactory(tenant=sandbox)
    body = call(client, issued, f"/t/clients/{patient.pk}/$").json()
    assert {"name": "reports", "href": f"/t/dossier/reports?clientId={patient.pk}"} in body
    assert call(client, issued, "/t/clients/999999/$").status_code == 404


def test_reports_are_filtered_by_client(client, sandbox):
    member, version = development_version([("GET /t/dossier/reports", ["id", "clientId", "title"])])
    issued = certificate_for(version, "TE1002", member)
    mine, other = PatientFactory(tenant=sandbox), PatientFactory(tenant=sandbox)
    entry = DossierEntryFactory(tenant=sandbox, patient=mine, title="Intake")
    DossierEntryFactory(tenant=sandbox, patient=other)
    body = call(client, issued, "/t/dossier/reports", data={"clientId": mine.pk}).json()
    assert body == [{"id": entry.pk, "clientId": mine.pk, "title": "Intake"}]
    assert call(client, issued, "/t/dossier/reports", data={"clientId": "x"}).status_code == 400


def _report_writer(sandbox):
    member, version = development_version([("POST /t/dossier/reports", [])])
    return member, version, certificate_for(version, "TE1002", member)


def _post_report(client, issued, body):
    return call(client, issued, "/t/dossier/reports", method="post", data=body, content_type="application/json")


def test_a_connector_writes_a_report_into_the_dossier(client, sandbox):
    member, version, issued = _report_writer(sandbox)
    patient = PatientFactory(tenant=sandbox)
    body = {"clientId": patient.pk, "title": "Meting", "text": "Bloeddruk 120/80", "reportedAt": "2026-11-20T10:00:00Z"}
    response = _post_report(client, issued, body)
    assert response.status_code == 201
    entry = DossierEntry.objects.get(pk=response.json()["id"])
    assert entry.patient == patient and entry.tenant == sandbox and response.json()["title"] == "Meting"
    assert entry.created_by == member.user  # the person who answers for the connector's entries
    # The service's change event, under the certificate's name, and the call's event naming the patient.
    added = AuditEvent.objects.get(action="patient.dossier_add", patient_id=str(patient.pk))
    assert added.actor is None and added.actor_label == f"connector:{version.connector_id}"
    assert added.object_id == str(entry.pk)
    event = _last_call()
    assert event.details["status"] == 201 and event.patient_id == str(patient.pk)
    assert event.details["certificate"] == issued.serial


# What the service refuses, which the gateway once wrote anyway (an entry dated 2099, a control character) or
# cut silently (a 301-character title): each is a 400 naming the field, and nothing is written.
REFUSED_REPORTS = [
    ({"reportedAt": "2099-01-01T10:00:00Z"}, "reportedAt: A dossier entry records what happened"),
    ({"text": "Bloeddruk\x07 120/80"}, "text: Control characters are not allowed"),
    ({"title": "x" * 301}, "title: At most 200 characters."),
]


@pytest.mark.parametrize(("fields", "message"), REFUSED_REPORTS, ids=["2099", "control character", "301 characters"])
def test_a_report_the_service_refuses_is_refused_through_the_gateway(client, sandbox, fields, message):
    *_, issued = _report_writer(sandbox)
    patient = PatientFactory(tenant=sandbox)
    response = _post_report(client, issued, {"clientId": patient.pk, "title": "Meting", "text": "Goed.", **fields})
    assert response.status_code == 400 and message in response.json()["message"]
    assert not DossierEntry.objects.exists() and not AuditEvent.objects.filter(action="patient.dossier_add")
    assert _last_call().details["status"] == 400 and _last_call().result == AuditEvent.Result.FAILURE


def test_one_message_names_every_field_at_fault(client, sandbox):
    *_, issued = _report_writer(sandbox)
    patient = PatientFactory(tenant=sandbox)
    body = {"clientId": patient.pk, "title": "x" * 301, "text": "Bel\x07", "reportedAt": "2099-01-01T10:00:00Z"}
    body.update(reportType="poem", employeeId=999999)
    message = _post_report(client, issued, body).json()["message"]
    for name in ("title:", "text:", "reportedAt:", "reportType:", "employeeId:"):
        assert name in message
    assert not DossierEntry.objects.exists()


def test_a_read_only_licence_refuses_reports_with_403(client, sandbox):
    *_, issued = _report_writer(sandbox)
    patient = PatientFactory(tenant=sandbox)
    type(sandbox).objects.filter(pk=sandbox.pk).update(status="read_only")
    response = _post_report(client, issued, {"clientId": patient.pk, "title": "Meting", "text": "Goed."})
    assert response.status_code == 403 and "read-only (inzage) licence" in response.json()["message"]
    assert not DossierEntry.objects.exists()


def test_a_report_names_only_a_client_and_an_employee_of_the_care_organisation(client, sandbox):
    *_, issued = _report_writer(sandbox)
    elsewhere = care_organisation("Kliniek Elders", "TE3456", "CF4567")
    mine, foreign = PatientFactory(tenant=sandbox), PatientFactory(tenant=elsewhere)
    foreign_employee = PractitionerFactory(tenant=elsewhere)
    refused = _post_report(client, issued, {"clientId": foreign.pk, "title": "Meting", "text": "Goed."})
    assert refused.status_code == 400 and refused.json() == {
        "message": "clientId: No client with this id in this care organisation."
    }
    body = {"clientId": mine.pk, "title": "Meting", "text": "Goed.", "employeeId": foreign_employee.pk}
    refused = _post_report(client, issued, body)
    assert refused.status_code == 400 and refused.json()["message"].startswith("employeeId: ")
    assert not DossierEntry.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[" * 50_000,  # nested fifty thousand deep: a RecursionError in the parser was a 500
        b"[1, 2]",
        b'{"clientId": "abc", "title": "t", "text": "x"}',
        b'{"clientId": 999999, "title": "t", "text": "x"}',
        b'{"clientId": CLIENT, "title": "", "text": "x"}',
        b'{"clientId": CLIENT, "title": "t", "text": "x", "reportType": "poem"}',
        b'{"clientId": CLIENT, "title": "t", "text": "x", "reportedAt": "yesterday"}',
        b'{"clientId": CLIENT, "title": "t", "text": "x", "employeeId": 999999}',
    ],
)
def test_bad_reports_are_400_and_write_nothing(client, sandbox, body):
    member, version = development_version([("POST /t/dossier/reports", [])])
    issued = certificate_for(version, "TE1002", member)
    patient = PatientFactory(tenant=sandbox)
    data = body.replace(b"CLIENT", str(patient.pk).encode())
    response = call(client, issued, "/t/dossier/reports", method="post", data=data, content_type="application/json")
    assert response.status_code == 400 and response.json()["message"]
    assert not DossierEntry.objects.exists()


def test_appointments_and_notifications_answer(client, sandbox):
    member, version = development_version(
        [("GET /t/appointments", ["id", "clientId", "startsAt"]), ("GET /t/hermes/notifications", ["id"])]
    )
    issued = certificate_for(version, "TE1002", member)
    appointment = AppointmentFactory(tenant=sandbox)
    body = call(client, issued, "/t/appointments", data={"clientId": appointment.patient_id}).json()
    starts_at = appointment.starts_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert body == [{"id": appointment.pk, "clientId": appointment.patient_id, "startsAt": starts_at}]
    assert call(client, issued, "/t/hermes/notifications").status_code == 200


def test_every_catalog_endpoint_in_use_is_served(client, sandbox):
    """No endpoint a version can enable is a stub: each answers from a handler, not 501."""
    from connectors.gateway.handlers import HANDLERS
    from connectors.models import Endpoint

    served = {(e.method, e.path) for e in Endpoint.objects.all() if not e.is_removed() and e.api_model_id}
    assert served and served <= set(HANDLERS) | {("POST", "/t/dossier/documents")}


def test_every_catalog_field_has_an_accessor():
    from connectors.catalog_data import MODELS

    for name, shape in allowlist.SHAPES.items():
        paths = {path for path, _type, _description in MODELS[name]["fields"]}
        leaves = {path for path in paths if not any(other.startswith(f"{path}.") for other in paths)}
        compiled = shape.compile(frozenset(paths))
        rendered = {".".join(parts) for parts, _attr in compiled.leaves}
        rendered |= {f"{path}.{field}" for path, _items, fields in compiled.arrays for field, _attr in fields}
        assert rendered == leaves, name


# --- tenants ------------------------------------------------------------------------------------------------


def test_a_staging_certificate_never_sees_another_tenant(client, staging):
    ours, theirs, _, issued = staging
    mine = PatientFactory(tenant=ours)
    foreign = PatientFactory(tenant=theirs)
    listed = call(client, issued, "/t/clients").json()
    assert [row["id"] for row in listed] == [mine.pk]
    assert call(client, issued, f"/t/clients/{foreign.pk}").status_code == 404
    assert call(client, issued, f"/t/clients/{mine.pk}").status_code == 200


def test_a_closed_organisation_is_401(client, staging):
    ours, _, _, issued = staging
    type(ours).objects.filter(pk=ours.pk).update(status="closed")
    assert call(client, issued, "/t/clients").status_code == 401


# --- audit --------------------------------------------------------------------------------------------------


def test_every_call_is_audited_with_its_patients(client, staging):
    ours, _, version, issued = staging
    first, second = PatientFactory(tenant=ours), PatientFactory(tenant=ours)
    call(client, issued, "/t/clients")
    event = _last_call()
    assert event.tenant == ours and event.result == AuditEvent.Result.SUCCESS
    assert event.actor_label == f"connector:{version.connector_id}"
    assert event.details["connector"] == version.connector_id and event.details["version"] == version.number
    assert event.details["certificate"] == issued.serial and event.details["environment"] == "TE2345"
    assert event.details["endpoint"] == "GET /t/clients" and event.details["status"] == 200
    assert event.details["patient_ids"] == [str(first.pk), str(second.pk)]
    call(client, issued, f"/t/clients/{first.pk}")
    assert _last_call().patient_id == str(first.pk)
    call(client, issued, "/t/teams")
    assert _last_call().result == AuditEvent.Result.DENIED and _last_call().details["status"] == 403


@pytest.fixture
def practice(sandbox):
    """A sandbox practice with two patients and their records, and an ALLOW_ALL version that also enabled the
    functional context's calls (it reaches every endpoint)."""
    member, version = development_version([], mode=ConnectorVersion.EndpointMode.ALLOW_ALL)
    for resource in ("clients", "employees", "teams"):
        enable_before_deprecation(version, f"GET /f/{resource}/{{id}}", ["id"])
        enable_before_deprecation(version, f"GET /f/{resource}/{{id}}/$", ["name", "href"])
    anna = PatientFactory(tenant=sandbox, bsn="123456782", identification_number="C-1")
    bram = PatientFactory(tenant=sandbox, identification_number="C-2")
    team = LocationFactory(tenant=sandbox, code="noord")
    employee = PractitionerFactory(tenant=sandbox, agb_code="01234567", locations=[team])
    rows = {
        "anna": anna,
        "bram": bram,
        "team": team,
        "employee": employee,
        "report": DossierEntryFactory(tenant=sandbox, patient=anna),
        "activity": CareActivityFactory(tenant=sandbox, patient=anna),
        "appointment": AppointmentFactory(tenant=sandbox, patient=bram, practitioner=employee, location=team),
        "user": MembershipFactory(tenant=sandbox, role="staff").user,
    }
    NotificationFactory(tenant=sandbox, recipient=rows["user"])
    return version, certificate_for(version, "TE1002", member), rows


# Every GET call the gateway serves: (catalog path, the call, the patients its answer names).
SERVED_CALLS = [
    ("/t/clients", "/t/clients", ["anna", "bram"]),
    ("/t/clients/{id}", "/t/clients/{anna}", ["anna"]),
    ("/t/clients/by_bsn?bsn={bsn}", "/t/clients/by_bsn?bsn=123456782", ["anna"]),
    ("/t/clients/by_identification_no/{identificationNo}", "/t/clients/by_identification_no/C-2", ["bram"]),
    ("/f/clients/{id}", "/f/clients/C-1", ["anna"]),
    ("/t/clients/{id}/$", "/t/clients/{bram}/$", ["bram"]),
    ("/f/clients/{id}/$", "/f/clients/123456782/$", ["anna"]),
    ("/t/dossier/reports", "/t/dossier/reports", ["anna"]),
    ("/t/dossier/reports/{id}", "/t/dossier/reports/{report}", ["anna"]),
    ("/t/dossier/care_activities", "/t/dossier/care_activities?clientId={anna}", ["anna"]),
    ("/t/dossier/care_activities/{id}", "/t/dossier/care_activities/{activity}", ["anna"]),
    ("/t/appointments", "/t/appointments", ["bram"]),
    ("/t/appointments/{id}", "/t/appointments/{appointment}", ["bram"]),
    ("/t/employees", "/t/employees?teamId={team}", []),
    ("/t/employees/{id}", "/t/employees/{employee}", []),
    ("/t/employees/by_identification_no/{identificationNo}", "/t/employees/by_identification_no/01234567", []),
    ("/f/employees/{id}", "/f/employees/01234567", []),
    ("/t/employees/{id}/$", "/t/employees/{employee}/$", []),
    ("/f/employees/{id}/$", "/f/employees/01234567/$", []),
    ("/t/teams", "/t/teams", []),
    ("/t/teams/{id}", "/t/teams/{team}", []),
    ("/t/teams/by_code/{code}", "/t/teams/by_code/noord", []),
    ("/f/teams/{id}", "/f/teams/noord", []),
    ("/t/teams/{id}/$", "/t/teams/{team}/$", []),
    ("/f/teams/{id}/$", "/f/teams/noord/$", []),
    ("/t/users", "/t/users", []),
    ("/t/users/{id}", "/t/users/{user}", []),
    ("/t/users/by_user_name?user_name={user_name}", "/t/users/by_user_name?user_name=USER_NAME", []),
    ("/t/hermes/notifications", "/t/hermes/notifications", []),
]


def _events_during(action) -> list:
    last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    action()
    return list(AuditEvent.objects.filter(pk__gt=last).order_by("pk"))


@pytest.mark.parametrize(("template", "path", "patients"), SERVED_CALLS, ids=[c[0] for c in SERVED_CALLS])
def test_a_served_call_is_one_event_naming_exactly_its_patients(client, practice, template, path, patients):
    """The selector's read is the call's one event: the served patients and the connector's identity in one link
    of the chain, never a second event for the same call."""
    version, issued, rows = practice
    path = path.format(**{name: row.pk for name, row in rows.items()}).replace("USER_NAME", rows["user"].email)
    responses = []
    events = _events_during(lambda: responses.append(call(client, issued, path)))
    assert responses[0].status_code == 200, responses[0].content
    assert len(events) == 1
    event = events[0]
    expected = sorted(str(rows[name].pk) for name in patients)
    assert event.action == "gateway.call" and event.details["patient_ids"] == expected
    assert event.patient_id == (expected[0] if len(expected) == 1 else "")
    assert event.actor_label == f"connector:{version.connector_id}" and event.tenant == rows["anna"].tenant
    assert event.details["connector"] == version.connector_id and event.details["version"] == version.number
    assert event.details["certificate"] == issued.serial and event.details["environment"] == "TE1002"
    assert event.details["endpoint"] == f"GET {template}" and event.details["status"] == 200
    assert event.details["call"] == f"GET {path.split('?')[0]}"


def test_the_table_of_served_calls_covers_every_handler():
    from connectors.gateway.handlers import HANDLERS

    not_served = {"/t/dossier/medical/simplified_propensity_to_adverse_reaction", "/t/dossier/documents"}
    not_served |= {"/t/dossier/documents/{id}", "/t/client_collab/shared_resources/{id}"}
    reads = {path for method, path in HANDLERS if method == "GET"}
    assert reads - not_served == {template for template, _path, _patients in SERVED_CALLS}


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/t/clients/999999", 404),
        ("/t/clients/999999/$", 404),
        ("/f/clients/nobody", 404),
        ("/t/dossier/documents", 200),
        ("/t/dossier/documents/1", 404),
        ("/t/clients?limit=x", 400),
    ],
)
def test_a_call_no_selector_answers_is_one_event_the_gateway_writes(client, practice, path, status):
    version, issued, _rows = practice
    responses = []
    events = _events_during(lambda: responses.append(call(client, issued, path)))
    assert responses[0].status_code == status
    assert len(events) == 1 and events[0].action == "gateway.call"
    assert events[0].details["status"] == status and events[0].details["patient_ids"] == []
    assert (
        events[0].details["certificate"] == issued.serial
        and events[0].actor_label == f"connector:{version.connector_id}"
    )


def test_documents_are_not_stored_yet(client, practice):
    _version, issued, _rows = practice
    assert call(client, issued, "/t/dossier/documents").json() == []
    posted = call(client, issued, "/t/dossier/documents", method="post", data={}, content_type="application/json")
    assert posted.status_code == 501


def test_a_write_is_the_service_s_change_event_and_the_call_s_event(client, sandbox):
    *_, issued = _report_writer(sandbox)
    patient = PatientFactory(tenant=sandbox)
    body = {"clientId": patient.pk, "title": "Meting", "text": "Goed.", "reportedAt": "2026-01-05T09:00:00Z"}
    events = _events_during(lambda: _post_report(client, issued, body))
    assert [event.action for event in events] == ["patient.dossier_add", "gateway.call"]
    assert all(event.patient_id == str(patient.pk) for event in events)


@pytest.mark.parametrize(
    "selector",
    [
        "patients.patients_for_gateway",
        "patients.dossier_reports_for_gateway",
        "billing.care_activities_for_gateway",
        "agenda.appointments_for_gateway",
        "agenda.practitioners_for_gateway",
        "agenda.locations_for_gateway",
        "account.members_for_gateway",
        "notifications.notifications_for_gateway",
    ],
)
def test_the_gateway_s_selectors_refuse_a_certificate_of_another_care_organisation(db, selector):
    """The selector itself holds the tenant rule: a certificate bound to one organisation reads nothing of another."""
    from importlib import import_module

    module, name = selector.split(".")
    read = getattr(import_module(f"epdee.clinic.selectors.{module}"), name)
    ours, theirs = care_organisation(), care_organisation("Kliniek Elders", "TE3456", "CF4567")
    PatientFactory(tenant=theirs)
    certificate = Actor(label="connector:1", tenant=ours, role="staff", details={"connector": 1})
    with pytest.raises(NotFound):
        read(by=certificate, tenant=theirs)
    assert list(read(by=certificate, tenant=ours)) == []
    assert not AuditEvent.objects.exclude(tenant=ours).filter(action="gateway.call").exists()


def test_refused_identities_are_audited_too(client, sandbox):
    client.get("/t/clients")
    event = _last_call()
    assert event.tenant is None and event.actor_label == "unidentified client" and event.details["status"] == 401


def test_list_queries_stay_constant_as_rows_grow(client, sandbox):
    member, version = development_version(
        [("GET /t/clients", ["id", "lastName", "generalPractitioner.name"]), ("GET /t/employees", ["id", "teams"])]
    )
    issued = certificate_for(version, "TE1002", member)

    def queries(path):
        with CaptureQueriesContext(connection) as captured:
            assert call(client, issued, path, data={"count": "true"}).status_code == 200
        return len(captured)

    gp = HealthcareProviderFactory(tenant=sandbox)
    PatientFactory.create_batch(2, tenant=sandbox, general_practitioner=gp)
    PractitionerFactory.create_batch(2, tenant=sandbox, locations=[LocationFactory(tenant=sandbox)])
    queries("/t/clients")  # the first call compiles the allow-list; later calls use it
    few = queries("/t/clients"), queries("/t/employees")
    PatientFactory.create_batch(30, tenant=sandbox, general_practitioner=gp)
    PractitionerFactory.create_batch(30, tenant=sandbox, locations=[LocationFactory(tenant=sandbox)])
    assert (queries("/t/clients"), queries("/t/employees")) == few


def test_a_new_catalog_is_compiled_anew(db):
    before = routing.routes()
    assert routing.routes() is before  # compiled once per process…
    sync_catalog(ApiModel, ApiModelField, Endpoint, by=SYSTEM)
    assert routing.routes() is not before  # …until the catalog is synced again (the catalog_synced signal)
