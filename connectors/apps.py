"""Suppliers, connectors and their versions, the endpoint catalog, allow-lists and field filters, news."""

from django.apps import AppConfig


class ConnectorsConfig(AppConfig):
    name = "connectors"
    verbose_name = "Connectors"

    def ready(self):
        from epdee.core.demo import register_demo_seeder

        register_demo_seeder("connectors.demo_news.seed_news")
        register_demo_seeder("connectors.demo.seed_connectors")
