"""django-filter FilterSets of the tenant API's lists (seed 004) and of the dashboard pages that list the same rows,
one module per area."""
