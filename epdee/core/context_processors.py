"""Template context for the site layout: the navigation the apps registered, for this user's roles."""

from . import navigation


def navigation_context(request):
    return {
        "nav_items": navigation.main_menu(request),
        "navbar_widgets": navigation.navbar_widgets(request),
        "footer_links": navigation.footer_links(),
        "current_tenant": getattr(request, "tenant", None),
        "current_membership": getattr(request, "membership", None),
    }
