"""The one DRF exception handler: a service's refusal in DRF's error format, with the API's field names."""

import pytest
from rest_framework import serializers
from rest_framework.exceptions import Throttled
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny
from rest_framework.test import APIRequestFactory

from epdee.core.errors import Conflict, Invalid, Locked, NotFound, PermissionDenied, RateLimited


class Refusing(GenericAPIView):
    """Answers every POST by raising `error`, as a view whose service refused."""

    authentication_classes = []
    permission_classes = [AllowAny]
    error = None

    def post(self, request):
        raise self.error


class CamelCase(Refusing):
    camel_case_fields = True


class Renamed(CamelCase):
    api_field_names = {"practitioner_id": "behandelaar"}


class PatientSerializer(serializers.Serializer):
    date_of_birth = serializers.DateField(source="birth_date")
    name = serializers.CharField()


class WithSerializer(Refusing):
    serializer_class = PatientSerializer


def answer(view_class, error):
    view = view_class.as_view(error=error)
    return view(APIRequestFactory().post("/", {}, format="json"))


def test_field_errors_use_camel_case_names_on_a_camel_case_api():
    response = answer(CamelCase, Invalid("Give a date in the past.", field="birth_date"))
    assert response.status_code == 400
    assert response.data == {"birthDate": ["Give a date in the past."]}


def test_field_errors_keep_the_service_name_on_a_snake_case_api():
    assert answer(Refusing, Invalid("x", field="birth_date")).data == {"birth_date": ["x"]}


def test_the_views_own_names_come_first():
    response = answer(Renamed, Invalid.collect({"practitioner_id": ["Busy."], "starts_at": ["Too late."]}))
    assert response.data == {"behandelaar": ["Busy."], "startsAt": ["Too late."]}


def test_the_serializers_source_gives_the_json_name():
    response = answer(WithSerializer, Invalid("Give a date in the past.", field="birth_date"))
    assert response.data == {"date_of_birth": ["Give a date in the past."]}


def test_messages_about_no_field_go_under_non_field_errors():
    response = answer(CamelCase, Invalid.collect({"__all__": ["Nothing to bill."], "invoice_date": ["Missing."]}))
    assert response.data == {"non_field_errors": ["Nothing to bill."], "invoiceDate": ["Missing."]}


def test_invalid_input_that_names_no_field_answers_detail_and_code():
    response = answer(CamelCase, Invalid("Nothing to bill.", code="empty"))
    assert (response.status_code, response.data) == (400, {"detail": "Nothing to bill.", "code": "empty"})


def test_not_found_answers_404_with_detail_and_code():
    response = answer(CamelCase, NotFound())
    assert response.status_code == 404
    assert response.data == {"detail": "Not found.", "code": "not_found"}


@pytest.mark.parametrize(
    ("error", "status", "body"),
    [
        (
            PermissionDenied("Your role is read-only."),
            403,
            {"detail": "Your role is read-only.", "code": "permission_denied"},
        ),
        (
            Conflict("The slot was just taken.", field="starts_at", code="slot_taken"),
            409,
            {"detail": "The slot was just taken.", "code": "slot_taken", "field": "startsAt"},
        ),
        (
            Locked("A sent invoice cannot change.", details=[{"status": "sent"}]),
            409,
            {"detail": "A sent invoice cannot change.", "code": "locked", "details": [{"status": "sent"}]},
        ),
    ],
)
def test_other_refusals_answer_detail_and_code(error, status, body):
    response = answer(CamelCase, error)
    assert (response.status_code, response.data) == (status, body)


def test_a_rate_limit_answers_429_with_retry_after():
    response = answer(CamelCase, RateLimited("Too many attempts.", retry_after=42))
    assert response.status_code == 429
    assert response["Retry-After"] == "42"
    assert response.data == {"detail": "Too many attempts.", "code": "rate_limited"}


def test_drfs_own_throttle_answer_gets_the_same_code():
    response = answer(CamelCase, Throttled(wait=7))
    assert response.status_code == 429 and response["Retry-After"] == "7"
    assert response.data["code"] == "rate_limited"
