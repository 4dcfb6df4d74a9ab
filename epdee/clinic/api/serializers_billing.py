"""JSON of care activities (verrichtingen) and invoices (facturen), with seed 004's camelCase field names."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import Appointment, CareActivity, Invoice, InvoiceLine, Patient
from ..services import billing

MAX_ID = 2**63 - 1  # larger ids cannot exist and would overflow the database's bigint


def id_field(**kwargs):
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


def code_field():
    return serializers.CharField(
        max_length=20, required=False, allow_blank=True, default="", validators=[billing.code_validator]
    )


class CareActivitySerializer(serializers.ModelSerializer):
    patientId = serializers.IntegerField(source="patient_id", read_only=True)  # noqa: N815
    appointmentId = serializers.IntegerField(source="appointment_id", read_only=True, allow_null=True)  # noqa: N815
    prestatieCode = serializers.CharField(source="prestatie_code", read_only=True)  # noqa: N815
    zorgactiviteitCode = serializers.CharField(source="zorgactiviteit_code", read_only=True)  # noqa: N815
    unitPriceCents = serializers.IntegerField(source="unit_price_cents", read_only=True)  # noqa: N815
    totalCents = serializers.IntegerField(source="total_cents", read_only=True)  # noqa: N815
    performedAt = serializers.DateTimeField(source="performed_at", read_only=True)  # noqa: N815
    invoiceId = serializers.IntegerField(source="invoice_id", read_only=True, allow_null=True)  # noqa: N815
    createdAt = serializers.DateTimeField(source="created_at", read_only=True)  # noqa: N815

    class Meta:
        model = CareActivity
        fields = [
            "id",
            "patientId",
            "appointmentId",
            "description",
            "prestatieCode",
            "zorgactiviteitCode",
            "unitPriceCents",
            "quantity",
            "totalCents",
            "performedAt",
            "notes",
            "invoiceId",
            "createdAt",
        ]
        read_only_fields = fields


class CareActivityCreateSerializer(serializers.Serializer):
    """Body of POST /api/verrichtingen; ids must be the tenant's, the appointment the patient's."""

    patientId = id_field()  # noqa: N815
    appointmentId = id_field(required=False, allow_null=True, default=None)  # noqa: N815
    description = serializers.CharField(max_length=billing.MAX_DESCRIPTION_LENGTH)
    prestatieCode = code_field()  # noqa: N815
    zorgactiviteitCode = code_field()  # noqa: N815
    unitPriceCents = serializers.IntegerField(  # noqa: N815
        min_value=0, max_value=billing.MAX_UNIT_PRICE_CENTS, required=False, default=0
    )
    quantity = serializers.IntegerField(min_value=1, max_value=billing.MAX_QUANTITY, required=False, default=1)
    performedAt = serializers.DateTimeField(required=False, allow_null=True, default=None)  # noqa: N815
    notes = serializers.CharField(
        max_length=billing.MAX_NOTES_LENGTH, required=False, allow_blank=True, default="", trim_whitespace=False
    )

    def _tenant(self):
        return self.context["request"].tenant

    def validate_patientId(self, value):  # noqa: N802
        patient = Patient.objects.for_tenant(self._tenant()).filter(pk=value).first()
        if patient is None:
            raise serializers.ValidationError("No such patient.")
        return patient

    def validate_appointmentId(self, value):  # noqa: N802
        if value is None:
            return None
        appointment = Appointment.objects.for_tenant(self._tenant()).filter(pk=value).first()
        if appointment is None:
            raise serializers.ValidationError("No such appointment.")
        return appointment


class CareActivityFilterSerializer(serializers.Serializer):
    """Query parameters of GET /api/verrichtingen."""

    patientId = id_field(required=False)  # noqa: N815
    appointmentId = id_field(required=False)  # noqa: N815
    invoiced = serializers.BooleanField(required=False, allow_null=True, default=None)


class InvoiceLineSerializer(serializers.ModelSerializer):
    careActivityId = serializers.IntegerField(source="care_activity_id", read_only=True, allow_null=True)  # noqa: N815
    prestatieCode = serializers.CharField(source="prestatie_code", read_only=True)  # noqa: N815
    unitPriceCents = serializers.IntegerField(source="unit_price_cents", read_only=True)  # noqa: N815
    totalCents = serializers.IntegerField(source="total_cents", read_only=True)  # noqa: N815

    class Meta:
        model = InvoiceLine
        fields = [
            "id",
            "position",
            "careActivityId",
            "description",
            "prestatieCode",
            "quantity",
            "unitPriceCents",
            "totalCents",
        ]
        read_only_fields = fields


class InvoiceSerializer(serializers.ModelSerializer):
    patientId = serializers.IntegerField(source="patient_id", read_only=True)  # noqa: N815
    issuedOn = serializers.DateField(source="issued_on", read_only=True, allow_null=True)  # noqa: N815
    dueOn = serializers.DateField(source="due_on", read_only=True, allow_null=True)  # noqa: N815
    totalCents = serializers.SerializerMethodField(method_name="get_total")  # noqa: N815
    creditOfId = serializers.IntegerField(source="credit_of_id", read_only=True, allow_null=True)  # noqa: N815
    lines = InvoiceLineSerializer(many=True, read_only=True)
    createdAt = serializers.DateTimeField(source="created_at", read_only=True)  # noqa: N815
    updatedAt = serializers.DateTimeField(source="updated_at", read_only=True)  # noqa: N815

    class Meta:
        model = Invoice
        fields = [
            "id",
            "number",
            "patientId",
            "status",
            "issuedOn",
            "dueOn",
            "totalCents",
            "creditOfId",
            "lines",
            "createdAt",
            "updatedAt",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.INT)
    def get_total(self, invoice) -> int:
        """Cents; negative on a credit invoice."""
        return invoice.total_cents


class InvoiceCreateSerializer(serializers.Serializer):
    """Body of POST /api/facturen: the patient's not yet invoiced care activities that become its lines."""

    patientId = id_field()  # noqa: N815
    careActivityIds = serializers.ListField(  # noqa: N815
        child=id_field(), min_length=1, max_length=billing.MAX_LINES_PER_INVOICE
    )

    def validate_patientId(self, value):  # noqa: N802
        patient = Patient.objects.for_tenant(self.context["request"].tenant).filter(pk=value).first()
        if patient is None:
            raise serializers.ValidationError("No such patient.")
        return patient


class InvoiceFilterSerializer(serializers.Serializer):
    """Query parameters of GET /api/facturen."""

    patientId = id_field(required=False)  # noqa: N815
    status = serializers.ChoiceField(choices=Invoice.Status.choices, required=False)
