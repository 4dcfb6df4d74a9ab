"""The ZorgAPIs v1beta2 registry (../shared/zorgapis/v1beta2.yaml)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = "ZorgAPIs registry"

    def ready(self):
        from epdee.core.demo import register_demo_seeder

        from .permissions import define_registry_permissions

        define_registry_permissions()
        register_demo_seeder("registry.demo.seed_api_requirements")
        register_demo_seeder("registry.demo.seed_registry")
        self.register_navigation()

    @staticmethod
    def register_navigation():
        from epdee.core import navigation

        navigation.register_item(_("Library"), "library:index", order=60, visible=navigation.signed_in)
