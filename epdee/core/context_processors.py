"""Template context for the site layout: the navigation a user's roles give him."""

from django.urls import reverse


def navigation(request):
    user = getattr(request, "user", None)
    items = [("Home", reverse("home"))]
    if user is not None and user.is_authenticated:
        if getattr(request, "membership", None) is not None:
            items.append(("Members", reverse("members")))
            items += [("Certificate requests", reverse("certificates:requests"))] if request.membership.is_admin else []
        items += [("Connectors", reverse("connectors:index"))] if user.supplier_memberships.exists() else []
        items.append(("Library", reverse("library:index")))
        if user.is_staff:
            items.append(("Admin", reverse("admin:index")))
    items.append(("News", reverse("news:index")))
    items.append(("API", reverse("api-docs")))
    path = request.path if request is not None else ""
    return {
        "nav_items": [(label, url, url == path or (url != "/" and path.startswith(url))) for label, url in items],
        "current_tenant": getattr(request, "tenant", None),
        "current_membership": getattr(request, "membership", None),
    }
