"""The platform's own area (superadmin): care organisations applying to use Epdee, and later tenants, plans
and billing, metrics and impersonation."""
