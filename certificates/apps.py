"""Certificate authorities, CSRs, signing, approval requests, renewal, reminders, revocation and CRLs."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = "Certificates"

    def ready(self):
        from epdee.core.demo import register_demo_seeder

        from .permissions import define_permissions

        define_permissions()
        # After the connectors' demo data (its app is later in INSTALLED_APPS, so register lazily in order).
        register_demo_seeder("certificates.demo.seed_certificates", after="connectors.demo.seed_connectors")
        self.register_navigation()
        self.register_tabs()

    @staticmethod
    def register_tabs():
        from connectors.tabs import register_version_tab

        from .views.tab import certificates_tab

        register_version_tab(
            "certificates",
            _("Certificates"),
            "certificates/includes/version_certificates.html",
            order=20,
            context=certificates_tab,
        )

    @staticmethod
    def register_navigation():
        from epdee.core import navigation

        navigation.register_item(
            _("Certificate requests"),
            "certificates:requests",
            order=50,
            menu="practice",
            visible=navigation.tenant_admin,
        )
        navigation.register_footer_link(_("Security"), "security", order=20)
        navigation.register_footer_link(_("Certificate requirements"), "certificate-requirements", order=30)
