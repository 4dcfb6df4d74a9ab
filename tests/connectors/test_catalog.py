"""The endpoint catalog that migration 0002 loads: the endpoints, seed 000's deprecations, models, re-syncs."""

import copy
from datetime import date

import pytest
from django.db import connection
from django.db.models import ProtectedError
from django.test.utils import CaptureQueriesContext

from connectors import catalog_data
from connectors.models import (
    AllowedField,
    ApiModel,
    ApiModelField,
    Connector,
    ConnectorVersion,
    Endpoint,
    Supplier,
)
from connectors.services.catalog import CatalogError, check_catalog, sync_catalog
from epdee.core.errors import PermissionDenied
from epdee.core.permissions import SYSTEM
from tests.core.factories import UserFactory

pytestmark = pytest.mark.django_db

# The endpoints the gateway serves (task brief; paths as seed 000 writes them).
SERVED = [
    ("GET", "/t/clients"),
    ("GET", "/t/clients/{id}"),
    ("GET", "/t/clients/{id}/$"),
    ("GET", "/t/clients/by_bsn?bsn={bsn}"),
    ("GET", "/t/clients/by_identification_no/{identificationNo}"),
    ("GET", "/t/employees"),
    ("GET", "/t/employees/{id}"),
    ("GET", "/t/employees/{id}/$"),
    ("GET", "/t/employees/by_identification_no/{identificationNo}"),
    ("GET", "/t/teams"),
    ("GET", "/t/teams/{id}"),
    ("GET", "/t/teams/{id}/$"),
    ("GET", "/t/teams/by_code/{code}"),
    ("GET", "/t/users"),
    ("GET", "/t/users/{id}"),
    ("GET", "/t/users/by_user_name?user_name={user_name}"),
    ("GET", "/t/dossier/reports"),
    ("GET", "/t/dossier/reports/{id}"),
    ("POST", "/t/dossier/reports"),
    ("GET", "/t/dossier/care_activities"),
    ("GET", "/t/dossier/care_activities/{id}"),
    ("GET", "/t/dossier/medical/simplified_propensity_to_adverse_reaction"),
    ("GET", "/t/appointments"),
    ("GET", "/t/appointments/{id}"),
    ("GET", "/t/hermes/notifications"),
    ("GET", "/t/client_collab/shared_resources/{id}"),
]

# seed 000, 2020-07-29: "will be removed near the end of this year" — read as the last day of 2020.
END_OF_2020 = date(2020, 12, 31)
JULY_2020 = date(2020, 7, 29)
FUNCTIONAL = date(2019, 12, 17)
SHIELD = date(2019, 8, 27)

