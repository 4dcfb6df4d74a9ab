"""Staff screens of the clinic app. Patient data is not browsable in the platform admin on purpose:
only the care organisation's own members see it, through the audited dashboard and API."""
