"""Benchmark: GET /t/clients through the connector gateway vs the same page from a plain DRF list view.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/epdee_bench .venv/bin/python bench/gateway.py

Loads 10,000 patients (with general practitioners) into one care organisation of its own PostgreSQL database
(once; reused on later runs). A connector version allows every Client field on GET /t/clients, and has a
certificate issued by the certificates service for the organisation's staging environment. Then, in one run,
interleaved, REQUESTS pages of 100 each (walking through the list with skip):
  - the gateway: certificate identity from the proxy header, catalog match, allow-list, the clinic's selector
    (authorised for the certificate's actor), field filtering from the compiled allow-list, the query language,
    and the NEN 7513 audit event every call writes (here the selector's audited read of the page, which is the
    call's one gateway.call event);
  - a plain DRF ListAPIView over the same patients with a ModelSerializer of the same fields, no enforcement.
Both go through Django's whole middleware stack (django.test.Client). Prints requests per second, p50/p95, the
ratio (target: gateway >= 0.8 of the plain view's throughput) and the SQL queries per gateway request at page
sizes 10 and 100 (target: constant).
"""

import os
import statistics
import sys
import time
from pathlib import Path

from postgres import start_django  # bench/postgres.py

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "epdee.settings")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production-0123456789")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("EPDEE_CA_KEY_PASSPHRASE", "bench-only-ca-passphrase")

PATIENTS = 10_000
REQUESTS = 300
PAGE = 100
CODE = "TE2345"
urlpatterns = []  # filled in main(): the gateway and the plain view, side by side


def main():
    start_django()
    tenant = _load()
    issued = _certificate(tenant)
    _measure(tenant, issued)


def _load():
    from datetime import date, timedelta

    from django.db import connection, transaction
    from stdnum.nl import bsn as bsn_number

    from epdee.clinic.models import HealthcareProvider, Patient
    from epdee.core import services as core_services
    from epdee.core.models import Tenant
    from epdee.core.permissions import SYSTEM

    tenant = Tenant.objects.filter(name="Bench Kliniek").first()
    if tenant is None:
        tenant = Tenant.objects.create(name="Bench Kliniek", slug="bench-kliniek")
        core_services.add_customer_code(tenant, CODE, by=SYSTEM)
    if Patient.objects.filter(tenant=tenant).count() >= PATIENTS:
        return tenant
    started = time.perf_counter()
    candidates = (f"{n:09d}" for n in range(100_000_000, 200_000_000))
    numbers = [next(c for c in candidates if bsn_number.is_valid(c)) for _ in range(PATIENTS)]
    with transaction.atomic():
        practitioners = HealthcareProvider.objects.bulk_create(
            HealthcareProvider(tenant=tenant, agb_code=f"01{i:06d}", name=f"Huisartsenpraktijk {i}") for i in range(50)
        )
        Patient.objects.bulk_create(
            Patient(
                tenant=tenant,
                bsn=numbers[i],
                identification_number=f"P{i:06d}",
                initials="J.",
                first_name=f"Voornaam{i}",
                family_name=f"Achternaam{i}",
                birth_date=date(1940, 1, 1) + timedelta(days=i * 2),
                sex="F" if i % 2 else "M",
                street="Oudegracht",
                house_number=str(i % 300 + 1),
                postal_code="3511AB",
                city="Utrecht",
                email=f"patient{i}@example.test",
                phone="0301234567",
                general_practitioner=practitioners[i % 50],
            )
            for i in range(PATIENTS)
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"loaded {PATIENTS} patients in {time.perf_counter() - started:.1f}s")
    return tenant


def _certificate(tenant):
    """An approved version allowing every Client field on GET /t/clients, with a staging certificate."""
    from certificates import services as certificates
    from certificates.models import ApprovalRequest, CertificateAuthority
    from connectors import services as connectors
    from connectors.models import Endpoint, Supplier, SupplierMembership
    from epdee.core.models import TenantMembership, User
    from tests.certificates.support import csr_for

    staff, _ = User.objects.get_or_create(email="bench-staff@epdee.example", defaults={"is_staff": True})
    if not CertificateAuthority.objects.filter(is_current=True).exists():
        certificates.init_ca("Bench CA", by=staff)
    admin, _ = User.objects.get_or_create(email="bench-admin@epdee.example")
    TenantMembership.objects.get_or_create(tenant=tenant, user=admin, defaults={"role": "admin"})
    developer, _ = User.objects.get_or_create(email="bench-developer@supplier.example")
    supplier, created = Supplier.objects.get_or_create(name="Bench Leverancier", slug="bench-leverancier")
    SupplierMembership.objects.get_or_create(supplier=supplier, user=developer, defaults={"role": "admin"})
    version = supplier.connectors.first().versions.first() if not created else None
    if version is None:
        connector = connectors.create_connector(supplier, name="Bench-koppeling", by=developer)
        version = connector.versions.get()
        clients = Endpoint.objects.get(method="GET", path="/t/clients")
        everything = [path for path in clients.api_model.fields.values_list("path", flat=True) if "." not in path]
        connectors.update_design(version, by=developer, endpoints={clients: everything})
        connectors.submit_for_review(version, by=developer)
        connectors.approve(version, by=staff)
        version.refresh_from_db()
    environment = version.environments.filter(customer_code=CODE).first()
    if environment is None:
        environment = certificates.add_environment(version, CODE, by=developer)
    issued = environment.certificates.usable().first()
    if issued is None:
        issued = certificates.upload_csr(environment, csr_for(environment), by=developer)
        if isinstance(issued, ApprovalRequest):
            request = certificates.forward_request(issued, by=staff)
            issued = certificates.decide_request(request, approve=True, by=admin).certificate
    return issued


