"""Request middleware of the shared kernel: audit context, tenant resolution, refusals no page handled."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.utils.cache import patch_cache_control

from . import errors
from .audit import current_request
from .error_pages import application_error_page
from .tenancy import is_tenant_exempt, resolve_tenant


class AuditContextMiddleware:
    """Makes the request available to audit receivers that are not handed it (admin, services), and keeps a
    response that carried patient data (an audit event named patients) out of every cache: browser, proxy, disk."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_request.set(request)
        try:
            response = self.get_response(request)
        finally:
            current_request.reset(token)
        if getattr(request, "epdee_patient_data", False):
            patch_cache_control(response, no_store=True, private=True)
            response["Pragma"] = "no-cache"  # HTTP/1.0 caches
        return response


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


class ApplicationErrorMiddleware:
    """A page whose service refused and that did not show the refusal itself: 404, 403 or the message page.

    Pages that can show the message next to the input catch the error (the form mixin); this is the rest.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, errors.ApplicationError):
            return None
        if isinstance(exception, errors.NotFound):
            raise Http404(exception.message) from exception
        if isinstance(exception, errors.PermissionDenied):
            raise DjangoPermissionDenied(exception.message) from exception
        return application_error_page(request, exception)
