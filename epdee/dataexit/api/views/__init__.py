"""API views of the data exit."""
