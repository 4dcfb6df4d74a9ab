"""Tenant patient data: patients, dossier, appointments and booking, invoices, care activities, workflows,
notifications, the patient portal, exports, webhooks."""

from django.apps import AppConfig


class ClinicConfig(AppConfig):
    name = "epdee.clinic"
    label = "clinic"
    verbose_name = "Clinic"

    def ready(self):
        from epdee.core.demo import register_demo_seeder

        # After the certificates' demo data, so the seeders run in the order a real platform fills up.
        register_demo_seeder("epdee.clinic.demo.seed_clinic", after="certificates.demo.seed_certificates")
