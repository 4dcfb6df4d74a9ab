"""The data exit app: the tenant export, its page in the practice menu and its permission."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DataexitConfig(AppConfig):
    name = "epdee.dataexit"
    label = "dataexit"
    verbose_name = "Data exit"

    def ready(self):
        from epdee.core import navigation

        from .permissions import define_dataexit_permissions

        define_dataexit_permissions()
        navigation.register_item(
            _("Export all data"), "dataexit:export", order=90, menu="practice", visible=navigation.tenant_admin
        )
