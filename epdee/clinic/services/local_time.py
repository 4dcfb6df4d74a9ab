"""The practice's own clock: its time zone and today's date there (appointments, invoices and birth dates are
local dates; the server runs in UTC)."""

from datetime import date
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone


def tenant_zone(tenant) -> ZoneInfo:
    try:
        return ZoneInfo(tenant.time_zone or settings.TIME_ZONE)
    except (ValueError, KeyError):  # an unknown zone name must not break a page or the agenda
        return ZoneInfo(settings.TIME_ZONE)


def tenant_today(tenant) -> date:
    return timezone.localdate(timezone=tenant_zone(tenant))
