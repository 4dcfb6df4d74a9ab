"""Serializers of the tenant account endpoints: branding upload (multipart) and the export."""

from rest_framework import serializers

from ..services.branding import FAVICON, LOGO


class BrandingUploadSerializer(serializers.Serializer):
    logo = serializers.FileField(
        required=False, help_text=f"PNG, JPEG or WebP, at most {LOGO.max_bytes // 1024} KB, 16–4000 px."
    )
    favicon = serializers.FileField(
        required=False, help_text=f"PNG or ICO, at most {FAVICON.max_bytes // 1024} KB, 16–512 px."
    )

    def validate(self, attrs):
        if not attrs:
            raise serializers.ValidationError("Send a logo, a favicon or both (multipart/form-data).")
        return attrs


class BrandingSerializer(serializers.Serializer):
    logoUrl = serializers.CharField(allow_null=True)  # noqa: N815
    faviconUrl = serializers.CharField(allow_null=True)  # noqa: N815
