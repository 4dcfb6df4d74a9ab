"""JSON of care activities (verrichtingen) and invoices (facturen), with seed 004's camelCase field names."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from epdee.core.api.fields import CamelCaseFields

from ...models import CareActivity, Invoice, InvoiceLine
from ...services import billing
from ..filters.billing import MAX_ID


def id_field(**kwargs):
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


def code_field():
    return serializers.CharField(
        max_length=20, required=False, allow_blank=True, default="", validators=[billing.code_validator]
    )


class CareActivitySerializer(CamelCaseFields, serializers.ModelSerializer):
    """A care activity (verrichting); `invoiceId` is set while it is on an invoice."""

    patient_id = serializers.IntegerField(read_only=True)
    appointment_id = serializers.IntegerField(read_only=True, allow_null=True)
    prestatie_code = serializers.CharField(read_only=True)
    zorgactiviteit_code = serializers.CharField(read_only=True)
    unit_price_cents = serializers.IntegerField(read_only=True)
    total_cents = serializers.IntegerField(read_only=True)
    performed_at = serializers.DateTimeField(read_only=True)
    invoice_id = serializers.IntegerField(read_only=True, allow_null=True)
    created_at = serializers.DateTimeField(read_only=True)

    class Meta:
        model = CareActivity
        fields = [
            "id",
            "patient_id",
            "appointment_id",
            "description",
            "prestatie_code",
            "zorgactiviteit_code",
            "unit_price_cents",
            "quantity",
            "total_cents",
            "performed_at",
            "notes",
            "invoice_id",
            "created_at",
        ]
        read_only_fields = fields


class CareActivityCreateSerializer(CamelCaseFields, serializers.Serializer):
    """Body of POST /api/verrichtingen; ids must be the tenant's, the appointment the patient's."""

    patient_id = id_field()
    appointment_id = id_field(required=False, allow_null=True, default=None)
    description = serializers.CharField(max_length=billing.MAX_DESCRIPTION_LENGTH)
    prestatie_code = code_field()
    zorgactiviteit_code = code_field()
    unit_price_cents = serializers.IntegerField(
        min_value=0, max_value=billing.MAX_UNIT_PRICE_CENTS, required=False, default=0
    )
    quantity = serializers.IntegerField(min_value=1, max_value=billing.MAX_QUANTITY, required=False, default=1)
    performed_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    notes = serializers.CharField(
        max_length=billing.MAX_NOTES_LENGTH, required=False, allow_blank=True, default="", trim_whitespace=False
    )


class InvoiceLineSerializer(CamelCaseFields, serializers.ModelSerializer):
    """A line of an invoice: a copy of its care activity, negated on a credit invoice."""

    care_activity_id = serializers.IntegerField(read_only=True, allow_null=True)
    prestatie_code = serializers.CharField(read_only=True)
    unit_price_cents = serializers.IntegerField(read_only=True)
    total_cents = serializers.IntegerField(read_only=True)

    class Meta:
        model = InvoiceLine
        fields = [
            "id",
            "position",
            "care_activity_id",
            "description",
            "prestatie_code",
            "quantity",
            "unit_price_cents",
            "total_cents",
        ]
        read_only_fields = fields


class InvoiceSerializer(CamelCaseFields, serializers.ModelSerializer):
    """An invoice (factuur) with its lines; amounts in cents."""

    patient_id = serializers.IntegerField(read_only=True)
    issued_on = serializers.DateField(read_only=True, allow_null=True)
    due_on = serializers.DateField(read_only=True, allow_null=True)
    total_cents = serializers.SerializerMethodField(method_name="get_total")
    credit_of_id = serializers.IntegerField(read_only=True, allow_null=True)
    lines = InvoiceLineSerializer(many=True, read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)

    class Meta:
        model = Invoice
        fields = [
            "id",
            "number",
            "patient_id",
            "status",
            "issued_on",
            "due_on",
            "total_cents",
            "credit_of_id",
            "lines",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.INT)
    def get_total(self, invoice) -> int:
        """Cents; negative on a credit invoice."""
        return invoice.total_cents


class InvoiceCreateSerializer(CamelCaseFields, serializers.Serializer):
    """Body of POST /api/facturen: the patient's not yet invoiced care activities that become its lines."""

    patient_id = id_field()
    care_activity_ids = serializers.ListField(child=id_field(), min_length=1, max_length=billing.MAX_LINES_PER_INVOICE)
