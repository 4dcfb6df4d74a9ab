"""The dossier PDF (seed 004): complete, paginated with "Page X of Y", the tenant's name and time, audited.

The PDF's text is read from WeasyPrint's laid-out pages (epdee.clinic.pdf.page_texts): no PDF parser is
installed, and the glyphs in the file are subset-encoded, so searching the bytes would not find words.
"""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from epdee.clinic.pdf import page_texts, render_document, render_pdf
from epdee.clinic.selectors import patients as selectors
from epdee.clinic.services.local_time import tenant_zone
from epdee.core.models import AuditEvent
from tests.clinic.clients import api_client, member
from tests.clinic.factories import (
    AppointmentFactory,
    DossierEntryFactory,
    HealthcareProviderFactory,
    PatientFactory,
    PatientInsuranceFactory,
    PractitionerFactory,
)
from tests.support import needs

pytestmark = pytest.mark.django_db


def weasyprint_renders() -> bool:
    try:
        from weasyprint import HTML

        HTML(string="<p>x</p>").write_pdf()
    except Exception:  # missing Pango or fonts: the library cannot lay out text here
        return False
    return True


@pytest.fixture(autouse=True)
def _weasyprint():
    needs(weasyprint_renders(), "WeasyPrint with the system's Pango")


@pytest.fixture
def staff():
    return member("staff", name="Kliniek Zonnehof")


@pytest.fixture
def patient(staff):
    tenant = staff.tenant
    provider = HealthcareProviderFactory(tenant=tenant, agb_code="01234567", name="Huisartsen De Linde")
    patient = PatientFactory(
        tenant=tenant,
        family_name="Visser",
        initials="M.",
        general_practitioner=provider,
        identification_number="P000042",
    )
    PatientInsuranceFactory(tenant=tenant, patient=patient, insurer_name="Zilveren Kruis", uzovi="3311")
    practitioner = PractitionerFactory(tenant=tenant, name="Dr. Smit")
    for n in range(40):
        DossierEntryFactory(
            tenant=tenant,
            patient=patient,
            practitioner=practitioner,
            title=f"Entry-{n:02d}",
            text="Een verslag van het consult met de patiënt. " * 8,
            occurred_at=datetime(2026, 1, 1, 9, 0, tzinfo=UTC) + timedelta(days=n),
        )
    AppointmentFactory(tenant=tenant, patient=patient, location__name="Locatie Centrum")
    return patient


def context_of(patient, staff) -> dict:
    return selectors.dossier_context(patient.pk, by=staff.user, tenant=patient.tenant)


def test_the_dossier_is_complete_and_every_page_says_page_x_of_y(staff, patient):
    with timezone.override(tenant_zone(patient.tenant)):
        document = render_document("clinic/pdf/dossier.html", context_of(patient, staff))
    pages = page_texts(document)
    total = len(pages)
    assert total > 2
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {total}" in text
        assert "Kliniek Zonnehof" in text and "Dossier P000042" in text  # running header on every page
    everything = " ".join(pages)
    for n in range(40):
        assert f"Entry-{n:02d}" in everything
    for expected in ("Huisartsen De Linde", "01234567", "Zilveren Kruis", "3311", "Locatie Centrum", "Dr. Smit"):
        assert expected in everything
    assert re.search(r"generated \d{1,2} \w+ \d{4} \d{2}:\d{2}", everything)


def test_user_text_cannot_fetch_files_or_urls(staff):
    patient = PatientFactory(tenant=staff.tenant, family_name='<img src="file:///etc/passwd">')
    DossierEntryFactory(
        tenant=staff.tenant, patient=patient, text='<link rel="stylesheet" href="http://127.0.0.1:9/x">'
    )
    pages = page_texts(render_document("clinic/pdf/dossier.html", context_of(patient, staff)))
    assert '<img src="file:///etc/passwd">' in " ".join(pages)  # shown as text, not fetched


def test_render_pdf_gives_pdf_bytes(staff, patient):
    pdf = render_pdf("clinic/pdf/dossier.html", context_of(patient, staff))
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")


def test_the_dossier_pdf_endpoint_is_a_download_and_audited(staff, patient):
    response = api_client(staff).get(f"/api/patienten/{patient.pk}/dossier-pdf", HTTP_ACCEPT="application/pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="dossier-P000042.pdf"'
    assert "no-store" in response["Cache-Control"]  # its read names the patient: AuditContextMiddleware
    assert response.content.startswith(b"%PDF-")
    (event,) = AuditEvent.objects.filter(action="patient.dossier_pdf")
    assert event.patient_id == str(patient.pk) and event.actor == staff.user and event.tenant == staff.tenant


def test_a_viewer_may_download_but_another_tenant_gets_a_json_404(patient):
    viewer = member("viewer", tenant=patient.tenant)
    assert api_client(viewer).get(f"/api/patienten/{patient.pk}/dossier-pdf").status_code == 200
    response = api_client(member("admin")).get(
        f"/api/patienten/{patient.pk}/dossier-pdf", HTTP_ACCEPT="application/pdf"
    )
    assert response.status_code == 404 and response["Content-Type"] == "application/json"
    assert AuditEvent.objects.filter(action="patient.dossier_pdf").count() == 1
