"""The billing API of seed 004: /api/verrichtingen (care activities) and /api/facturen (invoices).

Every read or change of these rows is patient data and is audited (NEN 7513), list reads with the ids shown.
"""

from django.db.models import Prefetch
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, renderers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from epdee.core.api.authentication import TokenScopeAllows
from epdee.core.services import TenantError

from ..models import CareActivity, Invoice, InvoiceLine
from ..services import billing
from .base import IsTenantMember, PdfRenderer, TenantScopedMixin, audit_patient_access
from .serializers_billing import (
    CareActivityCreateSerializer,
    CareActivityFilterSerializer,
    CareActivitySerializer,
    InvoiceCreateSerializer,
    InvoiceFilterSerializer,
    InvoiceSerializer,
)

# The services name their inputs as the models do; the API answers with seed 004's names.
API_FIELD_NAMES = {
    "patient": "patientId",
    "appointment": "appointmentId",
    "prestatie_code": "prestatieCode",
    "zorgactiviteit_code": "zorgactiviteitCode",
    "unit_price_cents": "unitPriceCents",
    "performed_at": "performedAt",
    "care_activities": "careActivityIds",
}


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The invoice's state does not allow this."
    default_code = "conflict"


STATE_CONFLICT = {
    409: OpenApiResponse(description="The billing state does not allow it (e.g. the activity is on a sent invoice).")
}


class BillingAPIMixin(TenantScopedMixin):
    """Tenant-scoped, token scopes respected; billing rule violations become 400 (bad input) or 409 (state)."""

    permission_classes = [IsAuthenticated, TokenScopeAllows, IsTenantMember]

    def handle_exception(self, exc):
        if isinstance(exc, billing.BillingError):
            if exc.field:
                exc = exceptions.ValidationError({API_FIELD_NAMES.get(exc.field, exc.field): [exc.message]})
            else:
                exc = Conflict(exc.message)
        elif isinstance(exc, TenantError):
            exc = exceptions.PermissionDenied(str(exc))
        return super().handle_exception(exc)

    def query_params(self, serializer_class) -> dict:
        serializer = serializer_class(data=self.request.query_params)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def audited_page(self, queryset, serializer_class, action: str):
        """One page of rows, serialized, with an audit event naming the patients shown."""
        page = self.paginate_queryset(queryset)
        audit_patient_access(self.request, action, {row.patient_id for row in page}, details={"count": len(page)})
        return self.get_paginated_response(serializer_class(page, many=True).data)


ACTIVITY_FILTERS = [
    OpenApiParameter("patientId", OpenApiTypes.INT, description="Only this patient's care activities"),
    OpenApiParameter("appointmentId", OpenApiTypes.INT, description="Only those of this appointment"),
    OpenApiParameter("invoiced", OpenApiTypes.BOOL, description="true: on an invoice; false: still to invoice"),
]


class CareActivityList(BillingAPIMixin, generics.ListCreateAPIView):
    """Care activities (verrichtingen) of a patient or an appointment; POST registers one."""

    model = CareActivity
    serializer_class = CareActivitySerializer

    def get_queryset(self):
        return super().get_queryset().order_by("-performed_at", "-pk")

    @extend_schema(parameters=ACTIVITY_FILTERS)
    def get(self, request, *args, **kwargs):
        filters = self.query_params(CareActivityFilterSerializer)
        activities = self.get_queryset()
        if "patientId" in filters:
            activities = activities.filter(patient_id=filters["patientId"])
        if "appointmentId" in filters:
            activities = activities.filter(appointment_id=filters["appointmentId"])
        if filters.get("invoiced") is not None:
            activities = activities.filter(invoice__isnull=not filters["invoiced"])
        return self.audited_page(activities, CareActivitySerializer, "care_activity.list")

    @extend_schema(request=CareActivityCreateSerializer, responses={201: CareActivitySerializer, **STATE_CONFLICT})
    def post(self, request, *args, **kwargs):
        serializer = CareActivityCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        activity = billing.create_care_activity(
            request.tenant,
            by=request.user,
            patient=data["patientId"],
            appointment=data["appointmentId"],
            description=data["description"],
            prestatie_code=data["prestatieCode"],
            zorgactiviteit_code=data["zorgactiviteitCode"],
            unit_price_cents=data["unitPriceCents"],
            quantity=data["quantity"],
            performed_at=data["performedAt"],
            notes=data["notes"],
        )
        return Response(CareActivitySerializer(activity).data, status=status.HTTP_201_CREATED)


