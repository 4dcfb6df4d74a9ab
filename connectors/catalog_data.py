"""The endpoint catalog as plain data: the models the gateway returns and every endpoint, with seed 000's deprecations.

`connectors.services.catalog.sync_catalog` loads this into the database (migration 0002 and any later catalog
migration).
A model's fields are listed in the order the gateway returns them; a nested field has a dotted path under its
object or array field ("address.street" under "address"). An endpoint's path is its template: parameters are
named (`{id}`, `{code}`), query parameters are part of the template (`/t/clients/by_bsn?bsn={bsn}`), and
`(method, path)` is its natural key; a replacement names another entry by that key.

Decisions taken from seed 000 (Ons API news):

- Dates. An endpoint first named as deprecated in a post is deprecated on that post's date, even where the post
  calls it "already deprecated" without saying since when (2020-07-29).
- Removal. 2020-07-29: "Several deprecated endpoints will be removed near the end of this year. [...] When the
  deprecated endpoints are removed, calls to those endpoints will fail with a 404 http status code." We take
  the last day of 2020, the latest date that reading allows, so no connector loses an endpoint earlier than
  announced.
- The functional context (/f/). 2019-12-17 deprecated it ("For existing connectors the functional context will
  keep working; we do not have the intent to remove it completely"), but 2020-07-29 revises that ("We will
  also be removing the /f/-context") in the same post that sets the removal "near the end of this year".
  Epdee keeps the 2019-12-17 promise: /f/ endpoints are deprecated on 2019-12-17 (so no version can newly
  enable them) but have no removal date, and keep working for the existing connectors that enabled them;
  the gateway serves them for those versions only.
- The authorization & Shield list of 2019-08-27 is written without the /t/ prefix. It lives under /t/: the
  same post-series says "Technical endpoints, starting with /t/" (2019-12-17), the functional context only
  ever existed "for clients, teams and employees", and 2020-07-29 writes a sibling of that list as
  /t/authorization/user_team_responsibilities. Its `{}` placeholders are named `{id}`.
- The 2019-08-27 list is deprecated without a removal date: the post says "requests returning empty bodies"
  and "All Shield APIs are being deprecated" but announces no removal, and the 2020-07-29 removal list names
  five other authorization endpoints, not these. They keep answering (with an empty body), never 404.
- Two-step replacements (/f/…/{id}/$): the replacement is the /t/…/{id}/$ call that returns the same listing;
  the note names the look-up call that yields the id. A deprecated endpoint with a replacement returns the
  replacement's model, so a connector's field allow-list carries over ("those alternatives have been enabled
  for all connectors that use the deprecated version", 2020-07-29); one without a replacement returns no
  catalogued model (the seed documents no shape for it, and it answers 404 or an empty body).
"""

from datetime import date

# seed 000, 2019-08-27 "Deprecation of authorization & Shield APIs".
SHIELD_DEPRECATED_ON = date(2019, 8, 27)
# seed 000, 2019-12-17 "Deprecation of functional context".
FUNCTIONAL_DEPRECATED_ON = date(2019, 12, 17)
# seed 000, 2020-07-29 "Deprecations and their replacements" names these endpoints for the first time.
REPLACEMENTS_ANNOUNCED_ON = date(2020, 7, 29)
# seed 000, 2020-07-29: "Several deprecated endpoints will be removed near the end of this year."
REMOVED_ON = date(2020, 12, 31)

SUPPORT_NOTE = (
    "No replacement: a special case (seed 000, 2020-07-29). Contact Ons API support through the support portal "
    "to agree on an alternative before the removal date."
)
AUTHENTICATION_NOTE = (
    "Removed without replacement (seed 000, 2020-07-29): authorization moved to Ons Autorisatie and Shield."
)
SHIELD_NOTE = (
    "No replacement (seed 000, 2019-08-27): with Ons Autorisatie the authorization and Shield APIs are no longer "
    "used; requests answer with an empty body."
)


