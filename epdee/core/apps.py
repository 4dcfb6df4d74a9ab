"""App configs of the shared kernel, and the admin site it installs."""

from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class CoreConfig(AppConfig):
    default = True
    name = "epdee.core"
    label = "core"
    verbose_name = "Platform core"

    def ready(self):
        from . import (
            menu,
            signals,  # noqa: F401  (connects the audit receivers)
        )
        from .accounts.permissions import define_account_permissions
        from .permissions import define_core_permissions
        from .query import regexp  # noqa: F401  (a time-bounded REGEXP on SQLite connections)

        define_core_permissions()
        define_account_permissions()
        menu.register()


class EpdeeAdminConfig(admin_apps.AdminConfig):
    """The Django admin, with Epdee's site: 2FA required, audited changes."""

    default = False
    default_site = "epdee.core.admin_site.EpdeeAdminSite"
