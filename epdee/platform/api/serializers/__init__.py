"""Serializers of the platform's API."""
