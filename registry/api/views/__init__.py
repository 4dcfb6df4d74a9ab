"""Views of the registry API, one module per group of the spec's tags."""
