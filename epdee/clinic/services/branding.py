"""A tenant's logo and favicon: checked by content (magic bytes, then Pillow), stored through the storage API.

SVG is refused: it can carry scripts, and sanitising it is not worth the risk for a logo.
"""

import hashlib
import io
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, UnidentifiedImageError

from epdee.core.audit import record_event
from epdee.core.errors import NON_FIELD, Invalid
from epdee.core.permissions import require

from ..models import TenantBranding


@dataclass(frozen=True)
class Kind:
    field: str
    label: str  # in a sentence: "The logo may be at most 1 MB."
    max_bytes: int
    formats: dict  # Pillow format -> file extension
    min_side: int
    max_side: int


LOGO = Kind("logo", gettext_lazy("logo"), 1024 * 1024, {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}, 16, 4000)
FAVICON = Kind("favicon", gettext_lazy("favicon"), 100 * 1024, {"PNG": "png", "ICO": "ico"}, 16, 512)
KINDS = {kind.field: kind for kind in (LOGO, FAVICON)}

# The first bytes of each accepted format; the file's name and declared content type are not believed.
MAGIC = {
    "PNG": lambda head: head.startswith(b"\x89PNG\r\n\x1a\n"),
    "JPEG": lambda head: head.startswith(b"\xff\xd8\xff"),
    "WEBP": lambda head: head[:4] == b"RIFF" and head[8:12] == b"WEBP",
    "ICO": lambda head: head[:4] == b"\x00\x00\x01\x00",
}


def _refuse(kind: Kind, message: str) -> Invalid:
    return Invalid(message, field=kind.field)


def _read(upload, kind: Kind) -> bytes:
    size = getattr(upload, "size", None)
    if size is not None and size > kind.max_bytes:
        raise _refuse(kind, _too_big(kind))
    data = upload.read(kind.max_bytes + 1)
    if len(data) > kind.max_bytes:
        raise _refuse(kind, _too_big(kind))
    if not data:
        raise _refuse(kind, _("The %(kind)s file is empty.") % {"kind": kind.label})
    return data


def _too_big(kind: Kind) -> str:
    limit = f"{kind.max_bytes // 1024} KB" if kind.max_bytes < 1024 * 1024 else f"{kind.max_bytes // (1024 * 1024)} MB"
    return _("The %(kind)s may be at most %(limit)s.") % {"kind": kind.label, "limit": limit}


def _not_valid(kind: Kind, declared: str) -> Invalid:
    return _refuse(kind, _("The %(kind)s is not a valid %(format)s image.") % {"kind": kind.label, "format": declared})


def check_image(data: bytes, kind: Kind) -> str:
    """The file extension for a valid image of this kind; raises Invalid (naming the kind's field) otherwise."""
    declared = next((name for name in kind.formats if MAGIC[name](data[:16])), None)
    if declared is None:
        formats = ", ".join(kind.formats)
        raise _refuse(kind, _("The %(kind)s must be a %(formats)s image.") % {"kind": kind.label, "formats": formats})
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format != declared:
                raise _not_valid(kind, declared)
            width, height = image.size
            if not (kind.min_side <= width <= kind.max_side and kind.min_side <= height <= kind.max_side):
                message = _(
                    "The %(kind)s must be between %(min)s and %(max)s pixels wide and high (this one is "
                    "%(width)s×%(height)s)."
                )
                sizes = {"min": kind.min_side, "max": kind.max_side, "width": width, "height": height}
                raise _refuse(kind, message % {"kind": kind.label, **sizes})
            image.verify()
    except Invalid:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError) as exc:
        raise _not_valid(kind, declared) from exc
    return kind.formats[declared]


def update_branding(tenant, *, by, logo=None, favicon=None) -> TenantBranding:
    """Check both files first, then store them; a refused file stores nothing at all."""
    actor = require(by, "tenant.configure", tenant)
    uploads = {name: upload for name, upload in (("logo", logo), ("favicon", favicon)) if upload is not None}
    if not uploads:
        raise Invalid.collect({NON_FIELD: [_("Choose a logo, a favicon or both to upload.")]})
    checked, errors = {}, {}
    for name, upload in uploads.items():
        kind = KINDS[name]
        try:
            data = _read(upload, kind)
            checked[name] = (data, check_image(data, kind))
        except Invalid as refused:
            errors.update(refused.errors)
    if errors:
        raise Invalid.collect(errors)
    with transaction.atomic():
        branding, _created = TenantBranding.objects.select_for_update().get_or_create(tenant=tenant)
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
            actor=actor,
            tenant=tenant,
            obj=branding,
            details={name: getattr(branding, name).name for name in checked},
        )
        kept = {branding.logo.name, branding.favicon.name}
        transaction.on_commit(lambda: _delete_files(branding, [n for n in replaced if n not in kept]))
    return branding


def remove_branding(tenant, field: str, *, by) -> TenantBranding | None:
    """Remove the logo or the favicon (`field`); nothing to remove is not an error."""
    actor = require(by, "tenant.configure", tenant)
    if field not in KINDS:
        raise Invalid(_("Unknown branding file."), field="field")
    with transaction.atomic():
        branding = TenantBranding.objects.for_tenant(tenant).select_for_update().first()
        if branding is None or not getattr(branding, field):
            return branding
        old = getattr(branding, field).name
        setattr(branding, field, "")
        branding.save()
        record_event("branding.remove", actor=actor, tenant=tenant, obj=branding, details={field: old})
        transaction.on_commit(lambda: _delete_files(branding, [old]))
    return branding


def _delete_files(branding: TenantBranding, names) -> None:
    storage = branding.logo.storage
    for name in names:
        storage.delete(name)


def branding_of(tenant) -> TenantBranding | None:
    """The practice's logo and favicon: public, shown on its booking page and portal."""
    return TenantBranding.objects.for_tenant(tenant).first()


def branding_urls(tenant, request=None) -> dict:
    """{"logoUrl": …, "faviconUrl": …} (None when not set); absolute when a request is given.

    Public (no actor): the portal and the booking config (/api/booking/config) show them to visitors.
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
