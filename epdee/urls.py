"""Top-level URLs: dashboard, accounts, admin, APIs and their documentation."""

from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_update
from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerSplitView
from oauth2_provider import urls as oauth2_urls
from oauth2_provider.views import AuthorizationView

from certificates import urls as certificates_urls
from connectors import urls as connectors_urls
from epdee.clinic import urls as clinic_urls
from epdee.core.api.schema_view import SchemaView

# The API viewers style their widgets with inline styles; they show no patient data.
_docs_csp = csp_update({"style-src": [UNSAFE_INLINE]})
# The OAuth2 consent form redirects to the client's own redirect URI after posting.
_consent_csp = csp_update({"form-action": [SELF, "https:", "http://localhost:*", "http://127.0.0.1:*"]})


def _numeric_ids(patterns):
    """django-oauth-toolkit's client pages take any slug as an id and answer "x" with a 500 (ValueError);
    here they take numbers only, so anything else is a 404."""
    return [
        path(str(pattern.pattern).replace("<slug:pk>", "<int:pk>"), pattern.callback, name=pattern.name)
        if "<slug:pk>" in str(pattern.pattern)
        else pattern
        for pattern in patterns
    ]


urlpatterns = [
    path("", include("epdee.core.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("security/", include(certificates_urls.public_urlpatterns)),
    path("certificates/", include("certificates.urls")),
    path("api/", include("epdee.core.api.urls")),
    path("api/", include("connectors.api.urls")),
    path("api/", include("epdee.clinic.api.urls")),
    path("api/", include("epdee.dataexit.api.urls")),
    path("praktijk/", include("epdee.dataexit.urls")),
    path("api/", include("epdee.platform.api.urls")),
    path("praktijk/", include("epdee.clinic.urls")),
    path("boeken/", include((clinic_urls.booking_urlpatterns, "booking"))),
    path("", include((clinic_urls.public_urlpatterns, "clinic-public"))),
    path("", include("epdee.platform.urls")),
    path("registry/v1beta2/", include("registry.api.urls")),
    path("library/", include("registry.urls")),
    path("news/", include((connectors_urls.news_urlpatterns, "news"))),
    path("connectors/", include("connectors.urls")),
    path("", include("connectors.gateway.urls")),
    path("suppliers/", include((connectors_urls.apply_urlpatterns, "suppliers"))),
    path("o/authorize/", _consent_csp(AuthorizationView.as_view())),
    path("o/", include((_numeric_ids(oauth2_urls.urlpatterns), "oauth2_provider"), namespace="oauth2_provider")),
    path("api/schema/", SchemaView.as_view(), name="api-schema"),
    path("api/docs/", _docs_csp(SpectacularSwaggerSplitView.as_view(url_name="api-schema")), name="api-docs"),
    path("api/docs/redoc/", _docs_csp(SpectacularRedocView.as_view(url_name="api-schema")), name="api-redoc"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# An unknown /api/ path (or an id that does not fit the route) answers JSON like the API's own 404s.
handler404 = "epdee.core.error_pages.page_not_found"