# Every deprecation of seed 000: (method, path, deprecated on, removed on, replacement, words the note must hold).
DEPRECATIONS = [
    # 2020-07-29, endpoints and their replacements, items 1-5.
    (
        "GET",
        "/t/users/by_user_name/{user_name}",
        JULY_2020,
        END_OF_2020,
        ("GET", "/t/users/by_user_name?user_name={user_name}"),
        None,
    ),
    ("GET", "/t/clients/by_bsn/{bsn}", JULY_2020, END_OF_2020, ("GET", "/t/clients/by_bsn?bsn={bsn}"), None),
    (
        "GET",
        "/t/dossier/medical/simplified/propensity_to_adverse_reaction",
        JULY_2020,
        END_OF_2020,
        ("GET", "/t/dossier/medical/simplified_propensity_to_adverse_reaction"),
        None,
    ),
    (
        "GET",
        "/t/client_collab/shared_resources",
        JULY_2020,
        END_OF_2020,
        ("GET", "/t/client_collab/shared_resources/{id}"),
        None,
    ),
    ("GET", "/t/portal/notifications", JULY_2020, END_OF_2020, ("GET", "/t/hermes/notifications"), None),
    # Item 6: "a special case - please contact us".
    ("GET", "/t/dossier/action_entries/{id}", JULY_2020, END_OF_2020, None, "contact"),
    ("GET", "/t/dossier/demand_entries/{id}", JULY_2020, END_OF_2020, None, "contact"),
    # "Some endpoints will be removed without an alternative."
    ("GET", "/t/authorization/user_team_responsibilities", JULY_2020, END_OF_2020, None, None),
    ("GET", "/t/clients/{client_id}/client_authorization", JULY_2020, END_OF_2020, None, None),
    ("GET", "/t/users/{user_id}/authorization_profiles", JULY_2020, END_OF_2020, None, None),
    ("GET", "/t/users/{user_id}/scoped_teams", JULY_2020, END_OF_2020, None, None),
    ("GET", "/t/users/{user_id}/viewable_locations", JULY_2020, END_OF_2020, None, None),
    # "We will also be removing the /f/-context" (deprecated 2019-12-17).
    # /f/ keeps working for versions that enabled it (2019-12-17): deprecated, never removed.
    ("GET", "/f/teams/{id}", FUNCTIONAL, None, ("GET", "/t/teams/by_code/{code}"), None),
    ("GET", "/f/teams/{id}/$", FUNCTIONAL, None, ("GET", "/t/teams/{id}/$"), "/t/teams/by_code/{code}"),
    (
        "GET",
        "/f/employees/{id}",
        FUNCTIONAL,
        None,
        ("GET", "/t/employees/by_identification_no/{identificationNo}"),
        None,
    ),
    (
        "GET",
        "/f/employees/{id}/$",
        FUNCTIONAL,
        None,
        ("GET", "/t/employees/{id}/$"),
        "/t/employees/by_identification_no/{identificationNo}",
    ),
    (
        "GET",
        "/f/clients/{id}",
        FUNCTIONAL,
        None,
        ("GET", "/t/clients/by_bsn?bsn={bsn}"),
        "/t/clients/by_identification_no/{identificationNo}",
    ),
    (
        "GET",
        "/f/clients/{id}/$",
        FUNCTIONAL,
        None,
        ("GET", "/t/clients/{id}/$"),
        "/t/clients/by_identification_no/{identificationNo}",
    ),
    # 2019-08-27, authorization & Shield APIs: technical endpoints under /t/, no removal announced.
    ("DELETE", "/t/authorization/authorization_profiles/{id}", SHIELD, None, None, "empty body"),
    ("DELETE", "/t/shield/definition/duties/{id}", SHIELD, None, None, "empty body"),
    ("DELETE", "/t/shield/definition/roles/{id}", SHIELD, None, None, "empty body"),
    ("DELETE", "/t/shield/definition/scopes/{id}", SHIELD, None, None, "empty body"),
    ("GET", "/t/authorization/authorization_profiles", SHIELD, None, None, "empty body"),
    ("GET", "/t/authorization/authorization_profiles/{id}", SHIELD, None, None, "empty body"),
    ("GET", "/t/authorization/authorizations", SHIELD, None, None, "empty body"),
    ("GET", "/t/authorization/authorizations/{id}", SHIELD, None, None, "empty body"),
    ("GET", "/t/authorization/user_location_responsibilities/x-stream-connect/data.xml", SHIELD, None, None, None),
    ("GET", "/t/authorization/user_team_responsibilities/x-stream-connect/data.xml", SHIELD, None, None, None),
    ("GET", "/t/shield/definition/roles", SHIELD, None, None, None),
    ("GET", "/t/shield/definition/roles/{id}", SHIELD, None, None, None),
    ("GET", "/t/shield/definition/tasks", SHIELD, None, None, None),
    ("POST", "/t/authorization/authorization_profiles", SHIELD, None, None, None),
    ("POST", "/t/shield/definition/duties", SHIELD, None, None, None),
    ("POST", "/t/shield/definition/roles", SHIELD, None, None, None),
    ("PUT", "/t/authorization/authorization_profiles/{id}", SHIELD, None, None, None),
    ("PUT", "/t/shield/definition/duties/{id}", SHIELD, None, None, None),
    ("PUT", "/t/shield/definition/roles/{id}", SHIELD, None, None, None),
    ("PUT", "/t/shield/definition/scopes/{id}", SHIELD, None, None, None),
]


def _sync(**data):
    return sync_catalog(ApiModel, ApiModelField, Endpoint, by=SYSTEM, **data)


def _snapshot():
    return (
        sorted(ApiModel.objects.values_list("id", "name", "description")),
        sorted(ApiModelField.objects.values_list("id", "api_model_id", "path", "type", "description", "position")),
        sorted(
            Endpoint.objects.values_list(
                "id",
                "method",
                "path",
                "context",
                "resource",
                "api_model_id",
                "returns_list",
                "description",
                "deprecated_on",
                "removal_date",
                "replacement_id",
                "replacement_note",
            )
        ),
    )


def test_the_migration_loads_every_served_endpoint():
    present = set(Endpoint.objects.values_list("method", "path"))

    assert set(SERVED) <= present
    assert (
        not Endpoint.objects.filter(method__in=["GET", "POST"], path__in=[p for _, p in SERVED])
        .filter(deprecated_on__isnull=False)
        .exists()
    )


