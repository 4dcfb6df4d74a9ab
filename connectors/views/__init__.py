"""Pages of the connectors app: the supplier dashboard, the public intake form and the news."""
