"""Dashboard routes of the clinic's booking area (included by urls.py).

None yet: the booking page itself is public and host-resolved (epdee/clinic/booking_urls.py at /boeken/);
locations, appointment types and practitioners are set up on the agenda area's pages.
"""

urlpatterns = []
