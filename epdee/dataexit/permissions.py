"""Who may take a practice's data out (defined in DataexitConfig.ready())."""

from epdee.core.permissions import TENANT_ADMINS, check_tenant, define


def check_export(actor, tenant) -> None:
    """An administrator; a read-only token and a read-only (inzage) licence may export too.

    The export changes nothing, and an inzage licence exists so that a practice can still read its data out
    (GDPR portability).
    """
    check_tenant(actor, tenant, roles=TENANT_ADMINS)


def define_dataexit_permissions() -> None:
    define("dataexit.export", check_export)
