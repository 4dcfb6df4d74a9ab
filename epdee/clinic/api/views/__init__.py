"""Views of the tenant API (seed 004), one module per area; base.py holds what they share."""
