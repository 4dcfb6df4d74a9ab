"""The ZorgAPIs v1beta2 registry (../shared/zorgapis/v1beta2.yaml)."""

from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = "ZorgAPIs registry"

    def ready(self):
        from epdee.core.demo import register_demo_seeder

        register_demo_seeder("registry.demo.seed_api_requirements")
        register_demo_seeder("registry.demo.seed_registry")