def _address(parent: str, what: str) -> list[tuple[str, str, str]]:
    return [
        (parent, "object", f"Address of the {what}."),
        (f"{parent}.street", "string", "Street name."),
        (f"{parent}.houseNumber", "integer", "House number."),
        (f"{parent}.houseNumberAddition", "string", "House number addition (e.g. 'A', 'bis')."),
        (f"{parent}.postalCode", "string", "Dutch postal code, e.g. '1234 AB'."),
        (f"{parent}.city", "string", "City."),
        (f"{parent}.country", "string", "Country code (ISO 3166-1 alpha-2)."),
    ]


MODELS: dict[str, dict] = {
    "Client": {
        "description": "A client (patient) of the care organisation.",
        "fields": [
            ("id", "integer", "Technical identifier."),
            ("identificationNo", "string", "The organisation's own client number."),
            ("bsn", "string", "Burgerservicenummer (citizen service number)."),
            ("firstName", "string", "First name."),
            ("initials", "string", "Initials."),
            ("prefix", "string", "Surname prefix (tussenvoegsel), e.g. 'van der'."),
            ("lastName", "string", "Last name."),
            ("birthDate", "date", "Date of birth."),
            ("gender", "string", "Gender."),
            *_address("address", "client"),
            ("contact", "object", "How to reach the client."),
            ("contact.email", "string", "Email address."),
            ("contact.phone", "string", "Landline phone number."),
            ("contact.mobile", "string", "Mobile phone number."),
            ("generalPractitioner", "object", "The client's general practitioner (huisarts)."),
            ("generalPractitioner.agbCode", "string", "AGB code of the general practitioner."),
            ("generalPractitioner.name", "string", "Name of the general practitioner."),
            ("createdAt", "date-time", "When the client was registered."),
            ("updatedAt", "date-time", "When the client was last changed."),
        ],
    },
    "Employee": {
        "description": "An employee (practitioner) of the care organisation.",
        "fields": [
            ("id", "integer", "Technical identifier."),
            ("identificationNo", "string", "The organisation's own employee number."),
            ("firstName", "string", "First name."),
            ("initials", "string", "Initials."),
            ("prefix", "string", "Surname prefix (tussenvoegsel)."),
            ("lastName", "string", "Last name."),
            ("agbCode", "string", "AGB code of the practitioner."),
            ("email", "string", "Work email address."),
            ("phone", "string", "Work phone number."),
            ("teams", "array", "The teams the employee works in."),
            ("teams.id", "integer", "Technical identifier of the team."),
            ("teams.code", "string", "Code of the team."),
            ("teams.name", "string", "Name of the team."),
        ],
    },
    "Team": {
        "description": "A team (location) of the care organisation.",
        "fields": [
            ("id", "integer", "Technical identifier."),
            ("code", "string", "The team's code, its functional identifier."),
            ("name", "string", "Name."),
            *_address("address", "team's location"),
            ("phone", "string", "Phone number."),
            ("email", "string", "Email address."),
        ],
    },
    "User": {
        "description": "A user account of the care organisation's environment.",
        "fields": [
            ("id", "integer", "Technical identifier."),
            ("userName", "string", "User name used to sign in."),
            ("employeeId", "integer", "The employee this user belongs to."),
            ("active", "boolean", "Whether the user may sign in."),
            ("email", "string", "Email address."),
        ],
    },
    "Report": {
        "description": "A report in a client's dossier.",
        "fields": [
            ("id", "integer", "Technical identifier."),
            ("clientId", "integer", "The client the report is about."),
            ("employeeId", "integer", "The employee who wrote it."),
            ("reportType", "string", "Kind of report."),
            ("title", "string", "Title."),
            ("text", "string", "The report's text."),
            ("reportedAt", "date-time", "When the reported event took place."),
            ("createdAt", "date-time", "When the report was written."),
        ],
    },
    "CareActivity": {
        "description": "A care activity (verrichting) performed for a client, with its NZa codes.",
        "fields": [
            ("id", "integer", "Technical identifier."),
            ("clientId", "integer", "The client the activity was performed for."),
            ("appointmentId", "integer", "The appointment it belongs to, if any."),
            ("description", "string", "What was done."),
            ("prestatieCode", "string", "NZa prestatie (tariff) code."),
            ("zorgactiviteitCode", "string", "NZa zorgactiviteit code."),
            ("unitPriceCents", "integer", "Price per unit in euro cents."),
            ("quantity", "integer", "Number of units."),
            ("performedAt", "date-time", "When the activity was performed."),
        ],
    },
    "Appointment": {
        "description": "An appointment of a client with an employee at a team.",
        "fields": [
            ("id", "integer", "Technical identifier."),
            ("clientId", "integer", "The client."),
            ("employeeId", "integer", "The employee."),
            ("teamId", "integer", "The team (location)."),
            ("startsAt", "date-time", "Start."),
            ("endsAt", "date-time", "End."),
            ("status", "string", "Planned, confirmed, cancelled, completed or no-show."),
            ("appointmentType", "object", "The kind of appointment."),
            ("appointmentType.code", "string", "Code of the appointment type."),
            ("appointmentType.name", "string", "Name of the appointment type."),
            ("appointmentType.durationMinutes", "integer", "Default duration in minutes."),
            ("notes", "string", "Notes."),
        ],
    },
    "Notification": {
        "description": "A notification for a user.",
        "fields": [
            ("id", "integer", "Technical identifier."),
            ("recipientId", "integer", "The user it is for."),
            ("title", "string", "Title."),
            ("body", "string", "Text."),
            ("createdAt", "date-time", "When it was sent."),
            ("readAt", "date-time", "When the recipient read it; empty while unread."),
        ],
    },
    "SharedResource": {
        "description": "A resource (document, link) shared with a client.",
        "fields": [
            ("id", "integer", "Technical identifier."),
            ("clientId", "integer", "The client it is shared with."),
            ("name", "string", "Name."),
            ("url", "string", "Where the resource can be fetched."),
            ("sharedAt", "date-time", "When it was shared."),
        ],
    },
    "AdverseReactionPropensity": {
        "description": "A client's propensity to an adverse reaction (allergy or intolerance), simplified.",
        "fields": [
            ("id", "integer", "Technical identifier."),
            ("clientId", "integer", "The client."),
            ("substance", "string", "The substance causing the reaction."),
            ("reaction", "string", "The reaction."),
            ("severity", "string", "Severity."),
            ("recordedAt", "date-time", "When it was recorded."),
        ],
    },
    "Document": {
        "description": "A document in a client's dossier (seed 000, 2019-11-28: uploaded and downloaded).",
        "fields": [
            ("id", "integer", "Technical identifier."),
            ("clientId", "integer", "The client the document belongs to."),
            ("fileName", "string", "File name."),
            ("contentType", "string", "Media type, e.g. application/pdf."),
            ("sizeBytes", "integer", "Size in bytes."),
            ("description", "string", "Description."),
            ("uploadedAt", "date-time", "When it was uploaded."),
        ],
    },
    "SubResource": {
        "description": "One entry of a `/$` listing: a resource that hangs under another one.",
        "fields": [
            ("name", "string", "Name of the sub-resource."),
            ("href", "string", "Path of the sub-resource."),
        ],
    },
}


