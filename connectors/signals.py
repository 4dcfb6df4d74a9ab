"""Signals of the connectors app, for the parts that depend on it (it imports none of them)."""

from django.dispatch import Signal

# Sent after sync_catalog or a deprecation changed the endpoint catalog; the gateway recompiles its routes on it.
catalog_synced = Signal()
