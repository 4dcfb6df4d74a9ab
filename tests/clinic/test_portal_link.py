"""Asking for a portal sign-in link (seed 004 POST /api/portaal/request-link): the tenant of the host name, the
same answer in content and time for every address, rate limits on the real client address."""

import hashlib
import re
import statistics
import time

import pytest
from django.test import override_settings
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from epdee.clinic.api.views.portal import PortalLinkThrottle
from epdee.clinic.models import PortalLoginToken
from epdee.clinic.services import portal
from epdee.clinic.tasks import send_portal_link
from epdee.core.models import AuditEvent
from epdee.core.ratelimit import RateLimit
from tests.clinic.factories import PatientFactory
from tests.clinic.support import PORTAL_HOST as HOST
from tests.core.factories import MembershipFactory

URL = "/api/portaal/request-link"
LIMIT = portal.LINK_RATE_LIMIT.limit


@pytest.fixture
def quick(monkeypatch):
    """Tests that are not about timing need not wait for the padding."""
    monkeypatch.setattr(portal, "MIN_RESPONSE_SECONDS", 0)


def ask(email, *, host=HOST, address="198.51.100.1", **extra):
    return APIClient().post(URL, {"email": email}, format="json", HTTP_HOST=host, REMOTE_ADDR=address, **extra)


def test_a_patient_gets_a_single_use_link_by_e_mail(site, quick, mailoutbox, django_capture_on_commit_callbacks):
    tenant, patient = site
    with django_capture_on_commit_callbacks(execute=True):
        response = ask("JAN@example.test")  # addresses match without regard to case
    assert response.status_code == 202
    assert [message.to for message in mailoutbox] == [["jan@example.test"]]
    link = re.search(rf"http://{re.escape(HOST)}/portaal/inloggen/([\w-]+)/", mailoutbox[0].body)
    assert link, mailoutbox[0].body
    assert tenant.name in mailoutbox[0].subject and "15 minutes" in mailoutbox[0].body
    token = PortalLoginToken.objects.get()
    assert token.patient == patient and token.used_at is None
    assert token.token_hash == hashlib.sha256(link.group(1).encode()).hexdigest()  # only the hash is kept
    assert 14 * 60 < (token.expires_at - token.created_at).total_seconds() <= 15 * 60
    assert AuditEvent.objects.filter(action="portal.link.send", patient_id=str(patient.pk)).exists()


