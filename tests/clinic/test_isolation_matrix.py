"""Tenant isolation, generated over the URL conf: for every tenant API route, a user and a token of tenant A
using tenant B's ids get 404 and change nothing, and lists never contain B's rows.

A new tenant route is covered automatically: its view declares the model its URL names (`model`, see
epdee/clinic/api/views/base.py), and FACTORIES must know how to make one (the test fails when it does not).
"""

import re
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.test import APIClient

from epdee.clinic.api.views.base import InTenant, TenantAPIView
from epdee.core.models import ApiToken, TenantMembership
from epdee.core.services.tokens import create_api_token
from tests.clinic.factories import (
    FACTORIES,
    AppointmentFactory,
    AppointmentTypeFactory,
    CareActivityFactory,
    InvoiceFactory,
    LocationFactory,
    NotificationFactory,
    OpeningHoursFactory,
    PatientFactory,
    PractitionerFactory,
    ScheduleExceptionFactory,
    WebhookDeliveryFactory,
    WebhookEndpointFactory,
    WorkflowFactory,
    WorkflowStepFactory,
)
from tests.core.factories import MembershipFactory, TenantFactory

WRITE_METHODS = ("post", "put", "patch", "delete")


@dataclass(frozen=True)
class Route:
    path: str  # with {kwarg} placeholders
    kwargs: tuple[str, ...]
    view: type


def _walk(patterns, prefix=""):
    for pattern in patterns:
        regex = str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + regex)
        elif isinstance(pattern, URLPattern):
            yield prefix + regex, pattern.callback


def _template(route: str) -> tuple[str, tuple[str, ...]]:
    route = route.lstrip("^").rstrip("$")
    kwargs = tuple(re.findall(r"<(?:\w+:)?(\w+)>", route))
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route), kwargs


def tenant_routes() -> list[Route]:
    routes = []
    for raw, callback in _walk(get_resolver().url_patterns):
        view = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
        if view is None or not raw.lstrip("^").startswith("api/"):
            continue
        permissions = getattr(view, "permission_classes", [])
        if not any(isinstance(p, type) and issubclass(p, InTenant) for p in permissions):
            continue
        path, kwargs = _template(raw)
        routes.append(Route(path, kwargs, view))
    return routes


ROUTES = tenant_routes()


def _id(route):
    return route.path


@pytest.fixture
def two_tenants(db):
    tenant_a, tenant_b = TenantFactory(name="Tenant A"), TenantFactory(name="Tenant B")
    admin_a = MembershipFactory(tenant=tenant_a, role=TenantMembership.Role.ADMIN)
    return tenant_a, tenant_b, admin_a


def _clients(admin_a):
    session = APIClient()
    session.force_login(admin_a.user)
    _, raw = create_api_token(admin_a.user, name="isolation", scope="read_write", tenant=admin_a.tenant)
    token = APIClient()
    token.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    return {"session": session, "token": token}


def _listed_ids(body) -> set:
    rows = body.get("results", []) if isinstance(body, dict) else body
    return {row.get("id") for row in rows if isinstance(row, dict)}


def test_the_matrix_covers_the_tenant_api():
    # Guards the walker: if it finds nothing the matrix would pass vacuously.
    paths = {route.path for route in ROUTES}
    assert len(paths) >= 8, paths


@pytest.mark.parametrize("route", [r for r in ROUTES if r.kwargs], ids=_id)
def test_another_tenants_object_is_not_found(two_tenants, route):
    tenant_a, tenant_b, admin_a = two_tenants
    assert issubclass(route.view, TenantAPIView) and route.view.model is not None, (
        f"{route.path}: a tenant view with an id in its URL must set `model`"
    )
    factory = FACTORIES.get(route.view.model)
    assert factory is not None, f"tests/clinic/factories.py FACTORIES has no factory for {route.view.model}"
    theirs = factory(tenant=tenant_b)
    url = route.path.format(**dict.fromkeys(route.kwargs, theirs.pk))
    before = {f.name: getattr(theirs, f.attname) for f in theirs._meta.concrete_fields}
    allowed = [m for m in ("get", *WRITE_METHODS) if hasattr(route.view, m)]
    for name, client in _clients(admin_a).items():
        for method in allowed:
            response = getattr(client, method)(url, {}, format="json")
            assert response.status_code == 404, f"{name} {method.upper()} {url} → {response.status_code}"
    theirs.refresh_from_db()
    assert {f.name: getattr(theirs, f.attname) for f in theirs._meta.concrete_fields} == before


@pytest.mark.parametrize("route", [r for r in ROUTES if not r.kwargs and hasattr(r.view, "get")], ids=_id)
def test_lists_never_contain_another_tenants_rows(two_tenants, route):
    tenant_a, tenant_b, admin_a = two_tenants
    model = getattr(route.view, "model", None)
    theirs = FACTORIES[model](tenant=tenant_b) if model in FACTORIES else None
    for name, client in _clients(admin_a).items():
        response = client.get(route.path)
        assert response.status_code in (200, 400), f"{name} GET {route.path} → {response.status_code}"
        if theirs is not None and response.status_code == 200 and "json" in response.get("Content-Type", ""):
            assert theirs.pk not in _listed_ids(response.json()), f"{name} GET {route.path} shows B's row"


def test_a_member_of_no_tenant_gets_404_everywhere(db):
    from tests.core.factories import UserFactory

    client = APIClient()
    client.force_login(UserFactory())
    for route in ROUTES:
        url = route.path.format(**dict.fromkeys(route.kwargs, 1))
        if hasattr(route.view, "get"):
            assert client.get(url).status_code == 404, url


