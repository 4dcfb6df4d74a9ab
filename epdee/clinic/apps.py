"""Tenant patient data: patients, dossier, appointments and booking, invoices, care activities, workflows,
notifications, the patient portal, webhooks."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClinicConfig(AppConfig):
    name = "epdee.clinic"
    label = "clinic"
    verbose_name = "Clinic"

    def ready(self):
        from epdee.core.demo import register_demo_seeder

        from .permissions import define_clinic_permissions

        define_clinic_permissions()
        # After the certificates' demo data, so the seeders run in the order a real platform fills up.
        register_demo_seeder("epdee.clinic.demo.seed_clinic", after="certificates.demo.seed_certificates")
        self.register_navigation()

    @staticmethod
    def register_navigation():
        from epdee.core import navigation
        from epdee.core.navigation import in_tenant, tenant_admin

        navigation.register_item(_("Patients"), "clinic:patients", order=10, visible=in_tenant)
        navigation.register_item(_("Agenda"), "clinic:agenda", order=20, visible=in_tenant)
        navigation.register_item(_("Invoices"), "clinic:invoices", order=30, visible=in_tenant)
        practice = {"menu": "practice", "visible": in_tenant}
        navigation.register_item(_("Locations and agenda"), "clinic:locations", order=20, **practice)
        navigation.register_item(_("Workflows"), "clinic:workflows", order=30, **practice)
        navigation.register_item(_("Notifications"), "clinic:notifications", order=40, **practice)
        settings = {"menu": "practice", "visible": tenant_admin}
        navigation.register_item(_("API tokens"), "clinic:api-tokens", order=60, **settings)
        navigation.register_item(_("Webhooks"), "clinic:webhooks", order=70, **settings)
        navigation.register_item(_("Branding"), "clinic:branding", order=80, **settings)
        navigation.register_widget("clinic/notifications/includes/navbar_badge.html", order=10, visible=in_tenant)
