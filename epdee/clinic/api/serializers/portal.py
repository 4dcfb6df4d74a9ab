"""Serializers of the patient portal's public endpoint (seed 004 field names)."""

from rest_framework import serializers


class PortalLinkRequestSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)


class PortalLinkAcceptedSerializer(serializers.Serializer):
    detail = serializers.CharField()
