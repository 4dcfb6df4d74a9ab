"""Serializers of the public signup and portal endpoints (seed 004 field names, camelCase)."""

from rest_framework import serializers

from epdee.core.models import TenantApplication


class SignupSerializer(serializers.Serializer):
    organisationName = serializers.CharField(source="organisation_name", max_length=200)  # noqa: N815
    contactName = serializers.CharField(source="contact_name", max_length=200)  # noqa: N815
    email = serializers.EmailField(max_length=254)
    phone = serializers.RegexField(
        r"^[0-9+() -]{6,30}$",
        max_length=30,
        required=False,
        allow_blank=True,
        error_messages={"invalid": "Enter a phone number (digits, spaces, +, - and brackets)."},
    )
    kvkNumber = serializers.RegexField(  # noqa: N815
        r"^[0-9]{8}$",
        source="kvk_number",
        required=False,
        allow_blank=True,
        error_messages={"invalid": "A KvK number has 8 digits."},
    )
    message = serializers.CharField(max_length=4000, required=False, allow_blank=True)
    website = serializers.CharField(
        max_length=500,
        required=False,
        allow_blank=True,
        help_text="Leave empty. (A field people never see; software that fills it in is not a person.)",
    )

    def service_fields(self) -> dict:
        return {name: value for name, value in self.validated_data.items() if name != "website"}

    @property
    def is_bot(self) -> bool:
        return bool(self.validated_data.get("website", "").strip())


class SignupAcceptedSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=[TenantApplication.Status.PENDING.value])
    detail = serializers.CharField()


class PortalLinkRequestSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)


class PortalLinkAcceptedSerializer(serializers.Serializer):
    detail = serializers.CharField()
