"""Fixtures of the registry tests (see fixtures.py)."""

from tests.registry.fixtures import api_for, spec_document  # noqa: F401
