"""Error pages: an API client gets JSON in the shape DRF answers with, a person the site's page."""

from django.http import JsonResponse
from django.shortcuts import render
from django.views import defaults

API_PREFIXES = ("/api/",)


def page_not_found(request, exception):
    if request.path.startswith(API_PREFIXES):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)


def application_error_page(request, error):
    """A refusal no page handled itself (a conflict, a rate limit): the message and what to do next."""
    response = render(request, "application_error.html", {"error": error}, status=error.status_code)
    retry_after = getattr(error, "retry_after", None)
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response
