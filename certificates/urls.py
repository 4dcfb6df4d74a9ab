"""The certificates app's pages, in two lists that epdee/urls.py mounts: the dashboard (`urlpatterns`, at
/certificates/ as "certificates": the Certificates tab's actions and the care organisation's approval requests)
and the public Security pages (`public_urlpatterns`, at /security/ without a namespace)."""

from django.urls import path

from .views import dashboard, public

app_name = "certificates"

urlpatterns = [
    path("versions/<int:version_id>/environments/", dashboard.add_environment, name="add-environment"),
    path("environments/<int:environment_id>/csr/", dashboard.upload_csr, name="upload-csr"),
    path("issued/<int:certificate_id>/download/", dashboard.download, name="download"),
    path("issued/<int:certificate_id>/enabled/", dashboard.set_enabled, name="set-enabled"),
    path("requests/", dashboard.requests, name="requests"),
    path("requests/<int:request_id>/decide/", dashboard.decide, name="decide"),
    path("requests/<int:request_id>/cancel/", dashboard.cancel_request, name="cancel-request"),
]

public_urlpatterns = [
    path("", public.security, name="security"),
    path("certificate-requirements/", public.requirements, name="certificate-requirements"),
    path("ca-chain.pem", public.chain, name="security-chain"),
    path("ca/<int:ca_id>.pem", public.ca_certificate, name="security-ca"),
    path("ca/<int:ca_id>/crl.<str:encoding>", public.crl, name="security-crl"),
]
