"""The platform app: what the people running Epdee see and do (applications of care organisations first)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlatformConfig(AppConfig):
    name = "epdee.platform"
    label = "platform"
    verbose_name = _("Platform")
