"""Error pages: an API client gets JSON in the shape DRF answers with, a person the site's page."""

from django.http import JsonResponse
from django.views import defaults

API_PREFIXES = ("/api/",)


def page_not_found(request, exception):
    if request.path.startswith(API_PREFIXES):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)
