"""Every state change of the clinic, one module per area; views, API, admin and tasks call these."""
