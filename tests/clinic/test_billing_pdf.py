"""GET /api/facturen/{id}/pdf and the dashboard's PDF: the practice, the patient, lines and totals in euros,
numbered pages; audited."""

import base64

import pytest

from epdee.clinic.models import TenantBranding
from epdee.clinic.selectors import billing as selectors
from epdee.clinic.services import billing
from epdee.core.models import AuditEvent
from tests.clinic.clients import api_client, member
from tests.clinic.factories import PatientFactory
from tests.clinic.support import draft_invoice

pdf = pytest.importorskip("epdee.clinic.pdf")

# A 1×1 transparent PNG.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


@pytest.fixture
def staff(db):
    return member("staff", name="Kliniek De Linde")


def document(invoice) -> dict:
    return selectors.invoice_document(invoice.pk, by=invoice.created_by, tenant=invoice.tenant)


def texts(invoice) -> list[str]:
    return pdf.page_texts(pdf.render_document("clinic/pdf/invoice.html", document(invoice)))


def test_the_pdf_shows_practice_patient_lines_and_total(staff):
    patient = PatientFactory(tenant=staff.tenant, initials="A.", prefix="van", family_name="Dijk")
    invoice = billing.send_invoice(draft_invoice(staff, patient, activities=2, price=16500), by=staff.user)
    pages = texts(invoice)
    text = " ".join(pages)
    assert "Kliniek De Linde" in text and "A. van Dijk" in text and invoice.number in text
    assert "€ 165,00" in text and "€ 330,00" in text
    assert "Pagina 1 van 1" in pages[0]


def test_many_lines_make_numbered_pages(staff):
    invoice = draft_invoice(staff, activities=80, price=1234)
    pages = texts(invoice)
    assert len(pages) > 1
    assert all(f"Pagina {n} van {len(pages)}" in page for n, page in enumerate(pages, start=1))
    assert "€ 987,20" in pages[-1] and "€ 987,20" not in pages[0]  # 80 × € 12,34, once at the end


def test_a_credit_invoice_shows_negative_amounts(staff):
    invoice = billing.send_invoice(draft_invoice(staff, activities=1), by=staff.user)
    credit = billing.credit_invoice(invoice, by=staff.user)
    text = " ".join(texts(credit))
    assert "Creditfactuur" in text and "€ -165,00" in text and invoice.number in text


def test_the_tenants_logo_is_embedded(staff, settings, tmp_path):
    from django.core.files.base import ContentFile

    settings.MEDIA_ROOT = tmp_path
    branding = TenantBranding(tenant=staff.tenant)
    branding.logo.save("logo.png", ContentFile(PNG), save=True)
    context = document(draft_invoice(staff))
    assert context["logo"].startswith("data:image/png;base64,")


def test_the_api_answers_a_pdf_and_audits_it(staff):
    invoice = draft_invoice(staff)
    response = api_client(staff).get(f"/api/facturen/{invoice.pk}/pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert f'filename="{invoice.number}.pdf"' in response["Content-Disposition"]
    assert AuditEvent.objects.get(action="invoice.pdf").patient_id == str(invoice.patient_id)
    accepted = api_client(staff).get(f"/api/facturen/{invoice.pk}/pdf", HTTP_ACCEPT="application/pdf")
    assert accepted.status_code == 200


def test_another_tenants_invoice_pdf_is_not_found(staff):
    theirs = draft_invoice(member("admin"))
    assert api_client(staff).get(f"/api/facturen/{theirs.pk}/pdf").status_code == 404
    assert api_client(staff).get(f"/api/facturen/{theirs.pk}/pdf", HTTP_ACCEPT="application/pdf").status_code == 404
