"""The OpenAPI document of the Epdee APIs, generated once per process and language."""

import threading

from django.utils import translation
from drf_spectacular.views import SpectacularAPIView
from rest_framework.response import Response


class SchemaView(SpectacularAPIView):
    """drf-spectacular's generator keeps state in module globals and is not thread-safe (drf-spectacular issues
    1123 and 1368): requests that generated the document at once in one gunicorn worker failed with a 500. The
    document depends only on the code and the language, so it is generated under a lock, once, and then served
    from memory (which also spares every later request the second it takes to generate)."""

    _lock = threading.Lock()
    _documents: dict = {}

    def _get_schema_response(self, request):
        version = self.api_version or request.version or self._get_version_parameter(request)
        key = (version, translation.get_language(), self.serve_public)
        with self._lock:
            document = self._documents.get(key)
            if document is None:
                generator = self.generator_class(urlconf=self.urlconf, api_version=version, patterns=self.patterns)
                document = self._documents[key] = generator.get_schema(request=request, public=self.serve_public)
        return Response(
            data=document,
            headers={"Content-Disposition": f'inline; filename="{self._get_filename(request, version)}"'},
        )
