"""A version's enabled endpoints and allowed fields, compiled once per design (seed 000: 2018-07-12, 2018-08-01)."""

from dataclasses import dataclass
from functools import lru_cache

from ..models import AllowedField, ConnectorVersion, EnabledEndpoint
from .presenters import SHAPES


@dataclass(frozen=True)
class AllowList:
    allow_all: bool  # development, ALLOW_ALL mode: every endpoint answers (seed 000, 2021-01-25)
    endpoints: frozenset  # enabled endpoint ids
    fields: dict  # endpoint id → frozenset of allowed field paths


@lru_cache(maxsize=512)
def _load(version_id: int, updated_at, endpoint_mode: str) -> AllowList:
    # updated_at is part of the key: every design change bumps it, so a stale list is never served.
    enabled = frozenset(EnabledEndpoint.objects.filter(version_id=version_id).values_list("endpoint_id", flat=True))
    fields: dict[int, set] = {}
    for endpoint_id, path in AllowedField.objects.filter(version_id=version_id).values_list(
        "endpoint_id", "field__path"
    ):
        fields.setdefault(endpoint_id, set()).add(path)
    return AllowList(
        allow_all=endpoint_mode == ConnectorVersion.EndpointMode.ALLOW_ALL,
        endpoints=enabled,
        fields={endpoint_id: frozenset(paths) for endpoint_id, paths in fields.items()},
    )


def for_version(version) -> AllowList:
    return _load(version.pk, version.updated_at, version.endpoint_mode)


@lru_cache(maxsize=2048)
def compiled(shape_name: str, allowed: frozenset):
    """The shape's accessors for exactly these fields, built once per distinct allow-list."""
    return SHAPES[shape_name].compile(allowed)


@lru_cache(maxsize=32)
def everything(shape_name: str) -> frozenset:
    """All field paths of a shape: what an ALLOW_ALL development version sees of endpoints it did not enable.

    A catalogued model Epdee does not show yet (documents) has no shape and so no fields."""
    shape = SHAPES.get(shape_name)
    return frozenset(shape.fields) if shape is not None else frozenset()