def test_an_unknown_address_gets_the_same_answer_and_no_mail(
    site, quick, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        known = ask("jan@example.test", address="198.51.100.2")
        unknown = ask("nobody@example.test", address="198.51.100.3")
    assert (known.status_code, known.content) == (unknown.status_code, unknown.content)
    assert dict(known.headers) == dict(unknown.headers)
    assert "set-cookie" not in {name.lower() for name in known.headers}
    assert len(mailoutbox) == 1 and PortalLoginToken.objects.count() == 1


def test_the_answers_take_the_same_time(site, django_capture_on_commit_callbacks):
    """The work for a known address (token, audit, mail) runs inline here (eager tasks); padding hides it."""
    durations = {"known": [], "unknown": []}
    with django_capture_on_commit_callbacks(execute=True):
        for round_ in range(3):
            for kind, email in (("known", "jan@example.test"), ("unknown", f"nobody{round_}@example.test")):
                started = time.monotonic()
                response = ask(email, address=f"198.51.100.{10 + round_}")
                durations[kind].append(time.monotonic() - started)
                assert response.status_code == 202
    assert PortalLoginToken.objects.count() == 3  # the known address really did the work
    known, unknown = statistics.median(durations["known"]), statistics.median(durations["unknown"])
    floor = portal.MIN_RESPONSE_SECONDS
    assert floor <= known < floor + 0.5 and floor <= unknown < floor + 0.5, durations
    assert abs(known - unknown) < 0.1, durations


def test_no_host_tenant_is_a_404_even_for_a_signed_in_member(site, quick):
    tenant, _ = site
    client = APIClient()
    client.force_login(MembershipFactory(tenant=tenant).user)  # his session's tenant is not the portal's
    response = client.post(URL, {"email": "jan@example.test"}, format="json")
    assert response.status_code == 404
    assert ask("jan@example.test", host="elsewhere.test").status_code == 404


@pytest.mark.parametrize("body", [{"email": "not-an-address"}, {}, {"email": ""}, {"email": ["a@b.test"]}])
def test_bad_input_is_a_400(site, quick, body):
    response = APIClient().post(URL, body, format="json", HTTP_HOST=HOST)
    assert response.status_code == 400 and "email" in response.json()


def test_five_requests_per_client_address_then_429(site, quick):
    for n in range(LIMIT):
        assert ask(f"someone{n}@example.test").status_code == 202
    refused = ask("jan@example.test")
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= portal.LINK_RATE_LIMIT.window
    assert ask("jan@example.test", address="198.51.100.99").status_code == 202


def test_five_requests_per_e_mail_address_then_429_whoever_asks(site, quick):
    for n in range(LIMIT):
        assert ask("jan@example.test", address=f"198.51.100.{n + 1}").status_code == 202
    assert ask("Jan@Example.test", address="198.51.100.50").status_code == 429
    assert ask("nobody@example.test", address="198.51.100.50").status_code == 202  # the address was not counted


def test_the_limit_answer_is_the_same_for_known_and_unknown_addresses(site, quick):
    for n in range(LIMIT):
        ask(f"someone{n}@example.test")
    known, unknown = ask("jan@example.test"), ask("nobody@example.test")
    assert known.status_code == unknown.status_code == 429 and known.content == unknown.content


@override_settings(EPDEE_TRUSTED_PROXIES=["10.0.0.0/8"])
def test_a_spoofed_forwarded_for_from_an_untrusted_address_does_not_bypass_the_limit(site, quick):
    for n in range(LIMIT):
        response = ask(f"someone{n}@example.test", address="203.0.113.5", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
        assert response.status_code == 202
    spoofed = ask("other@example.test", address="203.0.113.5", HTTP_X_FORWARDED_FOR="192.0.2.200, 10.0.0.1")
    assert spoofed.status_code == 429


@override_settings(EPDEE_TRUSTED_PROXIES=["10.0.0.0/8"])
def test_behind_a_trusted_proxy_each_client_has_its_own_limit(site, quick):
    for n in range(LIMIT):
        assert ask(f"a{n}@example.test", address="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.1").status_code == 202
    assert ask("a9@example.test", address="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.1").status_code == 429
    assert ask("b@example.test", address="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.2").status_code == 202


def test_a_family_sharing_an_address_each_get_a_link(site, quick, mailoutbox, django_capture_on_commit_callbacks):
    tenant, _ = site
    PatientFactory(tenant=tenant, email="jan@example.test", first_name="Kees")
    PatientFactory(email="jan@example.test")  # another practice's patient: not this portal's
    with django_capture_on_commit_callbacks(execute=True):
        ask("jan@example.test")
    assert len(mailoutbox) == 2 and PortalLoginToken.objects.count() == 2
    assert {token.tenant_id for token in PortalLoginToken.objects.all()} == {tenant.pk}


def test_an_address_shared_by_too_many_patients_gets_nothing(site, quick, mailoutbox):
    tenant, _ = site
    for _ in range(portal.MAX_PATIENTS_PER_ADDRESS):
        PatientFactory(tenant=tenant, email="jan@example.test")
    assert portal.send_login_links(tenant.pk, "jan@example.test", "http://x", "req-1") == 0
    assert not mailoutbox


def test_the_task_sends_once_per_request(site, mailoutbox):
    tenant, _ = site
    send_portal_link(tenant.pk, "jan@example.test", f"http://{HOST}", "request-1")
    send_portal_link(tenant.pk, "jan@example.test", f"http://{HOST}", "request-1")  # a redelivered task
    assert len(mailoutbox) == 1


def test_a_broken_queue_still_answers_like_success(site, quick, monkeypatch, django_capture_on_commit_callbacks):
    def broken(*args, **kwargs):
        raise ConnectionError("broker down")

    monkeypatch.setattr(send_portal_link, "delay", broken)
    with django_capture_on_commit_callbacks(execute=True):
        response = ask("jan@example.test")
    assert response.status_code == 202


@hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.one_of(
        st.dictionaries(st.sampled_from(["email", "other"]), st.one_of(st.none(), st.integers(), st.text())),
        st.text(),
        st.lists(st.integers()),
    )
)
def test_no_input_causes_a_server_error(site, quick, monkeypatch, body):
    monkeypatch.setattr(PortalLinkThrottle, "rate_limit", RateLimit("portal-link-fuzz", 10**9, 900))
    response = APIClient().post(URL, body, format="json", HTTP_HOST=HOST)
    assert response.status_code in (202, 400), response.content
