"""The one mapping from a service's or selector's refusal to the gateway's answer: a status and {"message": …}."""

import pytest

from connectors.gateway.errors import application_error
from epdee.core.errors import NON_FIELD, Conflict, Invalid, NotFound, PermissionDenied, RateLimited


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (Invalid("Give a date and time."), 400),
        (PermissionDenied("Your role in this care organisation is read-only."), 403),
        (NotFound("No such patient in this care organisation."), 404),
        (Conflict("Taken.", code="slot_taken"), 409),
    ],
)
def test_the_status_is_the_error_s_and_the_body_its_message(error, status):
    assert application_error(error) == (status, {"message": error.message}, {})


def test_several_fields_are_one_message_naming_each_in_the_connector_api_s_words():
    error = Invalid.collect(
        {
            "title": ["At most 200 characters."],
            "occurred_at": ["Give the time with its time zone."],
            "practitioner_id": ["No practitioner with this id in this organisation."],
            NON_FIELD: ["Say who answers for this entry."],
        }
    )
    status, body, _headers = application_error(error, {"occurred_at": "reportedAt"})
    assert status == 400
    assert body == {
        "message": "title: At most 200 characters. reportedAt: Give the time with its time zone. "
        "practitionerId: No practitioner with this id in this organisation. Say who answers for this entry."
    }


def test_the_details_follow_the_message():
    details = [{"location": "csr", "message": "SHA-1"}]
    assert application_error(Invalid("The CSR is weak.", details=details))[1] == {
        "message": "The CSR is weak.",
        "details": details,
    }


def test_a_rate_limit_says_when_to_try_again():
    status, body, headers = application_error(RateLimited("Too many calls.", retry_after=30))
    assert (status, body, headers) == (429, {"message": "Too many calls."}, {"Retry-After": "30"})
