"""JSON of patients, their general practitioner, insurances and dossier (seed 004: camelCase names).

Serializers check types and lengths only; the rules (11-proof, uniqueness, dates) are the service's, whose
errors `api_errors` renames to these fields.
"""

from rest_framework import serializers
from rest_framework.settings import api_settings

from ..models import DossierEntry, HealthcareProvider, Patient, PatientInsurance
from ..services.patients import NON_FIELD

# Birth dates in ISO (1980-03-01) or the Dutch order (01-03-1980).
DATE_INPUT_FORMATS = ["iso-8601", "%d-%m-%Y"]


class HealthcareProviderSerializer(serializers.ModelSerializer):
    agbCode = serializers.CharField(source="agb_code", read_only=True)  # noqa: N815
    # Often unknown: an empty string then, which an "email" format in the schema would call invalid.
    email = serializers.CharField(read_only=True, help_text="E-mail address, or empty when unknown")

    class Meta:
        model = HealthcareProvider
        fields = ["id", "agbCode", "name", "kind", "city", "phone", "email"]
        read_only_fields = fields


class PatientSerializer(serializers.ModelSerializer):
    """A patient as listed, created and changed."""

    identificationNumber = serializers.CharField(  # noqa: N815
        source="identification_number",
        max_length=20,
        required=False,
        allow_blank=True,
        help_text="The practice's own number; leave out to get the next one (e.g. P000123).",
    )
    bsn = serializers.CharField(
        max_length=20, required=False, allow_blank=True, help_text="Burgerservicenummer, 9 digits, 11-proof."
    )
    initials = serializers.CharField(max_length=20, required=False, allow_blank=True)
    firstName = serializers.CharField(source="first_name", max_length=100, required=False, allow_blank=True)  # noqa: N815
    prefix = serializers.CharField(
        max_length=20, required=False, allow_blank=True, help_text="Tussenvoegsel, e.g. van der."
    )
    familyName = serializers.CharField(source="family_name", max_length=150)  # noqa: N815
    displayName = serializers.CharField(source="display_name", read_only=True)  # noqa: N815
    birthDate = serializers.DateField(  # noqa: N815
        source="birth_date", required=False, allow_null=True, input_formats=DATE_INPUT_FORMATS
    )
    sex = serializers.ChoiceField(choices=Patient.Sex.choices, required=False)
    street = serializers.CharField(max_length=200, required=False, allow_blank=True)
    houseNumber = serializers.CharField(source="house_number", max_length=10, required=False, allow_blank=True)  # noqa: N815
    houseNumberAddition = serializers.CharField(  # noqa: N815
        source="house_number_addition", max_length=10, required=False, allow_blank=True
    )
    postalCode = serializers.CharField(  # noqa: N815
        source="postal_code", max_length=20, required=False, allow_blank=True, help_text="Dutch: 3511 AB."
    )
    city = serializers.CharField(max_length=100, required=False, allow_blank=True)
    country = serializers.CharField(max_length=2, required=False, allow_blank=True, help_text="ISO 3166, e.g. NL.")
    email = serializers.EmailField(max_length=254, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    generalPractitioner = HealthcareProviderSerializer(source="general_practitioner", read_only=True, allow_null=True)  # noqa: N815
    createdAt = serializers.DateTimeField(source="created_at", read_only=True)  # noqa: N815
    updatedAt = serializers.DateTimeField(source="updated_at", read_only=True)  # noqa: N815

    class Meta:
        model = Patient
        fields = [
            "id",
            "identificationNumber",
            "bsn",
            "initials",
            "firstName",
            "prefix",
            "familyName",
            "displayName",
            "birthDate",
            "sex",
            "street",
            "houseNumber",
            "houseNumberAddition",
            "postalCode",
            "city",
            "country",
            "email",
            "phone",
            "generalPractitioner",
            "createdAt",
            "updatedAt",
        ]


class PatientInsuranceSerializer(serializers.ModelSerializer):
    insurerName = serializers.CharField(source="insurer_name")  # noqa: N815
    policyNumber = serializers.CharField(source="policy_number")  # noqa: N815
    startsOn = serializers.DateField(source="starts_on", allow_null=True)  # noqa: N815
    endsOn = serializers.DateField(source="ends_on", allow_null=True)  # noqa: N815
    checkedAt = serializers.DateTimeField(source="checked_at", allow_null=True)  # noqa: N815

    class Meta:
        model = PatientInsurance
        fields = ["id", "uzovi", "insurerName", "policyNumber", "kind", "startsOn", "endsOn", "result", "checkedAt"]
        read_only_fields = fields


class DossierEntrySerializer(serializers.ModelSerializer):
    """A dated report or note; without practitionerId the author's own practitioner record is used."""

    kind = serializers.ChoiceField(choices=DossierEntry.Kind.choices, default=DossierEntry.Kind.REPORT)
    title = serializers.CharField(max_length=200)
    text = serializers.CharField(max_length=100_000)
    occurredAt = serializers.DateTimeField(  # noqa: N815
        source="occurred_at", required=False, help_text="When it happened; default now. Not in the future."
    )
    practitionerId = serializers.IntegerField(  # noqa: N815
        source="practitioner_id", required=False, allow_null=True, min_value=1, max_value=2**63 - 1
    )
    practitionerName = serializers.CharField(  # noqa: N815
        source="practitioner.name", read_only=True, default=None, allow_null=True
    )
    createdAt = serializers.DateTimeField(source="created_at", read_only=True)  # noqa: N815

    class Meta:
        model = DossierEntry
        fields = ["id", "kind", "title", "text", "occurredAt", "practitionerId", "practitionerName", "createdAt"]


class PatientDetailSerializer(PatientSerializer):
    """A patient with his insurances and whole dossier (seed 004: "incl. dossier + verzekeringen")."""

    insurances = PatientInsuranceSerializer(many=True, read_only=True)
    dossierEntries = DossierEntrySerializer(source="dossier_entries", many=True, read_only=True)  # noqa: N815

    class Meta(PatientSerializer.Meta):
        fields = [*PatientSerializer.Meta.fields, "insurances", "dossierEntries"]


class GeneralPractitionerLinkSerializer(serializers.Serializer):
    """Link a GP by AGB code; other details are optional (unknown codes get their name from the AGB lookup)."""

    agbCode = serializers.CharField(max_length=20, help_text="The AGB code (Vektis): 8 digits.")  # noqa: N815
    name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    city = serializers.CharField(max_length=100, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    email = serializers.EmailField(max_length=254, required=False, allow_blank=True)


def api_errors(serializer_class, errors: dict[str, list[str]]) -> dict[str, list[str]]:
    """A service's errors (model field names) under the serializer's JSON names, in DRF's error format."""
    names = {field.source: name for name, field in serializer_class().fields.items()}
    names.update(
        {"practitioner": "practitionerId", "agb_code": "agbCode", NON_FIELD: api_settings.NON_FIELD_ERRORS_KEY}
    )
    return {names.get(field, field): messages for field, messages in errors.items()}