# --- the dashboard pages --------------------------------------------------------------------------------
# Every /praktijk/ page with an id in its URL names here how to make tenant B's object(s) for its kwargs.
# A new page fails test_every_dashboard_page_with_an_id_is_in_the_matrix until it is added.


def _one(factory_class, kwarg="pk"):
    return lambda tenant: {kwarg: factory_class(tenant=tenant).pk}


def _hours(tenant):
    hours = OpeningHoursFactory(tenant=tenant)
    return {"pk": hours.location_id, "hours_pk": hours.pk}


def _exception(tenant):
    exception = ScheduleExceptionFactory(tenant=tenant)
    return {"pk": exception.location_id, "exception_pk": exception.pk}


def _step(tenant):
    step = WorkflowStepFactory(tenant=tenant)
    return {"pk": step.workflow_id, "step_pk": step.pk}


def _token(tenant):
    owner = MembershipFactory(tenant=tenant, role=TenantMembership.Role.ADMIN)
    token, _ = create_api_token(owner.user, name="theirs", scope="read", tenant=tenant)
    return {"token_id": token.pk}


def _delivery(tenant):
    delivery = WebhookDeliveryFactory(tenant=tenant)
    return {"endpoint_id": delivery.endpoint_id, "delivery_id": delivery.pk}


PAGE_OBJECTS = {
    "patient": _one(PatientFactory),
    "patient-edit": _one(PatientFactory),
    "patient-gp-link": _one(PatientFactory),
    "patient-gp-unlink": _one(PatientFactory),
    "patient-dossier-add": _one(PatientFactory),
    "location": _one(LocationFactory),
    "location-edit": _one(LocationFactory),
    "location-hours-add": _one(LocationFactory),
    "location-hours-delete": _hours,
    "location-exception-add": _one(LocationFactory),
    "location-exception-delete": _exception,
    "appointment-type-edit": _one(AppointmentTypeFactory),
    "practitioner-edit": _one(PractitionerFactory),
    "appointment": _one(AppointmentFactory),
    "appointment-status": _one(AppointmentFactory),
    "invoice": _one(InvoiceFactory),
    "invoice-pdf": _one(InvoiceFactory),
    "invoice-send": _one(InvoiceFactory),
    "invoice-pay": _one(InvoiceFactory),
    "invoice-credit": _one(InvoiceFactory),
    "care-activity-delete": _one(CareActivityFactory),
    "workflow": _one(WorkflowFactory),
    "workflow-delete": _one(WorkflowFactory),
    "workflow-step-add": _one(WorkflowFactory),
    "workflow-steps-reorder": _one(WorkflowFactory),
    "workflow-step-move": _step,
    "workflow-step-remove": _step,
    "notification-read": _one(NotificationFactory),
    "api-token-revoke": _token,
    "webhook": _one(WebhookEndpointFactory, "endpoint_id"),
    "webhook-toggle": _one(WebhookEndpointFactory, "endpoint_id"),
    "webhook-rotate": _one(WebhookEndpointFactory, "endpoint_id"),
    "webhook-delete": _one(WebhookEndpointFactory, "endpoint_id"),
    "webhook-resend": _delivery,
}


def dashboard_pages_with_ids() -> list[str]:
    names = []
    for pattern in get_resolver().url_patterns:
        if isinstance(pattern, URLResolver) and str(pattern.pattern) == "praktijk/":
            names = [name for name, (formats, *_rest) in _named(pattern) if formats and formats[0][1]]
    return sorted(set(names))


def _named(resolver):
    """(url name, reverse data) of every named route under the resolver."""
    return [(name, data) for name, data in resolver.reverse_dict.items() if isinstance(name, str)]


PAGES = dashboard_pages_with_ids()


def _tenant_rows(tenant) -> dict:
    """Every row tenant B owns, as stored: the page must have changed none of them."""
    models = [m for m in apps.get_app_config("clinic").get_models() if hasattr(m, "tenant")] + [ApiToken]
    return {m.__name__: list(m.objects.filter(tenant=tenant).order_by("pk").values()) for m in models}


def test_every_dashboard_page_with_an_id_is_in_the_matrix():
    assert len(PAGES) >= 30, PAGES  # guards the walker
    assert set(PAGES) <= set(PAGE_OBJECTS), f"add these pages to PAGE_OBJECTS: {set(PAGES) - set(PAGE_OBJECTS)}"


@pytest.mark.parametrize("name", PAGES)
def test_a_dashboard_page_of_another_tenants_object_is_not_found(client, two_tenants, name):
    tenant_a, tenant_b, admin_a = two_tenants
    theirs = PAGE_OBJECTS[name](tenant_b)
    urls = [reverse(f"clinic:{name}", kwargs=theirs)]
    if len(theirs) == 2:  # A's own parent with B's child: the child must be looked up under the parent
        ours, (child, child_pk) = PAGE_OBJECTS[name](tenant_a), list(theirs.items())[1]
        urls.append(reverse(f"clinic:{name}", kwargs={**ours, child: child_pk}))
    before = _tenant_rows(tenant_b)
    client.force_login(admin_a.user)
    for url in urls:
        # A POST-only page answers GET with 405 before it looks anything up, which tells nothing either.
        assert client.get(url).status_code in (404, 405), f"GET {url}"
        response = client.post(url)
        assert response.status_code == 404, f"POST {url} → {response.status_code}"
    assert _tenant_rows(tenant_b) == before
