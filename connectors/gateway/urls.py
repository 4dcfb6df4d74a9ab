"""The connector API lives at the root, as in the catalog: /t/… (technical context) and /f/… (functional)."""

from django.urls import re_path

from .views import gateway

urlpatterns = [
    # One dispatcher: the catalog, not the URL conf, decides which calls exist (a wrong method is 405).
    re_path(r"^(?P<path>[tf]/.*)$", gateway, name="gateway"),
]
