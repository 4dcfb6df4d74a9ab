"""Public pages: Security (the CA chains and CRLs, seed 000) and the certificate requirements (seed 001)."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control

from epdee.core.tenancy import tenant_exempt

from .. import selectors
from ..crypto import MAX_CSR_BYTES


@tenant_exempt
def security(request):
    return render(request, "certificates/security.html", {"authorities": selectors.valid_authorities()})


@tenant_exempt
def requirements(request):
    return render(request, "certificates/requirements.html", {"max_kb": MAX_CSR_BYTES // 1024})


@tenant_exempt
@cache_control(max_age=3600, public=True)
def ca_certificate(request, ca_id):
    ca = selectors.authority(ca_id)
    response = HttpResponse(ca.certificate_pem, content_type="application/x-pem-file")
    response["Content-Disposition"] = f'attachment; filename="epdee-ca-{ca.pk}.pem"'
    return response


@tenant_exempt
def chain(request):
    response = HttpResponse(selectors.chain_pem(), content_type="application/x-pem-file")
    response["Content-Disposition"] = 'attachment; filename="epdee-ca-chain.pem"'
    return response


@tenant_exempt
@cache_control(max_age=300, public=True)
def crl(request, ca_id, encoding):
    ca = selectors.authority(ca_id)
    if encoding == "pem":
        return HttpResponse(ca.crl_pem, content_type="application/x-pem-file")
    if encoding == "der":
        return HttpResponse(bytes(ca.crl_der), content_type="application/pkix-crl")
    raise Http404("Unknown encoding")
