"""Views of the platform's API."""
