"""Suppliers, connectors and their versions, the endpoint catalog, allow-lists and field filters, news."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConnectorsConfig(AppConfig):
    name = "connectors"
    verbose_name = "Connectors"

    def ready(self):
        from epdee.core.demo import register_demo_seeder

        from .permissions import define_permissions

        define_permissions()
        register_demo_seeder("connectors.demo_news.seed_news")
        register_demo_seeder("connectors.demo.seed_connectors")
        self.register_navigation()
        self.register_tabs()

    @staticmethod
    def register_tabs():
        from .tabs import register_version_tab
        from .views.dashboard import design_tab

        register_version_tab(
            "design", _("Technical design"), "connectors/includes/version_design_tab.html", order=10, context=design_tab
        )

    @staticmethod
    def register_navigation():
        from epdee.core import navigation
        from epdee.core.permissions import actor_of

        from .selectors import memberships

        def supplier_member(request) -> bool:
            return navigation.signed_in(request) and memberships(by=actor_of(request)).exists()

        navigation.register_item(_("Connectors"), "connectors:index", order=50, visible=supplier_member)
        navigation.register_item(_("News"), "news:index", order=80)
