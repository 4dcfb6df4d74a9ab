"""Staff screens of the clinic app. Patient data is not browsable in the platform admin on purpose:
only the care organisation's own members see it, through the audited dashboard and API."""

from . import admin_signup  # noqa: E402,F401  (registers the signup applications screen)
