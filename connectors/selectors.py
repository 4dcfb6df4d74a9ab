"""What a user may see of suppliers, connectors and versions: a supplier's members see only their supplier's.

Lists are querysets scoped to the actor's suppliers; a detail of another supplier raises NotFound (404), so
nobody learns that it exists. The endpoint catalog and the published news are public.
"""

from django.db.models import Count, OuterRef, Prefetch, Subquery

from epdee.core.errors import NotFound
from epdee.core.permissions import allowed, as_actor

from .models import Connector, ConnectorVersion, Endpoint, NewsPost, SupplierMembership


def _user(by):
    actor = as_actor(by)
    return actor.user if actor.is_person else None


def memberships(*, by):
    """The actor's memberships of active suppliers."""
    user = _user(by)
    if user is None:
        return SupplierMembership.objects.none()
    return SupplierMembership.objects.filter(user=user, supplier__is_active=True).select_related("supplier")


def suppliers_of(*, by) -> list:
    return [membership.supplier for membership in memberships(by=by)]


def connectors_for(*, by):
    """Connectors the actor may see: those of his suppliers (another supplier's are a 404)."""
    user = _user(by)
    if user is None:
        return Connector.objects.none()
    return Connector.objects.filter(supplier__memberships__user=user, supplier__is_active=True).distinct()


def connector_list(*, by):
    """The actor's connectors with their newest version's number and stage, for the dashboard's table."""
    newest = ConnectorVersion.objects.filter(connector=OuterRef("pk")).order_by("-number")
    return (
        connectors_for(by=by)
        .select_related("supplier")
        .annotate(
            newest_id=Subquery(newest.values("pk")[:1]),
            newest_number=Subquery(newest.values("number")[:1]),
            newest_stage=Subquery(newest.values("stage")[:1]),
            version_count=Count("versions", distinct=True),
        )
    )


def connectors_with_versions(*, by):
    """The actor's connectors with their versions, newest first (the API)."""
    return (
        connectors_for(by=by)
        .select_related("supplier")
        .prefetch_related(Prefetch("versions", ConnectorVersion.objects.order_by("-number")))
        .order_by("name")
    )


def connector_detail(connector_id, *, by) -> Connector:
    try:
        return connectors_for(by=by).select_related("supplier").get(pk=connector_id)
    except Connector.DoesNotExist:
        raise NotFound() from None


def versions_of(connector, *, by):
    """A connector's versions, newest first, with the number of endpoints each enables."""
    return (
        versions_for(by=by)
        .filter(connector=connector)
        .select_related("reviewed_by")
        .annotate(endpoint_count=Count("enabled_endpoints"))
        .order_by("-number")
    )


def versions_for(*, by):
    return ConnectorVersion.objects.filter(connector__in=connectors_for(by=by))


def version_detail(version_id, *, by) -> ConnectorVersion:
    try:
        return versions_for(by=by).select_related("connector__supplier", "reviewed_by", "based_on").get(pk=version_id)
    except ConnectorVersion.DoesNotExist:
        raise NotFound() from None


def may_retire(version, *, by) -> bool:
    """Whether to offer the Retire button (the service decides)."""
    return allowed(by, "connectors.retire", version)


def endpoint_catalog():
    """The whole endpoint catalog, with deprecations (public to every signed-in user)."""
    return Endpoint.objects.select_related("api_model", "replacement").order_by("resource", "path", "method")


def published_posts(kind: str | None = None):
    """What the public sees of the news, newest first; `kind` narrows it to one NewsPost.Kind when given."""
    posts = NewsPost.objects.filter(is_published=True).order_by("-date", "-id")
    if kind:
        posts = posts.filter(kind=kind)
    return posts


def published_post(pk) -> NewsPost:
    try:
        return published_posts().get(pk=pk)
    except NewsPost.DoesNotExist:
        raise NotFound() from None


def design_of(version) -> dict:
    """{endpoint: [field paths]} of a version, as services.update_design takes it."""
    endpoints = {item.endpoint_id: item.endpoint for item in version.enabled_endpoints.select_related("endpoint")}
    design = {endpoint: [] for endpoint in endpoints.values()}
    for endpoint_id, path in version.allowed_fields.values_list("endpoint_id", "field__path"):
        if endpoint_id in endpoints:
            design[endpoints[endpoint_id]].append(path)
    return design


def deprecation_warnings(version) -> list[dict]:
    """Enabled endpoints that are deprecated, with their removal date and replacement (for the version page)."""
    enabled = version.enabled_endpoints.select_related("endpoint__replacement").filter(
        endpoint__deprecated_on__isnull=False
    )
    return [
        {
            "endpoint": item.endpoint,
            "removal_date": item.endpoint.removal_date,
            "removed": item.endpoint.is_removed(),
            "replacement": item.endpoint.replacement,
            "note": item.endpoint.replacement_note,
        }
        for item in enabled
    ]
