"""Public signup (seed 004 POST /api/signup): a pending application, mail to the admins, 3 an hour, honeypot."""

import pytest
from django.test import override_settings
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from epdee.core.models import AuditEvent
from epdee.core.ratelimit import RateLimit
from epdee.platform import services as signup
from epdee.platform.api.views.signup import SignupThrottle
from epdee.platform.models import TenantApplication

URL = "/api/signup"
VALID = {
    "organisationName": "Fysiotherapie Centrum",
    "contactName": "An de Vries",
    "email": "an@fysio.test",
    "phone": "030 123 45 67",
    "kvkNumber": "12345678",
    "message": "We hebben drie locaties.",
}


def post(data, address="198.51.100.7", **extra):
    return APIClient().post(URL, data, format="json", REMOTE_ADDR=address, **extra)


def test_an_application_is_stored_pending_and_mailed_to_the_admins(
    db, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.ADMINS = [("Platform", "ops@epdee.test")]
    with django_capture_on_commit_callbacks(execute=True):
        response = post(VALID)
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "pending"
    application = TenantApplication.objects.get()
    assert (application.organisation_name, application.contact_name, application.email) == (
        "Fysiotherapie Centrum",
        "An de Vries",
        "an@fysio.test",
    )
    assert (application.kvk_number, application.status, application.ip_address) == (
        "12345678",
        "pending",
        "198.51.100.7",
    )
    assert [message.to for message in mailoutbox] == [["ops@epdee.test"]]
    assert "Fysiotherapie Centrum" in mailoutbox[0].subject and "12345678" in mailoutbox[0].body
    assert AuditEvent.objects.filter(action="tenant_application.submit", object_id=str(application.pk)).exists()


def test_optional_fields_may_be_left_out(db):
    response = post({key: VALID[key] for key in ("organisationName", "contactName", "email")})
    assert response.status_code == 201
    assert TenantApplication.objects.get().kvk_number == ""


def test_the_fourth_application_in_an_hour_is_refused_with_retry_after(db):
    for n in range(3):
        assert post({**VALID, "email": f"an{n}@fysio.test"}).status_code == 201
    refused = post(VALID)
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= signup.SIGNUP_RATE_LIMIT.window
    assert refused.json()["detail"].startswith("Too many applications from this address.")
    assert TenantApplication.objects.count() == 3
    assert post(VALID, address="198.51.100.8").status_code == 201  # another client has its own count


@override_settings(EPDEE_TRUSTED_PROXIES=["10.0.0.0/8"])
def test_a_spoofed_forwarded_for_does_not_escape_the_limit(db):
    for n in range(3):
        assert post(VALID, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code == 201
    assert post(VALID, HTTP_X_FORWARDED_FOR="203.0.113.99").status_code == 429
    # Behind the trusted proxy each real client counts on its own.
    for n in range(4):
        assert post(VALID, address="10.0.0.2", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}").status_code == 201
    assert TenantApplication.objects.filter(ip_address__startswith="192.0.2.").count() == 4


def test_a_filled_honeypot_is_answered_like_success_and_stores_nothing(
    db, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.ADMINS = [("Platform", "ops@epdee.test")]
    with django_capture_on_commit_callbacks(execute=True):
        bot = post({**VALID, "website": "https://cheap-pills.example"}, address="198.51.100.20")
        person = post(VALID, address="198.51.100.21")
    assert bot.status_code == person.status_code == 201
    assert bot.content == person.content
    assert list(TenantApplication.objects.values_list("ip_address", flat=True)) == ["198.51.100.21"]
    assert len(mailoutbox) == 1


@pytest.mark.parametrize(
    "change, field",
    [
        ({"kvkNumber": "1234567"}, "kvkNumber"),
        ({"kvkNumber": "1234567a"}, "kvkNumber"),
        ({"kvkNumber": "123456789"}, "kvkNumber"),
        ({"email": "not-an-address"}, "email"),
        ({"organisationName": ""}, "organisationName"),
        ({"contactName": None}, "contactName"),
        ({"phone": "call me maybe"}, "phone"),
        ({"message": "x" * 4001}, "message"),
        ({"organisationName": "nul\x00byte"}, "organisationName"),
    ],
)
def test_bad_input_is_a_400_in_drf_format_and_stores_nothing(db, change, field):
    response = post({**VALID, **change})
    assert response.status_code == 400
    assert field in response.json()
    assert not TenantApplication.objects.exists()


def test_a_missing_body_is_a_400(db):
    response = APIClient().post(URL, "not json", content_type="application/json")
    assert response.status_code == 400


text = st.one_of(st.none(), st.integers(), st.text(max_size=300), st.lists(st.text(max_size=5), max_size=3))


@hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(st.sampled_from([*VALID, "website", "extra"]), text))
def test_no_input_causes_a_server_error(db, monkeypatch, data):
    monkeypatch.setattr(SignupThrottle, "rate_limit", RateLimit("signup-fuzz", 10**9, 3600))
    response = post(data)
    assert response.status_code in (201, 400), response.content