def _plain_view(tenant):
    """The same list with DRF's own tools and no enforcement: a ModelSerializer and limit/offset paging."""
    from rest_framework import generics, pagination, permissions, serializers

    from epdee.clinic.models import Patient
    from epdee.core.api.fields import CamelCaseFields

    class Address(CamelCaseFields, serializers.Serializer):
        street = serializers.CharField()
        house_number = serializers.CharField()
        house_number_addition = serializers.CharField()
        postal_code = serializers.CharField()
        city = serializers.CharField()
        country = serializers.CharField()

    class Contact(serializers.Serializer):
        email = serializers.CharField()
        phone = serializers.CharField()

    class GeneralPractitioner(CamelCaseFields, serializers.Serializer):
        agb_code = serializers.CharField()
        name = serializers.CharField()

    class PatientSerializer(CamelCaseFields, serializers.ModelSerializer):
        identification_no = serializers.CharField(source="identification_number")
        last_name = serializers.CharField(source="family_name")
        gender = serializers.CharField(source="sex")
        address = Address(source="*")
        contact = Contact(source="*")
        general_practitioner = GeneralPractitioner()

        class Meta:
            model = Patient
            fields = ["id", "identification_no", "bsn", "first_name", "initials", "prefix", "last_name", "birth_date",
                      "gender", "address", "contact", "general_practitioner", "created_at", "updated_at"]  # fmt: skip

    class Paging(pagination.LimitOffsetPagination):
        offset_query_param = "skip"

    class PlainList(generics.ListAPIView):
        serializer_class = PatientSerializer
        pagination_class = Paging
        permission_classes = [permissions.AllowAny]
        authentication_classes = []

        def get_queryset(self):
            return Patient.objects.filter(tenant=tenant).select_related("general_practitioner").order_by("pk")

    return PlainList.as_view()


def _measure(tenant, issued):
    from urllib.parse import quote

    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext
    from django.urls import path

    import epdee.urls
    from connectors.gateway.views import gateway

    urlpatterns[:] = [path("plain/clients", _plain_view(tenant)), *epdee.urls.urlpatterns]
    headers = {"HTTP_X_SSL_CLIENT_CERT": quote(issued.certificate_pem), "HTTP_X_SSL_CLIENT_VERIFY": "SUCCESS"}
    assert gateway  # the view under test, reached through the URL conf like any request
    client = Client()

    with override_settings(ROOT_URLCONF=__name__):

        def through_gateway(skip, limit=PAGE):
            return client.get("/t/clients", {"skip": skip, "limit": limit}, secure=True, **headers)

        def plain(skip, limit=PAGE):
            return client.get("/plain/clients", {"skip": skip, "limit": limit}, secure=True)

        first, second = through_gateway(0), plain(0)
        assert first.status_code == 200, (first.status_code, first.content[:300], first.headers)
        assert second.status_code == 200, second.content[:300]
        ours, theirs = first.json(), second.json()["results"]
        assert [row["id"] for row in ours] == [row["id"] for row in theirs], "the pages hold different patients"
        assert set(ours[0]) == set(theirs[0]), (sorted(ours[0]), sorted(theirs[0]))
        for skip in range(0, 20 * PAGE, PAGE):  # warm up both
            through_gateway(skip)
            plain(skip)
        timings = {"gateway": [], "plain DRF": []}
        started = {"gateway": 0.0, "plain DRF": 0.0}
        for n in range(REQUESTS):
            skip = (n * PAGE) % PATIENTS
            for name, call in (("gateway", through_gateway), ("plain DRF", plain)):
                begun = time.perf_counter()
                response = call(skip)
                elapsed = time.perf_counter() - begun
                assert response.status_code == 200
                timings[name].append(elapsed * 1000)
                started[name] += elapsed
        queries = {}
        for limit in (10, 100):
            with CaptureQueriesContext(connection) as captured:
                through_gateway(500, limit)
            queries[limit] = len(captured)

    def p(values, q):
        return statistics.quantiles(values, n=100)[q - 1]

    print(f"{PATIENTS} patients, pages of {PAGE}, {REQUESTS} requests each, interleaved")
    rates = {name: REQUESTS / total for name, total in started.items()}
    for name, values in timings.items():
        print(f"{name:9s} {rates[name]:7.1f} req/s   p50 {p(values, 50):7.2f} ms   p95 {p(values, 95):7.2f} ms")
    print(f"throughput gateway/plain: {rates['gateway'] / rates['plain DRF']:.3f} (target >= 0.8)")
    print(f"SQL queries per gateway request: limit 10 -> {queries[10]}, limit 100 -> {queries[100]}")


if __name__ == "__main__":
    main()
