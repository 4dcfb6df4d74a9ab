"""The billing API of seed 004: /api/verrichtingen (care activities) and /api/facturen (invoices).

Reads go through the billing selectors (which audit them, NEN 7513), changes through the billing services
(which authorise them); a refusal answers in DRF's error format through the one exception handler.
"""

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, renderers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from ...models import CareActivity, Invoice
from ...selectors import billing as selectors
from ...services import billing
from ..serializers.billing import (
    CareActivityCreateSerializer,
    CareActivitySerializer,
    InvoiceCreateSerializer,
    InvoiceSerializer,
)
from .base import PdfRenderer, TenantAPIView

STATE_CONFLICT = {
    409: OpenApiResponse(description="The billing state does not allow it (e.g. the activity is on a sent invoice).")
}


class BillingAPIView(TenantAPIView):
    """Seed 004's names for the services' fields where they are not the camelCase of the service's name."""

    api_field_names = {"patient": "patientId", "appointment": "appointmentId", "care_activities": "careActivityIds"}
    filter_backends = []  # the selectors apply the billing FilterSets


ACTIVITY_FILTERS = [
    OpenApiParameter("patientId", OpenApiTypes.INT, description="Only this patient's care activities"),
    OpenApiParameter("appointmentId", OpenApiTypes.INT, description="Only those of this appointment"),
    OpenApiParameter("invoiced", OpenApiTypes.BOOL, description="true: on an invoice; false: still to invoice"),
]


class CareActivityList(BillingAPIView, generics.ListCreateAPIView):
    """Care activities (verrichtingen) of a patient or an appointment; POST registers one."""

    model = CareActivity
    serializer_class = CareActivitySerializer

    def get_queryset(self):
        return selectors.care_activity_list(self.request.query_params, by=self.actor, tenant=self.request.tenant)

    @extend_schema(parameters=ACTIVITY_FILTERS)
    def get(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(CareActivitySerializer(page, many=True).data)

    @extend_schema(request=CareActivityCreateSerializer, responses={201: CareActivitySerializer, **STATE_CONFLICT})
    def post(self, request, *args, **kwargs):
        serializer = CareActivityCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        activity = billing.create_care_activity(
            request.tenant,
            by=self.actor,
            patient=data["patient_id"],
            appointment=data["appointment_id"],
            description=data["description"],
            prestatie_code=data["prestatie_code"],
            zorgactiviteit_code=data["zorgactiviteit_code"],
            unit_price_cents=data["unit_price_cents"],
            quantity=data["quantity"],
            performed_at=data["performed_at"],
            notes=data["notes"],
        )
        return Response(CareActivitySerializer(activity).data, status=status.HTTP_201_CREATED)


class CareActivityDetail(BillingAPIView, generics.GenericAPIView):
    """One care activity; DELETE removes it unless it is on a sent invoice (409)."""

    model = CareActivity
    serializer_class = CareActivitySerializer

    def get(self, request, pk):
        activity = selectors.care_activity_detail(pk, by=self.actor, tenant=request.tenant)
        return Response(CareActivitySerializer(activity).data)

    @extend_schema(responses={204: None, **STATE_CONFLICT})
    def delete(self, request, pk):
        billing.delete_care_activity(pk, by=self.actor, tenant=request.tenant)
        return Response(status=status.HTTP_204_NO_CONTENT)


class InvoiceList(BillingAPIView, generics.ListCreateAPIView):
    """Invoices (facturen) including their lines; POST makes a draft of care activities."""

    model = Invoice
    serializer_class = InvoiceSerializer

    def get_queryset(self):
        return selectors.invoice_list(self.request.query_params, by=self.actor, tenant=self.request.tenant)

    @extend_schema(
        parameters=[
            OpenApiParameter("patientId", OpenApiTypes.INT, description="Only this patient's invoices"),
            OpenApiParameter("status", OpenApiTypes.STR, enum=Invoice.Status.values),
        ]
    )
    def get(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(InvoiceSerializer(page, many=True).data)

    @extend_schema(request=InvoiceCreateSerializer, responses={201: InvoiceSerializer, **STATE_CONFLICT})
    def post(self, request, *args, **kwargs):
        serializer = InvoiceCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        invoice = billing.create_invoice(
            request.tenant,
            by=self.actor,
            patient=serializer.validated_data["patient_id"],
            care_activity_ids=serializer.validated_data["care_activity_ids"],
        )
        return Response(InvoiceSerializer(invoice).data, status=status.HTTP_201_CREATED)


class InvoiceDetail(BillingAPIView, generics.GenericAPIView):
    """One invoice with its lines."""

    model = Invoice
    serializer_class = InvoiceSerializer

    def get(self, request, pk):
        invoice = selectors.invoice_detail(pk, by=self.actor, tenant=request.tenant)
        return Response(InvoiceSerializer(invoice).data)


class InvoiceTransition(BillingAPIView, APIView):
    """POST moves an invoice on: send (draft → sent), pay (sent → paid), credit (→ credited + credit invoice)."""

    model = Invoice
    serializer_class = InvoiceSerializer
    change = None  # the service: billing.send_invoice, pay_invoice or credit_invoice
    created = False  # True: the answer is a new invoice (the credit invoice)

    def post(self, request, pk):
        result = type(self).change(pk, by=self.actor, tenant=request.tenant)
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


class InvoicePdf(BillingAPIView, APIView):
    """The invoice as a PDF with the practice's name and logo; audited."""

    model = Invoice
    renderer_classes = [renderers.JSONRenderer, PdfRenderer]

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    def get(self, request, pk):
        pdf = selectors.invoice_pdf(pk, by=self.actor, tenant=request.tenant)
        response = HttpResponse(pdf.content, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{pdf.filename}"'
        return response
