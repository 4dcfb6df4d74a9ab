"""The tabs of a connector version's page: a registry the apps fill in their AppConfig.ready().

Connectors registers the technical design; certificates registers its Certificates tab (connectors never
imports certificates). A tab names its template (a partial in an includes/ folder) and, optionally, a
function that adds what the template needs: `context(request, version, **state) -> dict`, where `state`
holds what a refused post keeps on screen (the design tab's bound form).
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class VersionTab:
    key: str
    label: str
    template: str
    order: int = 100
    context: Callable | None = None

    def context_for(self, request, version, **state) -> dict:
        return self.context(request, version, **state) if self.context else {}


_TABS: dict[str, VersionTab] = {}


def register_version_tab(
    key: str, label, template: str, order: int = 100, context: Callable | None = None
) -> VersionTab:
    """Add a tab (again on a second ready(), e.g. in tests, replacing the same key)."""
    tab = VersionTab(key=key, label=label, template=template, order=order, context=context)
    _TABS[key] = tab
    return tab


def version_tabs() -> list[VersionTab]:
    return sorted(_TABS.values(), key=lambda tab: (tab.order, tab.key))


def version_tab(key: str | None) -> VersionTab:
    """The tab asked for, or the first one when the key is unknown."""
    return _TABS.get(key or "") or version_tabs()[0]
