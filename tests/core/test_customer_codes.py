"""Customer codes (seed 001): format, kinds, and the rules between codes."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from epdee.core import services
from epdee.core.customer_codes import EnvironmentKind, parse_customer_code
from epdee.core.errors import Conflict, Invalid
from epdee.core.models import CustomerCode
from tests.core.factories import TenantFactory

VALID = [
    ("TE1002", "TE1002", EnvironmentKind.DEVELOPMENT),
    ("te1002", "TE1002", EnvironmentKind.DEVELOPMENT),
    ("TE1234", "TE1234", EnvironmentKind.STAGING),
    ("TE0000", "TE0000", EnvironmentKind.STAGING),
    ("TE9999", "TE9999", EnvironmentKind.STAGING),
    ("TE1003", "TE1003", EnvironmentKind.STAGING),
    ("CF1234", "CF1234", EnvironmentKind.PRODUCTION),
    ("DF6789", "DF6789", EnvironmentKind.PRODUCTION),
    ("MF0001", "MF0001", EnvironmentKind.PRODUCTION),
    (" cf1234 ", "CF1234", EnvironmentKind.PRODUCTION),
    ("Mf4321", "MF4321", EnvironmentKind.PRODUCTION),
    ("TE1234\n", "TE1234", EnvironmentKind.STAGING),
]

INVALID = [
    "",
    "   ",
    "TE",
    "TE123",
    "TE12345",
    "TE1002X",
    "XX1234",
    "AF1234",
    "CE1234",
    "CF-1234",
    "CF 1234",
    "1234",
    "TEABCD",
    "CF12a4",
    "TE\u0661\u0662\u0663\u0664",  # Arabic-Indic digits are digits, but not ASCII ones
    "TE１２３４",  # full-width digits
    "T E1234",
    "CF1234; DROP TABLE",
]


@pytest.mark.parametrize(("raw", "code", "kind"), VALID)
def test_valid_codes_are_normalised_and_classified(raw, code, kind):
    parsed = parse_customer_code(raw)
    assert parsed.code == code
    assert parsed.kind == kind
    assert parsed.number == code[2:]


@pytest.mark.parametrize("raw", INVALID)
def test_malformed_codes_are_refused_with_a_clear_message(raw):
    with pytest.raises(ValidationError) as excinfo:
        parse_customer_code(raw)
    assert "is not a customer code" in excinfo.value.messages[0]
    assert "TE1002" in excinfo.value.messages[0]


def test_the_database_refuses_a_malformed_code(db):
    tenant = TenantFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        CustomerCode.objects.create(tenant=tenant, code="XX1234")


def test_development_code_belongs_to_the_sandbox_only(staff):
    clinic = TenantFactory()
    with pytest.raises(Invalid, match="sandbox"):
        services.add_customer_code(clinic, "TE1002", by=staff)
    sandbox = TenantFactory(is_sandbox=True)
    assert services.add_customer_code(sandbox, "te1002", by=staff).code == "TE1002"
    assert services.tenant_for_customer_code("TE1002") == sandbox


def test_sandbox_has_no_staging_or_production_codes(staff):
    sandbox = TenantFactory(is_sandbox=True)
    with pytest.raises(Invalid, match="only the development code"):
        services.add_customer_code(sandbox, "TE1234", by=staff)


def test_only_one_sandbox_tenant(db):
    TenantFactory(is_sandbox=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        TenantFactory(is_sandbox=True)


def test_a_code_belongs_to_one_tenant(staff):
    first, second = TenantFactory(), TenantFactory()
    services.add_customer_code(first, "TE1234", by=staff)
    with pytest.raises(Conflict, match="another organisation"):
        services.add_customer_code(second, "TE1234", by=staff)
    with pytest.raises(IntegrityError), transaction.atomic():
        CustomerCode.objects.create(tenant=second, code="TE1234")


def test_a_tenants_staging_and_production_numbers_differ(staff):
    tenant = TenantFactory()
    services.add_customer_code(tenant, "TE1234", by=staff)
    with pytest.raises(Invalid, match="same number"):
        services.add_customer_code(tenant, "CF1234", by=staff)
    # The database holds the rule too, so a race cannot break it.
    with pytest.raises(IntegrityError), transaction.atomic():
        CustomerCode.objects.create(tenant=tenant, code="DF1234")
    assert services.add_customer_code(tenant, "CF5678", by=staff).kind == EnvironmentKind.PRODUCTION


def test_another_tenant_may_use_the_same_number_for_another_kind(staff):
    services.add_customer_code(TenantFactory(), "TE1234", by=staff)
    assert services.add_customer_code(TenantFactory(), "CF1234", by=staff).code == "CF1234"


def test_adding_an_existing_code_again_changes_nothing(staff):
    tenant = TenantFactory()
    first = services.add_customer_code(tenant, "TE4321", by=staff)
    again = services.add_customer_code(tenant, " te4321", by=staff)
    assert first.pk == again.pk
    assert CustomerCode.objects.for_tenant(tenant).count() == 1


def test_unknown_code_finds_no_tenant(db):
    assert services.tenant_for_customer_code("CF9999") is None
