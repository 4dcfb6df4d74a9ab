"""The signup service's own rules: only platform staff decide on applications, and an application is checked
field by field whoever calls it (a task or an admin action as much as the page or the API)."""

import pytest
from django.test import RequestFactory

from epdee.core.errors import Invalid, PermissionDenied
from epdee.core.models import AuditEvent
from epdee.core.permissions import SYSTEM, Actor
from epdee.platform import services
from epdee.platform.models import TenantApplication
from tests.clinic.clients import member
from tests.core.factories import UserFactory
from tests.platform.factories import TenantApplicationFactory


def _request():
    return RequestFactory().post("/api/signup", REMOTE_ADDR="198.51.100.60")


@pytest.mark.parametrize("decide", [services.approve_application, services.reject_application])
@pytest.mark.parametrize("who", ["anonymous", "user", "tenant_admin", "inactive_staff", "certificate"])
def test_only_platform_staff_decide(db, decide, who):
    application = TenantApplicationFactory()
    by = {
        "anonymous": lambda: None,
        "user": lambda: UserFactory(),
        "tenant_admin": lambda: member("admin").user,
        "inactive_staff": lambda: UserFactory(staff=True, is_active=False),
        "certificate": lambda: Actor(label="a connector", tenant=member("admin").tenant, role="staff"),
    }[who]()
    with pytest.raises(PermissionDenied):
        decide(application, by=by)
    application.refresh_from_db()
    assert application.status == TenantApplication.Status.PENDING
    assert not AuditEvent.objects.filter(action__startswith="tenant_application.").exclude(
        action="tenant_application.submit"
    )


@pytest.mark.parametrize("by", ["staff", "superadmin"])
def test_platform_staff_decide(db, by):
    user = UserFactory(**{by: True})
    assert services.reject_application(TenantApplicationFactory(), by=user).status == "rejected"
    assert services.approve_application(TenantApplicationFactory(), by=SYSTEM).status == "approved"


def test_the_service_checks_every_field_itself(db):
    with pytest.raises(Invalid) as refused:
        services.submit_application(
            _request(),
            organisation_name=" ",
            contact_name="x" * 201,
            email="nobody",
            phone="call me",
            kvk_number="123",
            message="ok\n\tfine",
        )
    assert set(refused.value.errors) == {"organisation_name", "contact_name", "email", "phone", "kvk_number"}
    assert not TenantApplication.objects.exists()


@pytest.mark.parametrize("name", ["Praktijk\u202eKLIF", "Prak\u200btijk"], ids=["direction", "zero-width"])
def test_a_name_with_invisible_characters_is_refused(db, name):
    with pytest.raises(Invalid) as refused:
        services.submit_application(_request(), organisation_name=name, contact_name="An", email="an@fysio.test")
    assert refused.value.errors == {"organisation_name": ["Remove the invisible characters (text-direction marks, "
                                                          "zero-width spaces)."]}  # fmt: skip
    assert not TenantApplication.objects.exists()


def test_a_message_keeps_its_line_breaks_but_a_name_no_control_characters(db):
    with pytest.raises(Invalid) as refused:
        services.submit_application(
            _request(), organisation_name="Een\x1bnaam", contact_name="An", email="an@fysio.test"
        )
    assert set(refused.value.errors) == {"organisation_name"}
    stored = services.submit_application(
        _request(), organisation_name=" Praktijk ", contact_name="An", email="an@fysio.test", message="Eén\r\ntwee"
    )
    assert (stored.organisation_name, stored.message, stored.ip_address) == ("Praktijk", "Eén\r\ntwee", "198.51.100.60")
