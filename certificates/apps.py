"""Certificate authorities, CSRs, signing, approval requests, renewal, reminders, revocation and CRLs."""

from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = "Certificates"

    def ready(self):
        from epdee.core.demo import register_demo_seeder

        # After the connectors' demo data (its app is later in INSTALLED_APPS, so register lazily in order).
        register_demo_seeder("certificates.demo.seed_certificates", after="connectors.demo.seed_connectors")
