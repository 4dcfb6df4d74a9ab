"""Each signup rule holds on both surfaces that take applications, the /aanmelden/ page and POST /api/signup:
the same bad input is refused the same way and stores nothing, a honeypot is thanked and stores nothing, and
the two share one allowance of 3 an hour per client address."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from epdee.platform.models import TenantApplication

GOOD = {
    "organisation_name": "Fysiotherapie Centrum",
    "contact_name": "An de Vries",
    "email": "an@fysio.test",
    "phone": "030 123 45 67",
    "kvk_number": "12345678",
    "message": "We hebben drie locaties.",
}
API_NAMES = {"organisation_name": "organisationName", "contact_name": "contactName", "kvk_number": "kvkNumber"}


def apply_through(surface: str, data: dict, *, address="198.51.100.40") -> tuple[int, set[str]]:
    """Send an application through the page or the API; returns the status and the fields it names as wrong
    (in the service's names), so both surfaces can be compared."""
    if surface == "page":
        response = Client().post("/aanmelden/", data, REMOTE_ADDR=address)
        form = response.context["form"] if response.context and "form" in response.context else None
        return response.status_code, set(form.errors) if form is not None else set()
    body = {API_NAMES.get(name, name): value for name, value in data.items()}
    response = APIClient().post("/api/signup", body, format="json", REMOTE_ADDR=address)
    api_to_service = {api: name for name, api in API_NAMES.items()}
    named = set(response.json()) if response.status_code == 400 else set()
    return response.status_code, {api_to_service.get(name, name) for name in named}


SURFACES = ["page", "api"]
BAD = [
    ({"kvk_number": "1234567"}, "kvk_number"),
    ({"kvk_number": "1234567a"}, "kvk_number"),
    ({"email": "not-an-address"}, "email"),
    ({"organisation_name": ""}, "organisation_name"),
    ({"contact_name": "   "}, "contact_name"),
    ({"phone": "call me maybe"}, "phone"),
    ({"message": "x" * 4001}, "message"),
    ({"organisation_name": "nul\x00byte"}, "organisation_name"),
    ({"organisation_name": "x" * 201}, "organisation_name"),
]


@pytest.mark.parametrize("surface", SURFACES)
@pytest.mark.parametrize(("change", "field"), BAD, ids=[f"{field}-{n}" for n, (_, field) in enumerate(BAD)])
def test_bad_input_is_refused_alike_and_stores_nothing(db, surface, change, field):
    status, named = apply_through(surface, {**GOOD, **change})
    assert (status, named) == (400, {field})
    assert not TenantApplication.objects.exists()


@pytest.mark.parametrize("surface", SURFACES)
def test_a_good_application_is_stored_alike(db, surface):
    status, named = apply_through(surface, GOOD)
    assert status in (201, 302) and not named
    stored = TenantApplication.objects.get()
    assert (stored.organisation_name, stored.kvk_number, stored.ip_address) == (
        "Fysiotherapie Centrum",
        "12345678",
        "198.51.100.40",
    )


@pytest.mark.parametrize("surface", SURFACES)
def test_a_filled_honeypot_is_thanked_and_stores_nothing(db, surface):
    status, named = apply_through(surface, {**GOOD, "website": "https://cheap-pills.example"})
    assert status in (201, 302) and not named
    assert not TenantApplication.objects.exists()


@pytest.mark.parametrize("order", [["page", "api", "page", "api"], ["api", "page", "api", "page"]])
def test_page_and_api_share_three_applications_an_hour(db, order):
    statuses = [apply_through(surface, {**GOOD, "email": f"an{n}@fysio.test"})[0] for n, surface in enumerate(order)]
    assert statuses[:3] in ([302, 201, 302], [201, 302, 201])
    assert statuses[3] == 429
    assert TenantApplication.objects.count() == 3
    assert apply_through(order[3], GOOD, address="198.51.100.41")[0] in (201, 302)  # another client's own count
