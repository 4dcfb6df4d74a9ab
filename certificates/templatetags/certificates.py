"""Template filters of the certificates pages."""

from django import template

register = template.Library()


@register.filter
def colon_hex(value: str) -> str:
    """A hex fingerprint or serial as AB:CD:EF…, the way openssl prints it."""
    value = (value or "").upper()
    return ":".join(value[index : index + 2] for index in range(0, len(value), 2))
