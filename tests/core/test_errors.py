"""The one application error: its field errors, and one error for every field that failed."""

import pytest

from epdee.core.errors import (
    NON_FIELD,
    ApplicationError,
    Conflict,
    Invalid,
    Locked,
    NotFound,
    PermissionDenied,
    RateLimited,
    ServiceUnavailable,
)


def test_a_message_that_names_no_field_is_filed_under_non_field():
    assert Invalid("Give a date.").field_errors == {NON_FIELD: ["Give a date."]}


def test_a_message_about_one_field_is_filed_under_that_field():
    error = Invalid("Give a date.", field="birth_date", code="missing")
    assert error.field_errors == {"birth_date": ["Give a date."]}
    assert (error.field, error.code, error.message) == ("birth_date", "missing", "Give a date.")


def test_collect_keeps_every_fields_messages_and_says_them_all():
    error = Invalid.collect({"bsn": ["Not 11-proof."], "birth_date": ["In the future.", "Too old."]}, code="patient")
    assert error.field_errors == {"bsn": ["Not 11-proof."], "birth_date": ["In the future.", "Too old."]}
    assert error.message == "Not 11-proof.; In the future.; Too old."
    assert error.code == "patient" and error.status_code == 400
    assert isinstance(error, Invalid)


def test_collected_messages_are_plain_strings():
    from django.utils.translation import gettext_lazy

    error = Invalid.collect({"name": [gettext_lazy("Give a name.")]})
    assert error.field_errors == {"name": ["Give a name."]}
    assert type(error.field_errors["name"][0]) is str


@pytest.mark.parametrize(
    ("error", "status", "code"),
    [
        (Invalid("x"), 400, "invalid"),
        (NotFound(), 404, "not_found"),
        (PermissionDenied("x"), 403, "permission_denied"),
        (Conflict("x"), 409, "conflict"),
        (Locked("x"), 409, "locked"),
        (RateLimited("x", retry_after=5), 429, "rate_limited"),
        (ServiceUnavailable("x"), 503, "unavailable"),
    ],
)
def test_each_kind_answers_its_status_and_default_code(error, status, code):
    assert isinstance(error, ApplicationError)
    assert (error.status_code, error.code) == (status, code)


def test_a_locked_object_is_a_conflict():
    assert isinstance(Locked("Sent invoices cannot change."), Conflict)


def test_not_found_confirms_nothing_by_default():
    assert NotFound().message == "Not found."


def test_retry_after_is_at_least_a_second():
    assert RateLimited("Slow down.", retry_after=0).retry_after == 1
    assert RateLimited("Slow down.", retry_after=12.7).retry_after == 12
