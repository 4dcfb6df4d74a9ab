"""The clinic's own permissions, beside the kernel's tenant.view/change/manage/configure (defined in ready())."""

from django.utils.translation import gettext as _

from epdee.core.errors import PermissionDenied
from epdee.core.permissions import TENANT_ADMINS, check_tenant, define


def check_access_settings(actor, tenant) -> None:
    """An administrator with a read-write token (or none); a read-only (inzage) licence does not stop him.

    Who and what reaches the practice's data from outside (API tokens, switching a webhook endpoint off or
    deleting it) must stay in the administrator's hands under an inzage licence: it exists to read the data
    out, and cutting access off must always be possible.
    """
    check_tenant(actor, tenant, roles=TENANT_ADMINS)
    if actor.read_only:
        raise PermissionDenied(_("This API token is read-only: create a read-write token to make changes."))


def define_clinic_permissions() -> None:
    define("clinic.manage_access", check_access_settings)
