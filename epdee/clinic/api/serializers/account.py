"""Serializers of the tenant account endpoints: the branding upload (multipart) and its answer."""

from rest_framework import serializers

from epdee.core.api.fields import CamelCaseFields

from ...services.branding import FAVICON, LOGO


class BrandingUploadSerializer(CamelCaseFields, serializers.Serializer):
    """A logo, a favicon or both; each is checked by its content, and a refused file stores nothing."""

    logo = serializers.FileField(
        required=False, help_text=f"PNG, JPEG or WebP, at most {LOGO.max_bytes // 1024} KB, 16–4000 px."
    )
    favicon = serializers.FileField(
        required=False, help_text=f"PNG or ICO, at most {FAVICON.max_bytes // 1024} KB, 16–512 px."
    )


class BrandingSerializer(CamelCaseFields, serializers.Serializer):
    """Where the logo and the favicon are served (null when not set)."""

    logo_url = serializers.CharField(allow_null=True)
    favicon_url = serializers.CharField(allow_null=True)
