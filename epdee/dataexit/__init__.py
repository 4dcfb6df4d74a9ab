"""Data exit: a practice takes its data with it (the tenant export)."""
