"""How the gateway shows clinic data in the Ons-style models of the catalog, field by field.

Each catalog field path has an accessor. A response is built only from the accessors of the fields the
version allows (seed 000, 2018-08-01): a field that is not allowed is never read, so it cannot leave the process.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from epdee.clinic.models import Appointment, CareActivity, DossierEntry, Location, Notification, Patient, Practitioner
from epdee.core.models import TenantMembership
from epdee.core.query import Field, ValueType


def _iso(value):
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    return value


@dataclass(frozen=True)
class Attr:
    """One field: how to read it, and (when filterable) its ORM lookup and type for the query language."""

    get: Callable[[Any], Any]
    lookup: str | None = None
    type: ValueType | None = None
    related: tuple[str, ...] = ()  # select_related paths this accessor needs
    prefetch: tuple[str, ...] = ()  # prefetch_related paths this accessor needs

    def read(self, obj):
        return _iso(self.get(obj))


def column(name: str, value_type: ValueType | None = None, *, blank_is_null: bool = True) -> Attr:
    def get(obj):
        value = getattr(obj, name)
        return None if blank_is_null and value == "" else value

    return Attr(get, lookup=name, type=value_type)


def related(path: str, value_type: ValueType | None = None) -> Attr:
    """A value across a nullable foreign key, e.g. "general_practitioner.agb_code"."""
    first, rest = path.split(".", 1)

    def get(obj):
        target = getattr(obj, first)
        return getattr(target, rest) if target is not None else None

    return Attr(get, lookup=f"{first}__{rest}", type=value_type, related=(first,))


@dataclass(frozen=True)
class ArrayOf:
    """A list field whose items have their own fields (e.g. an employee's teams)."""

    items: Callable[[Any], Any]
    fields: dict
    prefetch: str


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: one Shape per model, used as a cache key
class Shape:
    name: str
    model: type | None
    fields: dict = field(default_factory=dict)  # path → Attr or ArrayOf

    def compile(self, allowed: frozenset) -> "Compiled":
        """The accessors of the allowed fields (a container path allows everything inside it)."""

        def is_allowed(path: str) -> bool:
            parts = path.split(".")
            return any(".".join(parts[: i + 1]) in allowed for i in range(len(parts)))

        leaves, arrays, related_paths, prefetch = [], [], set(), set()
        for path, attr in self.fields.items():
            if isinstance(attr, ArrayOf):
                sub = [(name, item) for name, item in attr.fields.items() if is_allowed(f"{path}.{name}")]
                if sub:
                    arrays.append((path, attr.items, tuple(sub)))
                    prefetch.add(attr.prefetch)
            elif is_allowed(path):
                leaves.append((tuple(path.split(".")), attr))
                related_paths.update(attr.related)
                prefetch.update(attr.prefetch)
        return Compiled(tuple(leaves), tuple(arrays), tuple(sorted(related_paths)), tuple(sorted(prefetch)))

    def filterable(self, allowed: frozenset) -> dict:
        """Query-language fields: allowed plain fields with a lookup (filtering on a hidden field would leak it)."""
        compiled = self.compile(allowed)
        return {
            ".".join(parts): Field(attr.lookup, attr.type)
            for parts, attr in compiled.leaves
            if attr.lookup and attr.type is not None
        }


@dataclass(frozen=True)
class Compiled:
    leaves: tuple
    arrays: tuple
    related: tuple
    prefetch: tuple

    def render(self, obj) -> dict:
        body: dict = {}
        for parts, attr in self.leaves:
            target = body
            for part in parts[:-1]:
                target = target.setdefault(part, {})
            target[parts[-1]] = attr.read(obj)
        for path, items, fields in self.arrays:
            body[path] = [{name: attr.read(item) for name, attr in fields} for item in items(obj)]
        return body

    def prepare(self, queryset):
        if self.related:
            queryset = queryset.select_related(*self.related)
        if self.prefetch:
            queryset = queryset.prefetch_related(*self.prefetch)
        return queryset


TEXT, NUMBER, MOMENT = ValueType.STRING, ValueType.INTEGER, ValueType.DATETIME


def _employee_id(membership):
    """The practitioner record of this user in the same care organisation, if any."""
    mine = [p for p in membership.user.practitioners.all() if p.tenant_id == membership.tenant_id]
    return mine[0].pk if mine else None


ADDRESS_OF_PATIENT = {
    "address.street": column("street", TEXT),
    "address.houseNumber": Attr(
        lambda p: int(p.house_number) if p.house_number.isdigit() else None, lookup="house_number", type=TEXT
    ),
    "address.houseNumberAddition": column("house_number_addition", TEXT),
    "address.postalCode": column("postal_code", TEXT),
    "address.city": column("city", TEXT),
    "address.country": column("country", TEXT),
}

SHAPES = {
    "Client": Shape(
        "Client",
        Patient,
        {
            "id": column("pk", NUMBER),
            "identificationNo": column("identification_number", TEXT),
            "bsn": column("bsn", TEXT),
            "firstName": column("first_name", TEXT),
            "initials": column("initials", TEXT),
            "prefix": column("prefix", TEXT),
            "lastName": column("family_name", TEXT),
            "birthDate": Attr(lambda p: p.birth_date),
            "gender": column("sex", TEXT),
            **ADDRESS_OF_PATIENT,
            "contact.email": column("email", TEXT),
            "contact.phone": column("phone", TEXT),
            "contact.mobile": Attr(lambda p: None),
            "generalPractitioner.agbCode": related("general_practitioner.agb_code", TEXT),
            "generalPractitioner.name": related("general_practitioner.name", TEXT),
            "createdAt": column("created_at", MOMENT),
            "updatedAt": column("updated_at", MOMENT),
        },
    ),
    "Employee": Shape(
        "Employee",
        Practitioner,
        {
            "id": column("pk", NUMBER),
            "identificationNo": Attr(lambda e: e.agb_code or str(e.pk), lookup="agb_code", type=TEXT),
            "firstName": Attr(lambda e: e.name.split(" ", 1)[0]),
            "initials": column("initials", TEXT),
            "prefix": Attr(lambda e: None),
            "lastName": Attr(lambda e: e.name.split(" ", 1)[-1]),
            "agbCode": column("agb_code", TEXT),
            "email": column("email", TEXT),
            "phone": Attr(lambda e: None),
            "teams": ArrayOf(
                items=lambda e: e.locations.all(),
                fields={"id": column("pk"), "code": column("code"), "name": column("name")},
                prefetch="locations",
            ),
        },
    ),
    "Team": Shape(
        "Team",
        Location,
        {
            "id": column("pk", NUMBER),
            "code": column("code", TEXT),
            "name": column("name", TEXT),
            "address.street": column("street", TEXT),
            "address.houseNumber": Attr(lambda t: None),
            "address.houseNumberAddition": Attr(lambda t: None),
            "address.postalCode": column("postal_code", TEXT),
            "address.city": column("city", TEXT),
            "address.country": Attr(lambda t: "NL"),
            "phone": column("phone", TEXT),
            "email": column("email", TEXT),
        },
    ),
    "User": Shape(
        "User",
        TenantMembership,
        {
            "id": column("user_id", NUMBER),
            "userName": Attr(lambda m: m.user.email, lookup="user__email", type=TEXT, related=("user",)),
            "employeeId": Attr(_employee_id, related=("user",), prefetch=("user__practitioners",)),
            "active": Attr(lambda m: m.user.is_active, related=("user",)),
            "email": Attr(lambda m: m.user.email, lookup="user__email", type=TEXT, related=("user",)),
        },
    ),
    "Report": Shape(
        "Report",
        DossierEntry,
        {
            "id": column("pk", NUMBER),
            "clientId": column("patient_id", NUMBER),
            "employeeId": column("practitioner_id", NUMBER),
            "reportType": column("kind", TEXT),
            "title": column("title", TEXT),
            "text": column("text", TEXT),
            "reportedAt": column("occurred_at", MOMENT),
            "createdAt": column("created_at", MOMENT),
        },
    ),
    "CareActivity": Shape(
        "CareActivity",
        CareActivity,
        {
            "id": column("pk", NUMBER),
            "clientId": column("patient_id", NUMBER),
            "appointmentId": column("appointment_id", NUMBER),
            "description": column("description", TEXT),
            "prestatieCode": column("prestatie_code", TEXT),
            "zorgactiviteitCode": column("zorgactiviteit_code", TEXT),
            "unitPriceCents": column("unit_price_cents", NUMBER),
            "quantity": column("quantity", NUMBER),
            "performedAt": column("performed_at", MOMENT),
        },
    ),
    "Appointment": Shape(
        "Appointment",
        Appointment,
        {
            "id": column("pk", NUMBER),
            "clientId": column("patient_id", NUMBER),
            "employeeId": column("practitioner_id", NUMBER),
            "teamId": column("location_id", NUMBER),
            "startsAt": column("starts_at", MOMENT),
            "endsAt": column("ends_at", MOMENT),
            "status": column("status", TEXT),
            "appointmentType.code": related("appointment_type.code", TEXT),
            "appointmentType.name": related("appointment_type.name", TEXT),
            "appointmentType.durationMinutes": related("appointment_type.duration_minutes", NUMBER),
            "notes": column("notes", TEXT),
        },
    ),
    "Notification": Shape(
        "Notification",
        Notification,
        {
            "id": column("pk", NUMBER),
            "recipientId": column("recipient_id", NUMBER),
            "title": column("title", TEXT),
            "body": column("body", TEXT),
            "createdAt": column("created_at", MOMENT),
            "readAt": column("read_at", MOMENT),
        },
    ),
    "SubResource": Shape(
        "SubResource", None, {"name": Attr(lambda item: item["name"]), "href": Attr(lambda item: item["href"])}
    ),
}
