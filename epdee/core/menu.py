"""The shared kernel's own entries in the navigation (the apps add theirs in their ready())."""

from django.utils.translation import gettext_lazy as _

from . import navigation


def register() -> None:
    navigation.register_item(_("Home"), "home", order=0)
    navigation.register_menu("practice", _("Practice"), order=40)
    navigation.register_item(_("Members"), "members", order=10, menu="practice", visible=navigation.in_tenant)
    navigation.register_item(_("Admin"), "admin:index", order=70, visible=navigation.platform_staff)
    navigation.register_item(_("API"), "api-docs", order=90)
    navigation.register_footer_link(_("API documentation"), "api-docs", order=10)
    navigation.register_footer_link(_("System status"), "api-status", order=90)
