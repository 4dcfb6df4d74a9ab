"""The tenant export (seed 004 GET /api/tenant-export, GDPR portability): a practice's complete data as one
JSON document, streamed.

The JSON is yielded in pieces of about BUFFER_CHARS while selectors.py reads the rows in batches, so the
document never sits in memory whole; reading the data records the audit event before the first byte.
"""

from collections.abc import Iterator

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from epdee.core.permissions import require

from .selectors import TenantData, tenant_data

FORMAT = "epdee.tenant-export"
VERSION = 1
BUFFER_CHARS = 64 * 1024

_encoder = DjangoJSONEncoder(ensure_ascii=False, separators=(",", ":"))


def start_export(tenant, *, by) -> tuple[str, Iterator[bytes]]:
    """(file name, the document in UTF-8 pieces) for an administrator of the practice."""
    actor = require(by, "dataexit.export", tenant)
    now = timezone.now()
    data = tenant_data(tenant, by=actor)
    filename = f"epdee-export-{tenant.slug}-{timezone.localtime(now):%Y%m%d-%H%M}.json"
    return filename, _document(tenant, data, exported_at=now)


def _document(tenant, data: TenantData, *, exported_at) -> Iterator[bytes]:
    """The JSON document; never holds more than one batch of rows and one buffer."""
    header = {
        "format": FORMAT,
        "version": VERSION,
        "exportedAt": exported_at,
        "tenant": {"id": tenant.pk, "name": tenant.name, "slug": tenant.slug, "timeZone": tenant.time_zone},
    }
    parts: list[str] = [_encoder.encode(header)[:-1]]  # without the closing brace
    size = len(parts[0])
    for key, rows in data.sections:
        parts.append(f',"{key}":[')
        first = True
        for row in rows:
            text = _encoder.encode(row)
            parts.append(text if first else "," + text)
            first = False
            size += len(text) + 1
            if size >= BUFFER_CHARS:
                yield "".join(parts).encode()
                parts, size = [], 0
        parts.append("]")
    parts.append(',"branding":' + _encoder.encode(data.branding) + "}")
    yield "".join(parts).encode()
