"""Dashboard pages of the data exit."""
