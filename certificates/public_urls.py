"""Public URLs of the certificates app (mounted at /security/)."""

from django.urls import path

from . import public_views

urlpatterns = [
    path("", public_views.security, name="security"),
    path("certificate-requirements/", public_views.requirements, name="certificate-requirements"),
    path("ca-chain.pem", public_views.chain, name="security-chain"),
    path("ca/<int:ca_id>.pem", public_views.ca_certificate, name="security-ca"),
    path("ca/<int:ca_id>/crl.<str:encoding>", public_views.crl, name="security-crl"),
]
