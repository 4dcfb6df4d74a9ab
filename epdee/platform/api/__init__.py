"""The platform's API: the public signup endpoint (seed 004)."""
