"""Serializers of the public signup endpoint (seed 004 field names, camelCase)."""

from rest_framework import serializers

from epdee.core.api.fields import CamelCaseFields, HoneypotField
from epdee.core.forms import without_honeypots

from ... import services
from ...models import TenantApplication


class SignupSerializer(CamelCaseFields, serializers.Serializer):
    organisation_name = serializers.CharField(max_length=services.MAX_NAME_LENGTH)
    contact_name = serializers.CharField(max_length=services.MAX_NAME_LENGTH)
    email = serializers.EmailField(max_length=services.MAX_EMAIL_LENGTH)
    phone = serializers.RegexField(
        services.PHONE.regex,
        max_length=services.MAX_PHONE_LENGTH,
        required=False,
        allow_blank=True,
        error_messages={"invalid": services.PHONE.message},
    )
    kvk_number = serializers.RegexField(
        services.KVK_NUMBER.regex,
        required=False,
        allow_blank=True,
        error_messages={"invalid": services.KVK_NUMBER.message},
    )
    message = serializers.CharField(max_length=services.MAX_MESSAGE_LENGTH, required=False, allow_blank=True)
    website = HoneypotField(max_length=500)

    def service_fields(self) -> dict:
        return without_honeypots(self)


class SignupAcceptedSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=[TenantApplication.Status.PENDING.value])
    detail = serializers.CharField()
