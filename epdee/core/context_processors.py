"""Template context for the site layout: the navigation a user's roles give him."""

from django.urls import NoReverseMatch, reverse


def _url(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:  # a page of an area that is not installed
        return None


def _links(*pairs) -> list[tuple[str, str]]:
    return [(label, url) for label, name in pairs if (url := _url(name))]


def _practice_items(membership) -> list:
    """A care organisation's members: their practice first, settings in a menu."""
    items = _links(("Patients", "clinic:patients"), ("Agenda", "clinic:agenda"), ("Invoices", "clinic:invoices"))
    settings = _links(
        ("Members", "members"),
        ("Locations and agenda", "clinic:locations"),
        ("Workflows", "clinic:workflows"),
        ("Notifications", "clinic:notifications"),
    )
    if membership.is_admin:
        settings += _links(
            ("Certificate requests", "certificates:requests"),
            ("API tokens", "clinic:api-tokens"),
            ("Webhooks", "clinic:webhooks"),
            ("Branding", "clinic:branding"),
            ("Export all data", "clinic:export"),
        )
    return [*items, ("Practice", settings)] if settings else items


def navigation(request):
    user = getattr(request, "user", None)
    items: list = [("Home", reverse("home"))]
    if user is not None and user.is_authenticated:
        membership = getattr(request, "membership", None)
        if membership is not None:
            items += _practice_items(membership)
        if user.supplier_memberships.exists():
            items += _links(("Connectors", "connectors:index"))
        items += _links(("Library", "library:index"))
        if user.is_staff:
            items.append(("Admin", reverse("admin:index")))
    items += _links(("News", "news:index"), ("API", "api-docs"))
    path = request.path if request is not None else ""

    def active(url):
        return url == path or (url != "/" and path.startswith(url))

    nav = []
    for label, target in items:
        if isinstance(target, list):  # a menu: (label, None, active, [(child, url, active), …])
            children = [(child, url, active(url)) for child, url in target]
            nav.append((label, None, any(is_active for _, _, is_active in children), children))
        else:
            nav.append((label, target, active(target), []))
    return {
        "nav_items": nav,
        "current_tenant": getattr(request, "tenant", None),
        "current_membership": getattr(request, "membership", None),
    }
