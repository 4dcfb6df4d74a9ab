"""The only gate for reads of patient data (HackSoft's selectors), one module per area.

A selector takes the actor and the tenant, authorises the read (`permissions.require(by, "tenant.view",
tenant)`), and returns rows that record the NEN 7513 read event themselves: a detail raises
`epdee.core.errors.NotFound` for another tenant's id and records one event; a list returns a queryset
scoped to the tenant and made `.audited(...)`, so the event names exactly the rows of the page shown.
Views, the API, the gateway, exports and tasks read patient data only through these functions.
"""
