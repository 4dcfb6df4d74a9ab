"""JSON of patients, their general practitioner, insurances and dossier (seed 004: camelCase names).

Serializers check types and lengths only; the rules (11-proof, uniqueness, dates) are the service's, whose
refusals the API's exception handler names by these fields' JSON names.
"""

from rest_framework import serializers

from epdee.core.api.fields import CamelCaseFields

from ...models import DossierEntry, HealthcareProvider, Patient, PatientInsurance

# Birth dates in ISO (1980-03-01) or the Dutch order (01-03-1980).
DATE_INPUT_FORMATS = ["iso-8601", "%d-%m-%Y"]


class HealthcareProviderSerializer(CamelCaseFields, serializers.ModelSerializer):
    agb_code = serializers.CharField(read_only=True)
    # Often unknown: an empty string then, which an "email" format in the schema would call invalid.
    email = serializers.CharField(read_only=True, help_text="E-mail address, or empty when unknown")

    class Meta:
        model = HealthcareProvider
        fields = ["id", "agb_code", "name", "kind", "city", "phone", "email"]
        read_only_fields = fields


class PatientSerializer(CamelCaseFields, serializers.ModelSerializer):
    """A patient as listed, created and changed."""

    identification_number = serializers.CharField(
        max_length=20,
        required=False,
        allow_blank=True,
        help_text="The practice's own number; leave out to get the next one (e.g. P000123).",
    )
    bsn = serializers.CharField(
        max_length=20, required=False, allow_blank=True, help_text="Burgerservicenummer, 9 digits, 11-proof."
    )
    initials = serializers.CharField(max_length=20, required=False, allow_blank=True)
    first_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    prefix = serializers.CharField(
        max_length=20, required=False, allow_blank=True, help_text="Tussenvoegsel, e.g. van der."
    )
    family_name = serializers.CharField(max_length=150)
    display_name = serializers.CharField(read_only=True)
    birth_date = serializers.DateField(required=False, allow_null=True, input_formats=DATE_INPUT_FORMATS)
    sex = serializers.ChoiceField(choices=Patient.Sex.choices, required=False)
    street = serializers.CharField(max_length=200, required=False, allow_blank=True)
    house_number = serializers.CharField(max_length=10, required=False, allow_blank=True)
    house_number_addition = serializers.CharField(max_length=10, required=False, allow_blank=True)
    postal_code = serializers.CharField(max_length=20, required=False, allow_blank=True, help_text="Dutch: 3511 AB.")
    city = serializers.CharField(max_length=100, required=False, allow_blank=True)
    country = serializers.CharField(max_length=2, required=False, allow_blank=True, help_text="ISO 3166, e.g. NL.")
    email = serializers.EmailField(max_length=254, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    general_practitioner = HealthcareProviderSerializer(read_only=True, allow_null=True)
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)

    class Meta:
        model = Patient
        fields = [
            "id",
            "identification_number",
            "bsn",
            "initials",
            "first_name",
            "prefix",
            "family_name",
            "display_name",
            "birth_date",
            "sex",
            "street",
            "house_number",
            "house_number_addition",
            "postal_code",
            "city",
            "country",
            "email",
            "phone",
            "general_practitioner",
            "created_at",
            "updated_at",
        ]


class PatientInsuranceSerializer(CamelCaseFields, serializers.ModelSerializer):
    insurer_name = serializers.CharField()
    policy_number = serializers.CharField()
    starts_on = serializers.DateField(allow_null=True)
    ends_on = serializers.DateField(allow_null=True)
    checked_at = serializers.DateTimeField(allow_null=True)

    class Meta:
        model = PatientInsurance
        fields = [
            "id",
            "uzovi",
            "insurer_name",
            "policy_number",
            "kind",
            "starts_on",
            "ends_on",
            "result",
            "checked_at",
        ]
        read_only_fields = fields


class DossierEntrySerializer(CamelCaseFields, serializers.ModelSerializer):
    """A dated report or note; without practitionerId the author's own practitioner record is used."""

    kind = serializers.ChoiceField(choices=DossierEntry.Kind.choices, default=DossierEntry.Kind.REPORT)
    title = serializers.CharField(max_length=200)
    text = serializers.CharField(max_length=100_000)
    occurred_at = serializers.DateTimeField(
        required=False, help_text="When it happened; default now. Not in the future."
    )
    practitioner_id = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=2**63 - 1)
    practitioner_name = serializers.CharField(source="practitioner.name", read_only=True, default=None, allow_null=True)
    created_at = serializers.DateTimeField(read_only=True)

    class Meta:
        model = DossierEntry
        fields = ["id", "kind", "title", "text", "occurred_at", "practitioner_id", "practitioner_name", "created_at"]


class PatientDetailSerializer(PatientSerializer):
    """A patient with his insurances and whole dossier (seed 004: "incl. dossier + verzekeringen")."""

    insurances = PatientInsuranceSerializer(many=True, read_only=True)
    dossier_entries = DossierEntrySerializer(many=True, read_only=True)

    class Meta(PatientSerializer.Meta):
        fields = [*PatientSerializer.Meta.fields, "insurances", "dossier_entries"]


class GeneralPractitionerLinkSerializer(CamelCaseFields, serializers.Serializer):
    """Link a GP by AGB code; other details are optional (unknown codes get their name from the AGB lookup)."""

    agb_code = serializers.CharField(max_length=20, help_text="The AGB code (Vektis): 8 digits.")
    name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    city = serializers.CharField(max_length=100, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    email = serializers.EmailField(max_length=254, required=False, allow_blank=True)
