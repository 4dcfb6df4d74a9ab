"""Dashboard routes of the clinic's portal area (included by urls.py).

The patient portal itself is public and lives on the tenant's host name: see epdee/clinic/public_urls.py.
"""

urlpatterns = []