def test_the_catalog_holds_exactly_the_data():
    assert Endpoint.objects.count() == len(catalog_data.ENDPOINTS)
    assert set(ApiModel.objects.values_list("name", flat=True)) == set(catalog_data.MODELS)
    assert ApiModelField.objects.count() == sum(len(m["fields"]) for m in catalog_data.MODELS.values())


@pytest.mark.parametrize(("method", "path", "deprecated_on", "removal_date", "replacement", "note"), DEPRECATIONS)
def test_every_deprecation_of_seed_000_is_in_the_catalog(method, path, deprecated_on, removal_date, replacement, note):
    endpoint = Endpoint.objects.select_related("replacement").get(method=method, path=path)

    assert endpoint.deprecated_on == deprecated_on
    assert endpoint.removal_date == removal_date
    if replacement is None:
        assert endpoint.replacement is None
        assert endpoint.replacement_note, "an endpoint without replacement says what to do instead"
    else:
        assert (endpoint.replacement.method, endpoint.replacement.path) == replacement
    if note:
        assert note.lower() in endpoint.replacement_note.lower()


def test_only_the_deprecations_of_seed_000_are_deprecated():
    deprecated = set(Endpoint.objects.filter(deprecated_on__isnull=False).values_list("method", "path"))

    assert deprecated == {(method, path) for method, path, *_ in DEPRECATIONS}


def test_removed_endpoints_answer_404_from_the_end_of_2020():
    endpoint = Endpoint.objects.get(method="GET", path="/t/portal/notifications")

    assert not endpoint.is_removed(on=date(2020, 12, 30))
    assert endpoint.is_removed(on=END_OF_2020)


def test_replacements_are_not_deprecated_and_return_the_same_model():
    deprecated = Endpoint.objects.filter(replacement__isnull=False).select_related("replacement")

    assert deprecated.count() == sum(1 for row in DEPRECATIONS if row[4])
    for endpoint in deprecated:
        assert endpoint.replacement.deprecated_on is None, endpoint
        # seed 000 (2020-07-29): alternatives were enabled for connectors using the deprecated endpoint, so a
        # field allow-list must carry over.
        assert endpoint.api_model_id == endpoint.replacement.api_model_id, endpoint


def test_every_endpoint_sits_in_the_context_its_path_names():
    for endpoint in Endpoint.objects.all():
        assert endpoint.path.startswith(f"/{endpoint.context}/"), endpoint
        assert "{}" not in endpoint.path, endpoint


def test_every_get_endpoint_that_returns_data_has_a_model_with_fields():
    served = Endpoint.objects.filter(method="GET", deprecated_on__isnull=True).select_related("api_model")

    assert served.count() >= len([1 for method, _ in SERVED if method == "GET"])
    for endpoint in served:
        assert endpoint.api_model is not None, endpoint
        assert endpoint.api_model.fields.exists(), endpoint
        assert endpoint.filters_fields


def test_every_nested_field_sits_under_an_object_or_array_field():
    types = {(f.api_model_id, f.path): f.type for f in ApiModelField.objects.all()}

    nested = [(model_id, path) for model_id, path in types if "." in path]
    assert len(nested) > 10
    for model_id, path in nested:
        parent = path.rpartition(".")[0]
        assert types.get((model_id, parent)) in ("object", "array"), path


def test_the_client_model_has_the_fields_data_filtering_names():
    # seed 000, 2018-08-01: "you are calling the client API and only need the birthday, firstname and address".
    paths = set(ApiModelField.objects.filter(api_model__name="Client").values_list("path", flat=True))

    assert {"birthDate", "firstName", "address", "address.street", "bsn", "identificationNo"} <= paths


def test_syncing_again_changes_nothing():
    before = _snapshot()

    with CaptureQueriesContext(connection) as queries:
        report = _sync()

    assert not report.changed
    assert _snapshot() == before
    statements = [q["sql"].lstrip().upper() for q in queries.captured_queries]
    assert [sql for sql in statements if sql.startswith(("INSERT", "UPDATE", "DELETE"))] == []


def test_a_field_removed_from_the_data_disappears_on_resync(monkeypatch):
    models = copy.deepcopy(catalog_data.MODELS)
    models["Client"]["fields"] = [
        row for row in models["Client"]["fields"] if not row[0].startswith("generalPractitioner")
    ]
    monkeypatch.setattr(catalog_data, "MODELS", models)
    kept = ApiModelField.objects.get(api_model__name="Client", path="birthDate").pk
    endpoint_ids = sorted(Endpoint.objects.values_list("id", flat=True))

    report = _sync()

    assert report.fields_deleted == 3
    client_paths = set(ApiModelField.objects.filter(api_model__name="Client").values_list("path", flat=True))
    assert not {p for p in client_paths if p.startswith("generalPractitioner")}
    assert ApiModelField.objects.get(api_model__name="Client", path="birthDate").pk == kept
    assert sorted(Endpoint.objects.values_list("id", flat=True)) == endpoint_ids


