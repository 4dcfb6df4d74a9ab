"""Serializers of the tenant API (seed 004), one module per area."""
