"""camelCase JSON for serializers written in snake_case: the JSON, validation and the OpenAPI schema agree."""

from datetime import date
from types import SimpleNamespace

from django.urls import path
from drf_spectacular.generators import SchemaGenerator
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from epdee.core.api.fields import CamelCaseFields, to_camel
from epdee.core.models import Tenant


class PersonSerializer(CamelCaseFields, serializers.Serializer):
    birth_date = serializers.DateField()
    full_name = serializers.CharField(source="name")
    city = serializers.CharField(required=False)

    def validate_birth_date(self, value):
        if value > date.today():
            raise serializers.ValidationError("Give a date in the past.")
        return value


class TenantSerializer(CamelCaseFields, serializers.ModelSerializer):
    class Meta:
        model = Tenant
        fields = ["name", "is_sandbox", "time_zone"]


def test_snake_case_names_become_camel_case():
    assert [to_camel(name) for name in ("birth_date", "city", "patient_id_2")] == ["birthDate", "city", "patientId2"]


def test_the_json_says_camel_case_and_the_source_is_kept():
    person = SimpleNamespace(birth_date=date(1980, 5, 17), name="Anna de Vries", city="Utrecht")
    assert PersonSerializer(person).data == {"birthDate": "1980-05-17", "fullName": "Anna de Vries", "city": "Utrecht"}
    assert PersonSerializer().fields["fullName"].source == "name"
    assert PersonSerializer().fields["birthDate"].source == "birth_date"


def test_input_in_camel_case_lands_under_the_python_names():
    serializer = PersonSerializer(data={"birthDate": "1980-05-17", "fullName": "Anna de Vries"})
    assert serializer.is_valid(), serializer.errors
    assert serializer.validated_data == {"birth_date": date(1980, 5, 17), "name": "Anna de Vries"}


def test_validate_methods_keep_their_snake_case_names_and_errors_say_the_json_name():
    serializer = PersonSerializer(data={"birthDate": "2999-01-01", "fullName": "Anna"})
    assert not serializer.is_valid()
    assert serializer.errors == {"birthDate": ["Give a date in the past."]}
    missing = PersonSerializer(data={})
    assert not missing.is_valid() and set(missing.errors) == {"birthDate", "fullName"}


def test_a_model_serializer_declares_its_fields_in_snake_case():
    data = TenantSerializer(Tenant(name="Kliniek", is_sandbox=False, time_zone="Europe/Amsterdam")).data
    assert data == {"name": "Kliniek", "isSandbox": False, "timeZone": "Europe/Amsterdam"}


def test_an_unknown_validate_method_is_still_an_attribute_error():
    serializer = PersonSerializer()
    assert not hasattr(serializer, "validate_cityName")
    assert not hasattr(serializer, "nonsense")


class PersonView(GenericAPIView):
    serializer_class = PersonSerializer
    authentication_classes = []
    permission_classes = []

    def post(self, request):
        return Response()


def test_the_openapi_schema_shows_the_camel_case_names():
    schema = SchemaGenerator(patterns=[path("api/people", PersonView.as_view())]).get_schema(request=None, public=True)
    component = schema["components"]["schemas"]["Person"]
    assert set(component["properties"]) == {"birthDate", "fullName", "city"}
    assert set(component["required"]) == {"birthDate", "fullName"}
