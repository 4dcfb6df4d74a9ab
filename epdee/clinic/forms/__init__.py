"""Forms of the clinic's dashboard and public pages, one module per area."""
