"""Dashboard pages of the shared kernel: the home page, the organisation's members and switch, API tokens."""
