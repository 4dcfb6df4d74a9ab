"""The data exit's part of the tenant API."""
