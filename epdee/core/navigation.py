"""The site's navigation as a registry: each app adds its menu items, navbar widgets and footer links in
`AppConfig.ready()`, so the shared kernel and the base layout name no app (as NetBox's navigation menu).

An item names a URL (`url_name`, skipped when that URL is not installed), a place (`order`, and the `menu` it
sits in, if any) and who sees it (`visible(request) -> bool`). Visibility only tidies the menu: every page
still checks access through its services.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse


def always(request) -> bool:
    return True


def signed_in(request) -> bool:
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated


def in_tenant(request) -> bool:
    """A member of the organisation the request acts for."""
    return signed_in(request) and getattr(request, "membership", None) is not None


def tenant_admin(request) -> bool:
    return in_tenant(request) and request.membership.is_admin


def platform_staff(request) -> bool:
    return signed_in(request) and request.user.is_staff


@dataclass(frozen=True)
class Menu:
    key: str
    label: str
    order: int


@dataclass(frozen=True)
class MenuItem:
    label: str
    url_name: str
    order: int
    menu: str | None = None
    visible: Callable = always


@dataclass(frozen=True)
class NavbarWidget:
    """A template included in the navbar's right side for those it is visible to (e.g. a notification bell)."""

    template: str
    order: int
    visible: Callable = always


@dataclass(frozen=True)
class FooterLink:
    label: str
    url_name: str
    order: int


_menus: dict[str, Menu] = {}
_items: dict[tuple[str | None, str], MenuItem] = {}
_widgets: dict[str, NavbarWidget] = {}
_footer: dict[str, FooterLink] = {}


def register_menu(key: str, label: str, *, order: int) -> None:
    """A dropdown menu in the main navigation; items join it with `menu=key`."""
    _menus[key] = Menu(key, label, order)


def register_item(label: str, url_name: str, *, order: int, menu: str | None = None, visible=always) -> None:
    _items[(menu, url_name)] = MenuItem(label, url_name, order, menu, visible)


def register_widget(template: str, *, order: int, visible=always) -> None:
    _widgets[template] = NavbarWidget(template, order, visible)


def register_footer_link(label: str, url_name: str, *, order: int) -> None:
    _footer[url_name] = FooterLink(label, url_name, order)


def _url(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:  # a page of an area that is not installed
        return None


def _is_active(url: str, path: str) -> bool:
    return url == path or (url != "/" and path.startswith(url))


def main_menu(request) -> list[tuple]:
    """(label, url, active, children) per entry; a dropdown has url None and children (label, url, active)."""
    path = getattr(request, "path", "")
    entries: list[tuple[int, tuple]] = []
    children: dict[str, list[tuple[int, tuple]]] = {}
    for item in _items.values():
        if not item.visible(request) or (url := _url(item.url_name)) is None:
            continue
        entry = (item.label, url, _is_active(url, path))
        if item.menu is None:
            entries.append((item.order, (*entry, [])))
        else:
            children.setdefault(item.menu, []).append((item.order, entry))
    for key, members in children.items():
        menu = _menus[key]
        ordered = [entry for _, entry in sorted(members, key=lambda pair: pair[0])]
        entries.append((menu.order, (menu.label, None, any(active for _, _, active in ordered), ordered)))
    return [entry for _, entry in sorted(entries, key=lambda pair: pair[0])]


def navbar_widgets(request) -> list[str]:
    return [widget.template for widget in sorted(_widgets.values(), key=lambda w: w.order) if widget.visible(request)]


def footer_links() -> list[tuple[str, str]]:
    links = sorted(_footer.values(), key=lambda link: link.order)
    return [(link.label, url) for link in links if (url := _url(link.url_name)) is not None]