class CareActivityDetail(BillingAPIMixin, generics.RetrieveDestroyAPIView):
    """One care activity; DELETE removes it unless it is on a sent invoice (409)."""

    model = CareActivity
    serializer_class = CareActivitySerializer

    def retrieve(self, request, *args, **kwargs):
        activity = self.get_object()
        audit_patient_access(request, "care_activity.read", [activity.patient_id], obj=activity)
        return Response(CareActivitySerializer(activity).data)

    @extend_schema(responses={204: None, **STATE_CONFLICT})
    def delete(self, request, *args, **kwargs):
        return super().delete(request, *args, **kwargs)

    def perform_destroy(self, instance):
        billing.delete_care_activity(instance, by=self.request.user)


def invoices_with_lines(queryset):
    return queryset.prefetch_related(Prefetch("lines", InvoiceLine.objects.order_by("position", "pk")))


class InvoiceList(BillingAPIMixin, generics.ListCreateAPIView):
    """Invoices (facturen) including their lines; POST makes a draft of care activities."""

    model = Invoice
    serializer_class = InvoiceSerializer

    def get_queryset(self):
        return invoices_with_lines(super().get_queryset()).order_by("-created_at", "-pk")

    @extend_schema(
        parameters=[
            OpenApiParameter("patientId", OpenApiTypes.INT, description="Only this patient's invoices"),
            OpenApiParameter("status", OpenApiTypes.STR, enum=Invoice.Status.values),
        ]
    )
    def get(self, request, *args, **kwargs):
        filters = self.query_params(InvoiceFilterSerializer)
        invoices = self.get_queryset()
        if "patientId" in filters:
            invoices = invoices.filter(patient_id=filters["patientId"])
        if "status" in filters:
            invoices = invoices.filter(status=filters["status"])
        return self.audited_page(invoices, InvoiceSerializer, "invoice.list")

    @extend_schema(request=InvoiceCreateSerializer, responses={201: InvoiceSerializer, **STATE_CONFLICT})
    def post(self, request, *args, **kwargs):
        serializer = InvoiceCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        invoice = billing.create_invoice(
            request.tenant,
            by=request.user,
            patient=serializer.validated_data["patientId"],
            care_activity_ids=serializer.validated_data["careActivityIds"],
        )
        invoice = self.get_queryset().get(pk=invoice.pk)
        return Response(InvoiceSerializer(invoice).data, status=status.HTTP_201_CREATED)


class InvoiceDetail(BillingAPIMixin, generics.RetrieveAPIView):
    model = Invoice
    serializer_class = InvoiceSerializer

    def get_queryset(self):
        return invoices_with_lines(super().get_queryset())

    def retrieve(self, request, *args, **kwargs):
        invoice = self.get_object()
        audit_patient_access(request, "invoice.read", [invoice.patient_id], obj=invoice)
        return Response(InvoiceSerializer(invoice).data)


class InvoiceTransition(BillingAPIMixin, APIView):
    """POST moves an invoice on: send (draft → sent), pay (sent → paid), credit (→ credited + credit invoice)."""

    model = Invoice
    serializer_class = InvoiceSerializer
    change = None  # the service: billing.send_invoice, pay_invoice or credit_invoice
    created = False  # True: the answer is a new invoice (the credit invoice)

    def post(self, request, pk):
        invoice = generics.get_object_or_404(self.get_queryset(), pk=pk)
        result = type(self).change(invoice, by=request.user)
        result = invoices_with_lines(Invoice.objects.for_tenant(request.tenant)).get(pk=result.pk)
        return Response(InvoiceSerializer(result).data, status=201 if self.created else 200)


TRANSITION_ERRORS = {409: OpenApiResponse(description="The invoice's status does not allow this.")}


@extend_schema(request=None, responses={200: InvoiceSerializer, **TRANSITION_ERRORS})
class InvoiceSend(InvoiceTransition):
    """Send a draft: issued today, due in 30 days; webhooks receive invoice.sent."""

    change = billing.send_invoice


@extend_schema(request=None, responses={200: InvoiceSerializer, **TRANSITION_ERRORS})
class InvoicePay(InvoiceTransition):
    """Mark a sent invoice paid."""

    change = billing.pay_invoice


@extend_schema(request=None, responses={201: InvoiceSerializer, **TRANSITION_ERRORS})
class InvoiceCredit(InvoiceTransition):
    """Credit a sent or paid invoice: answers with the new credit invoice; its care activities can be invoiced again."""

    change = billing.credit_invoice
    created = True


class InvoicePdf(BillingAPIMixin, APIView):
    """The invoice as a PDF with the practice's name and logo; audited."""

    model = Invoice
    renderer_classes = [renderers.JSONRenderer, PdfRenderer]

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    def get(self, request, pk):
        invoice = generics.get_object_or_404(self.get_queryset().select_related("tenant", "patient"), pk=pk)
        pdf = billing.render_invoice_pdf(invoice)
        audit_patient_access(request, "invoice.pdf", [invoice.patient_id], obj=invoice)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{invoice.number}.pdf"'
        return response