ENDPOINTS: list[dict] = [
    # --- Clients -------------------------------------------------------------------------------------------------
    {
        "method": "GET",
        "path": "/t/clients",
        "context": "t",
        "resource": "clients",
        "model": "Client",
        "returns_list": True,
        "description": "All clients.",
    },
    {
        "method": "GET",
        "path": "/t/clients/{id}",
        "context": "t",
        "resource": "clients",
        "model": "Client",
        "returns_list": False,
        "description": "One client by its technical id.",
    },
    {
        "method": "GET",
        "path": "/t/clients/{id}/$",
        "context": "t",
        "resource": "clients",
        "model": "SubResource",
        "returns_list": True,
        "description": "The sub-resources of a client.",
    },
    {
        "method": "GET",
        "path": "/t/clients/by_bsn?bsn={bsn}",
        "context": "t",
        "resource": "clients",
        "model": "Client",
        "returns_list": False,
        "description": "One client by BSN.",
    },
    {
        "method": "GET",
        "path": "/t/clients/by_identification_no/{identificationNo}",
        "context": "t",
        "resource": "clients",
        "model": "Client",
        "returns_list": False,
        "description": "One client by the organisation's client number.",
    },
    # --- Employees -----------------------------------------------------------------------------------------------
    {
        "method": "GET",
        "path": "/t/employees",
        "context": "t",
        "resource": "employees",
        "model": "Employee",
        "returns_list": True,
        "description": "All employees.",
    },
    {
        "method": "GET",
        "path": "/t/employees/{id}",
        "context": "t",
        "resource": "employees",
        "model": "Employee",
        "returns_list": False,
        "description": "One employee by its technical id.",
    },
    {
        "method": "GET",
        "path": "/t/employees/{id}/$",
        "context": "t",
        "resource": "employees",
        "model": "SubResource",
        "returns_list": True,
        "description": "The sub-resources of an employee.",
    },
    {
        "method": "GET",
        "path": "/t/employees/by_identification_no/{identificationNo}",
        "context": "t",
        "resource": "employees",
        "model": "Employee",
        "returns_list": False,
        "description": "One employee by the organisation's employee number.",
    },
    # --- Teams ---------------------------------------------------------------------------------------------------
    {
        "method": "GET",
        "path": "/t/teams",
        "context": "t",
        "resource": "teams",
        "model": "Team",
        "returns_list": True,
        "description": "All teams (locations).",
    },
    {
        "method": "GET",
        "path": "/t/teams/{id}",
        "context": "t",
        "resource": "teams",
        "model": "Team",
        "returns_list": False,
        "description": "One team by its technical id.",
    },
    {
        "method": "GET",
        "path": "/t/teams/{id}/$",
        "context": "t",
        "resource": "teams",
        "model": "SubResource",
        "returns_list": True,
        "description": "The sub-resources of a team.",
    },
    {
        "method": "GET",
        "path": "/t/teams/by_code/{code}",
        "context": "t",
        "resource": "teams",
        "model": "Team",
        "returns_list": False,
        "description": "One team by its code.",
    },
    # --- Users ---------------------------------------------------------------------------------------------------
    {
        "method": "GET",
        "path": "/t/users",
        "context": "t",
        "resource": "users",
        "model": "User",
        "returns_list": True,
        "description": "All users.",
    },
    {
        "method": "GET",
        "path": "/t/users/{id}",
        "context": "t",
        "resource": "users",
        "model": "User",
        "returns_list": False,
        "description": "One user by its technical id.",
    },
    {
        "method": "GET",
        "path": "/t/users/by_user_name?user_name={user_name}",
        "context": "t",
        "resource": "users",
        "model": "User",
        "returns_list": False,
        "description": "One user by user name.",
    },
    # --- Dossier -------------------------------------------------------------------------------------------------
    {
        "method": "GET",
        "path": "/t/dossier/reports",
        "context": "t",
        "resource": "dossier",
        "model": "Report",
        "returns_list": True,
        "description": "Dossier reports.",
    },
    {
        "method": "GET",
        "path": "/t/dossier/reports/{id}",
        "context": "t",
        "resource": "dossier",
        "model": "Report",
        "returns_list": False,
        "description": "One dossier report.",
    },
    {
        "method": "POST",
        "path": "/t/dossier/reports",
        "context": "t",
        "resource": "dossier",
        "model": "Report",
        "returns_list": False,
        "description": "Add a report to a client's dossier; answers with the new report.",
    },
    {
        "method": "GET",
        "path": "/t/dossier/care_activities",
        "context": "t",
        "resource": "dossier",
        "model": "CareActivity",
        "returns_list": True,
        "description": "Care activities (verrichtingen).",
    },
    {
        "method": "GET",
        "path": "/t/dossier/care_activities/{id}",
        "context": "t",
        "resource": "dossier",
        "model": "CareActivity",
        "returns_list": False,
        "description": "One care activity.",
    },
    {
        "method": "GET",
        "path": "/t/dossier/medical/simplified_propensity_to_adverse_reaction",
        "context": "t",
        "resource": "dossier",
        "model": "AdverseReactionPropensity",
        "returns_list": True,
        "description": "Clients' propensities to adverse reactions (allergies, intolerances), simplified.",
    },
    # seed 000, 2019-11-28: "uploading and downloading of documents" through the API.
    {
        "method": "GET",
        "path": "/t/dossier/documents",
        "context": "t",
        "resource": "dossier",
        "model": "Document",
        "returns_list": True,
        "description": "Documents in clients' dossiers.",
    },
    {
        "method": "GET",
        "path": "/t/dossier/documents/{id}",
        "context": "t",
        "resource": "dossier",
        "model": "Document",
        "returns_list": False,
        "description": "One dossier document's details.",
    },
    {
        "method": "POST",
        "path": "/t/dossier/documents",
        "context": "t",
        "resource": "dossier",
        "model": "Document",
        "returns_list": False,
        "description": "Upload a document to a client's dossier; answers with its details.",
    },
    # --- Appointments --------------------------------------------------------------------------------------------
    {
        "method": "GET",
        "path": "/t/appointments",
        "context": "t",
        "resource": "appointments",
        "model": "Appointment",
        "returns_list": True,
        "description": "Appointments.",
    },
    {
        "method": "GET",
        "path": "/t/appointments/{id}",
        "context": "t",
        "resource": "appointments",
        "model": "Appointment",
        "returns_list": False,
        "description": "One appointment.",
    },
    # --- Notifications and shared resources ----------------------------------------------------------------------
    {
        "method": "GET",
        "path": "/t/hermes/notifications",
        "context": "t",
        "resource": "notifications",
        "model": "Notification",
        "returns_list": True,
        "description": "Notifications.",
    },
    {
        "method": "GET",
        "path": "/t/client_collab/shared_resources/{id}",
        "context": "t",
        "resource": "shared_resources",
        "model": "SharedResource",
        "returns_list": False,
        "description": "One resource shared with a client.",
    },
    # === Deprecated with a replacement (seed 000, 2020-07-29, items 1-5) ==========================================
    {
        "method": "GET",
        "path": "/t/users/by_user_name/{user_name}",
        "context": "t",
        "resource": "users",
        "model": "User",
        "returns_list": False,
        "description": "One user by user name (path parameter).",
        "deprecated_on": REPLACEMENTS_ANNOUNCED_ON,
        "removal_date": REMOVED_ON,
        "replacement": ("GET", "/t/users/by_user_name?user_name={user_name}"),
    },
    {
        "method": "GET",
        "path": "/t/clients/by_bsn/{bsn}",
        "context": "t",
        "resource": "clients",
        "model": "Client",
        "returns_list": False,
        "description": "One client by BSN (path parameter).",
        "deprecated_on": REPLACEMENTS_ANNOUNCED_ON,
        "removal_date": REMOVED_ON,
        "replacement": ("GET", "/t/clients/by_bsn?bsn={bsn}"),
    },
    {
        "method": "GET",
        "path": "/t/dossier/medical/simplified/propensity_to_adverse_reaction",
        "context": "t",
        "resource": "dossier",
        "model": "AdverseReactionPropensity",
        "returns_list": True,
        "description": "Clients' propensities to adverse reactions, simplified (old path).",
        "deprecated_on": REPLACEMENTS_ANNOUNCED_ON,
        "removal_date": REMOVED_ON,
        "replacement": ("GET", "/t/dossier/medical/simplified_propensity_to_adverse_reaction"),
    },
    {
        "method": "GET",
        "path": "/t/client_collab/shared_resources",
        "context": "t",
        "resource": "shared_resources",
        "model": "SharedResource",
        "returns_list": True,
        "description": "All resources shared with clients.",
        "deprecated_on": REPLACEMENTS_ANNOUNCED_ON,
        "removal_date": REMOVED_ON,
        "replacement": ("GET", "/t/client_collab/shared_resources/{id}"),
        "replacement_note": "The list is gone: fetch each shared resource by its id.",
    },
    {
        "method": "GET",
        "path": "/t/portal/notifications",
        "context": "t",
        "resource": "notifications",
        "model": "Notification",
        "returns_list": True,
        "description": "Notifications (portal).",
        "deprecated_on": REPLACEMENTS_ANNOUNCED_ON,
        "removal_date": REMOVED_ON,
        "replacement": ("GET", "/t/hermes/notifications"),
    },
    # seed 000, 2020-07-29, item 6: "a special case - please contact us".
    {
        "method": "GET",
        "path": "/t/dossier/action_entries/{id}",
        "context": "t",
        "resource": "dossier",
        "model": None,
        "returns_list": False,
        "description": "One action entry of a dossier.",
        "deprecated_on": REPLACEMENTS_ANNOUNCED_ON,
        "removal_date": REMOVED_ON,
        "replacement": None,
        "replacement_note": SUPPORT_NOTE,
    },
    {
        "method": "GET",
        "path": "/t/dossier/demand_entries/{id}",
        "context": "t",
        "resource": "dossier",
        "model": None,
        "returns_list": False,
        "description": "One demand entry of a dossier.",
        "deprecated_on": REPLACEMENTS_ANNOUNCED_ON,
        "removal_date": REMOVED_ON,
        "replacement": None,
        "replacement_note": SUPPORT_NOTE,
    },
    # === Removed without replacement: authentication (seed 000, 2020-07-29) =======================================
    # The seed names no method; all five read authorization data, so GET.
    {
        "method": "GET",
        "path": "/t/authorization/user_team_responsibilities",
        "context": "t",
        "resource": "authorization",
        "model": None,
        "returns_list": True,
        "description": "Which teams users are responsible for.",
        "deprecated_on": REPLACEMENTS_ANNOUNCED_ON,
        "removal_date": REMOVED_ON,
        "replacement_note": AUTHENTICATION_NOTE,
    },
    {
        "method": "GET",
        "path": "/t/clients/{client_id}/client_authorization",
        "context": "t",
        "resource": "authorization",
        "model": None,
        "returns_list": False,
        "description": "Who is authorized for a client.",
        "deprecated_on": REPLACEMENTS_ANNOUNCED_ON,
        "removal_date": REMOVED_ON,
        "replacement_note": AUTHENTICATION_NOTE,
    },
    {
        "method": "GET",
        "path": "/t/users/{user_id}/authorization_profiles",
        "context": "t",
        "resource": "authorization",
        "model": None,
        "returns_list": True,
        "description": "A user's authorization profiles.",
        "deprecated_on": REPLACEMENTS_ANNOUNCED_ON,
        "removal_date": REMOVED_ON,
        "replacement_note": AUTHENTICATION_NOTE,
    },
    {
        "method": "GET",
        "path": "/t/users/{user_id}/scoped_teams",
        "context": "t",
        "resource": "authorization",
        "model": None,
        "returns_list": True,
        "description": "The teams a user's authorization is scoped to.",
        "deprecated_on": REPLACEMENTS_ANNOUNCED_ON,
        "removal_date": REMOVED_ON,
        "replacement_note": AUTHENTICATION_NOTE,
    },
    {
        "method": "GET",
        "path": "/t/users/{user_id}/viewable_locations",
        "context": "t",
        "resource": "authorization",
        "model": None,
        "returns_list": True,
        "description": "The locations (teams) a user may view.",
        "deprecated_on": REPLACEMENTS_ANNOUNCED_ON,
        "removal_date": REMOVED_ON,
        "replacement_note": AUTHENTICATION_NOTE,
    },
    # === Functional context (deprecated 2019-12-17; keeps working for versions that enabled it) ====================
    # In /f/ the {id} is the logical identifier: a team's code, an employee's identificationNo, a client's bsn or
    # identificationNo (seed 000, 2019-12-17).
    {
        "method": "GET",
        "path": "/f/teams/{id}",
        "context": "f",
        "resource": "teams",
        "model": "Team",
        "returns_list": False,
        "description": "One team by its code (functional context).",
        "deprecated_on": FUNCTIONAL_DEPRECATED_ON,
        "replacement": ("GET", "/t/teams/by_code/{code}"),
    },
    {
        "method": "GET",
        "path": "/f/teams/{id}/$",
        "context": "f",
        "resource": "teams",
        "model": "SubResource",
        "returns_list": True,
        "description": "The sub-resources of a team found by its code (functional context).",
        "deprecated_on": FUNCTIONAL_DEPRECATED_ON,
        "replacement": ("GET", "/t/teams/{id}/$"),
        "replacement_note": "Two calls: GET /t/teams/by_code/{code} for the team's id, then GET /t/teams/{id}/$.",
    },
    {
        "method": "GET",
        "path": "/f/employees/{id}",
        "context": "f",
        "resource": "employees",
        "model": "Employee",
        "returns_list": False,
        "description": "One employee by identification number (functional context).",
        "deprecated_on": FUNCTIONAL_DEPRECATED_ON,
        "replacement": ("GET", "/t/employees/by_identification_no/{identificationNo}"),
    },
    {
        "method": "GET",
        "path": "/f/employees/{id}/$",
        "context": "f",
        "resource": "employees",
        "model": "SubResource",
        "returns_list": True,
        "description": "The sub-resources of an employee found by identification number (functional context).",
        "deprecated_on": FUNCTIONAL_DEPRECATED_ON,
        "replacement": ("GET", "/t/employees/{id}/$"),
        "replacement_note": (
            "Two calls: GET /t/employees/by_identification_no/{identificationNo} for the employee's id, "
            "then GET /t/employees/{id}/$."
        ),
    },
    {
        "method": "GET",
        "path": "/f/clients/{id}",
        "context": "f",
        "resource": "clients",
        "model": "Client",
        "returns_list": False,
        "description": "One client by BSN or identification number (functional context).",
        "deprecated_on": FUNCTIONAL_DEPRECATED_ON,
        "replacement": ("GET", "/t/clients/by_bsn?bsn={bsn}"),
        "replacement_note": "By identification number instead: GET /t/clients/by_identification_no/{identificationNo}.",
    },
    # The seed's item 6 says "to gather the employee id"; it means the client's id.
    {
        "method": "GET",
        "path": "/f/clients/{id}/$",
        "context": "f",
        "resource": "clients",
        "model": "SubResource",
        "returns_list": True,
        "description": "The sub-resources of a client found by BSN or identification number (functional context).",
        "deprecated_on": FUNCTIONAL_DEPRECATED_ON,
        "replacement": ("GET", "/t/clients/{id}/$"),
        "replacement_note": (
            "Two calls: GET /t/clients/by_bsn?bsn={bsn} or GET /t/clients/by_identification_no/{identificationNo} "
            "for the client's id, then GET /t/clients/{id}/$."
        ),
    },
    # === Authorization & Shield APIs (seed 000, 2019-08-27), deprecated, no removal date, empty bodies ============
    *[
        {
            "method": method,
            "path": path,
            "context": "t",
            "resource": path.split("/")[2],
            "model": None,
            "returns_list": False,
            "description": "Authorization/Shield API; answers with an empty body.",
            "deprecated_on": SHIELD_DEPRECATED_ON,
            "replacement_note": SHIELD_NOTE,
        }
        for method, path in [
            ("DELETE", "/t/authorization/authorization_profiles/{id}"),
            ("DELETE", "/t/shield/definition/duties/{id}"),
            ("DELETE", "/t/shield/definition/roles/{id}"),
            ("DELETE", "/t/shield/definition/scopes/{id}"),
            ("GET", "/t/authorization/authorization_profiles"),
            ("GET", "/t/authorization/authorization_profiles/{id}"),
            ("GET", "/t/authorization/authorizations"),
            ("GET", "/t/authorization/authorizations/{id}"),
            ("GET", "/t/authorization/user_location_responsibilities/x-stream-connect/data.xml"),
            ("GET", "/t/authorization/user_team_responsibilities/x-stream-connect/data.xml"),
            ("GET", "/t/shield/definition/roles"),
            ("GET", "/t/shield/definition/roles/{id}"),
            ("GET", "/t/shield/definition/tasks"),
            ("POST", "/t/authorization/authorization_profiles"),
            ("POST", "/t/shield/definition/duties"),
            ("POST", "/t/shield/definition/roles"),
            ("PUT", "/t/authorization/authorization_profiles/{id}"),
            ("PUT", "/t/shield/definition/duties/{id}"),
            ("PUT", "/t/shield/definition/roles/{id}"),
            ("PUT", "/t/shield/definition/scopes/{id}"),
        ]
    ],
]
