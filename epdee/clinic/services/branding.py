"""A tenant's logo and favicon: checked by content (magic bytes, then Pillow), stored through the storage API.

SVG is refused: it can carry scripts, and sanitising it is not worth the risk for a logo.
"""

import hashlib
import io
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.functional import SimpleLazyObject
from PIL import Image, UnidentifiedImageError

from epdee.core.audit import record_event
from epdee.core.services import TenantError, ensure_writable

from ..models import TenantBranding


@dataclass(frozen=True)
class Kind:
    field: str
    label: str
    max_bytes: int
    formats: dict  # Pillow format -> file extension
    min_side: int
    max_side: int


LOGO = Kind("logo", "logo", 1024 * 1024, {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}, 16, 4000)
FAVICON = Kind("favicon", "favicon", 100 * 1024, {"PNG": "png", "ICO": "ico"}, 16, 512)
KINDS = {kind.field: kind for kind in (LOGO, FAVICON)}

# The first bytes of each accepted format; the file's name and declared content type are not believed.
MAGIC = {
    "PNG": lambda head: head.startswith(b"\x89PNG\r\n\x1a\n"),
    "JPEG": lambda head: head.startswith(b"\xff\xd8\xff"),
    "WEBP": lambda head: head[:4] == b"RIFF" and head[8:12] == b"WEBP",
    "ICO": lambda head: head[:4] == b"\x00\x00\x01\x00",
}


class BrandingError(Exception):
    """An upload was refused; `field` names the file it is about."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field


def _read(upload, kind: Kind) -> bytes:
    size = getattr(upload, "size", None)
    if size is not None and size > kind.max_bytes:
        raise BrandingError(_too_big(kind), field=kind.field)
    data = upload.read(kind.max_bytes + 1)
    if len(data) > kind.max_bytes:
        raise BrandingError(_too_big(kind), field=kind.field)
    if not data:
        raise BrandingError(f"The {kind.label} file is empty.", field=kind.field)
    return data


def _too_big(kind: Kind) -> str:
    limit = f"{kind.max_bytes // 1024} KB" if kind.max_bytes < 1024 * 1024 else f"{kind.max_bytes // (1024 * 1024)} MB"
    return f"The {kind.label} may be at most {limit}."


def _allowed_names(kind: Kind) -> str:
    return ", ".join(kind.formats)


def check_image(data: bytes, kind: Kind) -> str:
    """The file extension for a valid image of this kind; raises BrandingError otherwise."""
    declared = next((name for name in kind.formats if MAGIC[name](data[:16])), None)
    if declared is None:
        raise BrandingError(f"The {kind.label} must be a {_allowed_names(kind)} image.", field=kind.field)
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format != declared:
                raise BrandingError(f"The {kind.label} is not a valid {declared} image.", field=kind.field)
            width, height = image.size
            if not (kind.min_side <= width <= kind.max_side and kind.min_side <= height <= kind.max_side):
                raise BrandingError(
                    f"The {kind.label} must be between {kind.min_side} and {kind.max_side} pixels wide and high "
                    f"(this one is {width}×{height}).",
                    field=kind.field,
                )
            image.verify()
    except BrandingError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError) as exc:
        raise BrandingError(f"The {kind.label} is not a valid {declared} image.", field=kind.field) from exc
    return kind.formats[declared]


def update_branding(tenant, *, by, logo=None, favicon=None, request=None) -> TenantBranding:
    """Check both files first, then store them; a refused file stores nothing at all."""
    try:
        ensure_writable(tenant)
    except TenantError as exc:
        raise BrandingError(str(exc)) from exc
    uploads = {name: upload for name, upload in (("logo", logo), ("favicon", favicon)) if upload is not None}
    if not uploads:
        raise BrandingError("Choose a logo or a favicon to upload.")
    checked = {}
    for name, upload in uploads.items():
        kind = KINDS[name]
        data = _read(upload, kind)
        checked[name] = (data, check_image(data, kind))
    with transaction.atomic():
        branding, _ = TenantBranding.objects.select_for_update().get_or_create(tenant=tenant)
        replaced = []
        for name, (data, extension) in checked.items():
            old = getattr(branding, name)
            if old:
                replaced.append(old.name)
            # The name changes with the content, so browsers never show a cached old logo.
            filename = f"{name}-{hashlib.sha256(data).hexdigest()[:12]}.{extension}"
            getattr(branding, name).save(filename, ContentFile(data), save=False)
        branding.save()
        record_event(
            "branding.update",
            request=request,
            actor=by,
            tenant=tenant,
            obj=branding,
            details={name: getattr(branding, name).name for name in checked},
        )
        kept = {branding.logo.name, branding.favicon.name}
        transaction.on_commit(lambda: _delete_files(branding, [n for n in replaced if n not in kept]))
    return branding


def remove_branding(tenant, field: str, *, by, request=None) -> TenantBranding | None:
    if field not in KINDS:
        raise BrandingError("Unknown branding file.")
    try:
        ensure_writable(tenant)
    except TenantError as exc:
        raise BrandingError(str(exc)) from exc
    with transaction.atomic():
        branding = TenantBranding.objects.for_tenant(tenant).select_for_update().first()
        if branding is None or not getattr(branding, field):
            return branding
        old = getattr(branding, field).name
        setattr(branding, field, "")
        branding.save()
        record_event("branding.remove", request=request, actor=by, tenant=tenant, obj=branding, details={field: old})
        transaction.on_commit(lambda: _delete_files(branding, [old]))
    return branding


def _delete_files(branding: TenantBranding, names) -> None:
    storage = branding.logo.storage
    for name in names:
        storage.delete(name)


def branding_of(tenant) -> TenantBranding | None:
    return TenantBranding.objects.for_tenant(tenant).first()


def branding_urls(tenant, request=None) -> dict:
    """{"logoUrl": …, "faviconUrl": …} (None when not set); absolute when a request is given.

    Used by the dashboard, the portal and the public booking config (/api/booking/config).
    """
    branding = branding_of(tenant) if tenant is not None else None
    urls = {}
    for name in KINDS:
        file = getattr(branding, name, None)
        url = file.url if file else None
        if url and request is not None:
            url = request.build_absolute_uri(url)
        urls[f"{name}Url"] = url
    return urls


def branding_context(request) -> dict:
    """Template context processor: `tenant_branding` ({"logoUrl", "faviconUrl"}) of the member's tenant.

    Lazy, so pages that do not show it cost no query. templates/base.html uses it for the navbar brand.
    """
    tenant = getattr(request, "tenant", None)
    if tenant is None or getattr(request, "membership", None) is None:
        return {"tenant_branding": None}
    return {"tenant_branding": SimpleLazyObject(lambda: branding_urls(tenant))}
