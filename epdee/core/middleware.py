"""Request middleware of the shared kernel: audit context and tenant resolution."""

from .audit import current_request
from .tenancy import is_tenant_exempt, resolve_tenant


class AuditContextMiddleware:
    """Makes the request available to audit receivers that are not handed it (admin, services)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            current_request.reset(token)


class TenantMiddleware:
    """Sets request.tenant and request.membership; API authentication may set them again."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.tenant = None
        request.membership = None
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Resolved after URL matching so that exempt views (health checks) never query the database.
        if not is_tenant_exempt(view_func):
            request.tenant, request.membership = resolve_tenant(request)
        return None