def test_a_changed_entry_is_updated_in_place(monkeypatch):
    models = copy.deepcopy(catalog_data.MODELS)
    models["Team"]["description"] = "A location."
    endpoints = copy.deepcopy(catalog_data.ENDPOINTS)
    entry = next(e for e in endpoints if e["path"] == "/f/clients/{id}")
    entry["replacement"] = ("GET", "/t/clients/by_identification_no/{identificationNo}")
    monkeypatch.setattr(catalog_data, "MODELS", models)
    monkeypatch.setattr(catalog_data, "ENDPOINTS", endpoints)
    endpoint = Endpoint.objects.get(method="GET", path="/f/clients/{id}")

    report = _sync()

    assert (report.models_updated, report.endpoints_updated, report.endpoints_created) == (1, 1, 0)
    assert ApiModel.objects.get(name="Team").description == "A location."
    endpoint.refresh_from_db()
    assert endpoint.replacement.path == "/t/clients/by_identification_no/{identificationNo}"


def test_an_endpoint_dropped_from_the_data_is_kept(monkeypatch):
    endpoints = [e for e in catalog_data.ENDPOINTS if e["path"] != "/t/appointments/{id}"]
    monkeypatch.setattr(catalog_data, "ENDPOINTS", endpoints)

    _sync()

    assert Endpoint.objects.filter(method="GET", path="/t/appointments/{id}").exists()


def test_a_field_a_version_still_allows_is_not_deleted(monkeypatch):
    user = UserFactory()
    supplier = Supplier.objects.create(name="Leverancier", slug="leverancier", contact_email="info@example.test")
    connector = Connector.objects.create(supplier=supplier, name="Koppeling", created_by=user)
    version = ConnectorVersion.objects.create(connector=connector, number=1)
    field = ApiModelField.objects.get(api_model__name="Client", path="contact.mobile")
    AllowedField.objects.create(version=version, endpoint=Endpoint.objects.get(path="/t/clients/{id}"), field=field)
    models = copy.deepcopy(catalog_data.MODELS)
    models["Client"]["fields"] = [row for row in models["Client"]["fields"] if row[0] != "contact.mobile"]
    models["Team"]["description"] = "Changed, then rolled back."
    monkeypatch.setattr(catalog_data, "MODELS", models)
    before = _snapshot()

    with pytest.raises(ProtectedError):
        _sync()

    assert ApiModelField.objects.filter(pk=field.pk).exists()
    assert _snapshot() == before, "the whole sync is rolled back"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda m, e: m["Client"]["fields"].append(("nickname.short", "string", "")), "object or array field"),
        (lambda m, e: m["Client"]["fields"].append(("birthDate", "date", "")), "listed twice"),
        (lambda m, e: m["Client"]["fields"].append(("shoeSize", "float", "")), "unknown type"),
        (lambda m, e: e.append(dict(e[0])), "listed twice"),
        (lambda m, e: e[0].update(model="Patient"), "unknown model"),
        (lambda m, e: e[0].update(deprecated_on=JULY_2020, replacement=("GET", "/t/nowhere")), "not in the catalog"),
        (lambda m, e: e[0].update(deprecated_on=JULY_2020, replacement=("GET", "/f/teams/{id}")), "deprecated itself"),
        (lambda m, e: e[0].update(replacement=("GET", "/t/teams")), "not deprecated"),
        (lambda m, e: e[0].update(removal_date=END_OF_2020), "not deprecated"),
    ],
)
def test_contradictory_data_is_refused_before_anything_is_written(change, message):
    models, endpoints = copy.deepcopy(catalog_data.MODELS), copy.deepcopy(catalog_data.ENDPOINTS)
    change(models, endpoints)
    before = _snapshot()

    with pytest.raises(CatalogError, match=message):
        _sync(models=models, endpoints=endpoints)

    assert _snapshot() == before


def test_the_shipped_data_is_consistent():
    check_catalog(catalog_data.MODELS, catalog_data.ENDPOINTS)


def test_only_the_platform_and_staff_sync_the_catalog():
    before = _snapshot()
    with pytest.raises(PermissionDenied):
        sync_catalog(ApiModel, ApiModelField, Endpoint, by=UserFactory())
    assert _snapshot() == before
    assert not sync_catalog(ApiModel, ApiModelField, Endpoint, by=UserFactory(staff=True)).changed
