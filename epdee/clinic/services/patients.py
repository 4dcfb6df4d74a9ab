"""Patients (seed 004): create and change them, their general practitioner and dossier; every change audited.

Views, the API, the gateway, the admin and tasks call these functions, so each rule (who may change a
practice's records, 11-proof BSN, one BSN per tenant, no birth dates in the future, Dutch postal codes, AGB
codes of 8 digits) lives here once. Every function takes its actor as `by` and checks it first. Reads of
patients are in epdee/clinic/selectors/patients.py.
"""

import logging
import re
from datetime import UTC, date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import BigIntegerField, Max
from django.db.models.functions import Cast, Substr
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from stdnum.exceptions import InvalidChecksum
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.nl import bsn as bsn_number
from stdnum.nl import postcode

from epdee.core.audit import record_event
from epdee.core.errors import NON_FIELD, Conflict, Invalid
from epdee.core.models import Tenant
from epdee.core.permissions import as_actor, require
from epdee.core.text import control_characters, hidden_characters

from ..models import DossierEntry, HealthcareProvider, Patient, Practitioner
from . import webhooks
from .local_time import tenant_today

logger = logging.getLogger(__name__)

# Fields a create or change may set; the general practitioner has its own service.
PATIENT_FIELDS = (
    "bsn",
    "identification_number",
    "initials",
    "first_name",
    "prefix",
    "family_name",
    "birth_date",
    "sex",
    "street",
    "house_number",
    "house_number_addition",
    "postal_code",
    "city",
    "country",
    "email",
    "phone",
)
GENERATED_NUMBER = re.compile(r"^P[0-9]{1,15}$")
NUMBER_FORMAT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]*$")
PHONE_FORMAT = re.compile(r"^\+?[0-9][0-9 ()-]{5,29}$")
COUNTRY_FORMAT = re.compile(r"^[A-Z]{2}$")
AGB_FORMAT = re.compile(r"^[0-9]{8}$")
OLDEST_BIRTH_DATE = date(1880, 1, 1)
# A dossier entry records what happened; a little clock skew between devices is not "the future".
FUTURE_TOLERANCE = timedelta(minutes=5)
# Older dates are typing errors (and before 1900 Amsterdam's local time had an offset in seconds).
EARLIEST_OCCURRED_AT = datetime(1900, 1, 1, tzinfo=UTC)


# --- validation ----------------------------------------------------------------------------------------


def clean_bsn(raw: str) -> str:
    """The BSN as 9 digits, or "" when none is given; raises ValueError with the reason."""
    raw = (raw or "").strip()
    if not raw:
        return ""
    digits = re.sub(r"[ .-]", "", raw)
    if not (digits.isascii() and digits.isdigit() and len(digits) in (8, 9)):
        raise ValueError("A BSN has 9 digits (8 digits are read with a leading zero).")
    try:
        return bsn_number.validate(raw)
    except InvalidChecksum:
        raise ValueError("This is not a valid BSN: it fails the 11-proof.") from None
    except StdnumError:
        raise ValueError("A BSN has 9 digits (8 digits are read with a leading zero).") from None


def _clean_agb_code(errors: dict, raw) -> str:
    code = raw.strip() if isinstance(raw, str) else ""
    if not AGB_FORMAT.fullmatch(code):
        _refuse(errors, "agb_code", "An AGB code has exactly 8 digits.")
    return code


def _check_text(errors: dict, field: str, value, max_length: int | None, *, multiline: bool = False):
    if not isinstance(value, str):
        errors.setdefault(field, []).append("Must be text.")
        return ""
    value = value.strip()
    if control_characters(value, multiline=multiline):
        allowed = " (line breaks and tabs are fine)" if multiline else " (no tabs or line breaks either)"
        errors.setdefault(field, []).append(f"Control characters are not allowed{allowed}.")
    elif not multiline and hidden_characters(value):
        errors.setdefault(field, []).append(
            _("Invisible characters (text-direction marks, zero-width spaces) are not allowed; retype the text.")
        )
    elif max_length and len(value) > max_length:
        errors.setdefault(field, []).append(f"At most {max_length} characters.")
    return value


def _clean_values(tenant: Tenant, data: dict, *, patient: Patient | None) -> dict:
    """Normalise and check the given fields; collect every error before refusing (one 400 says it all)."""
    unknown = set(data) - set(PATIENT_FIELDS)
    if unknown:
        raise Invalid.collect({NON_FIELD: [f"Unknown fields: {', '.join(sorted(unknown))}."]})
    errors: dict[str, list[str]] = {}
    values = {}
    for field, value in data.items():
        if field == "birth_date":
            values[field] = value
        else:
            # A BSN and a postal code are measured after normalising ("nl-3511ab" becomes "3511 AB").
            limit = 20 if field in ("bsn", "postal_code") else _max_length(field)
            values[field] = _check_text(errors, field, "" if value is None else value, limit)
    for check in (_check_identity, _check_birth_date, _check_choices, _check_postal_code, _check_contact):
        check(values, errors, tenant=tenant, patient=patient)
    if errors:
        raise Invalid.collect(errors)
    return values


def _refuse(errors: dict, field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def _others(tenant: Tenant, patient: Patient | None, **lookup):
    """The tenant's other patients with these values (uniqueness excludes the patient being changed)."""
    others = Patient.objects.for_tenant(tenant).filter(**lookup)
    return others.exclude(pk=patient.pk) if patient is not None else others


def _check_identity(values, errors, *, tenant, patient):
    if "bsn" in values and "bsn" not in errors:
        try:
            values["bsn"] = clean_bsn(values["bsn"])
        except ValueError as exc:
            _refuse(errors, "bsn", str(exc))
        else:
            if values["bsn"] and _others(tenant, patient, bsn=values["bsn"]).exists():
                _refuse(errors, "bsn", "Another patient of this organisation already has this BSN.")
    number = values.get("identification_number")
    if number is not None and "identification_number" not in errors:
        if not number:
            if patient is not None:
                _refuse(
                    errors, "identification_number", "A patient keeps his identification number; it cannot be emptied."
                )
        elif not NUMBER_FORMAT.fullmatch(number):
            _refuse(errors, "identification_number", "Use letters, digits and . _ / - only, e.g. P000123.")
        elif _others(tenant, patient, identification_number=number).exists():
            _refuse(errors, "identification_number", "Another patient of this organisation has this number.")
    if "family_name" in values and not values["family_name"] and "family_name" not in errors:
        _refuse(errors, "family_name", "A family name is required.")


def _check_birth_date(values, errors, *, tenant, patient):
    born = values.get("birth_date")
    if born is None:
        return
    if not isinstance(born, date) or isinstance(born, datetime):
        _refuse(errors, "birth_date", "Must be a date.")
    elif born > tenant_today(tenant):
        _refuse(errors, "birth_date", "A birth date cannot be in the future.")
    elif born < OLDEST_BIRTH_DATE:
        _refuse(errors, "birth_date", f"A birth date before {OLDEST_BIRTH_DATE.year} is not plausible.")


def _check_choices(values, errors, *, tenant, patient):
    if "sex" in values and "sex" not in errors:
        values["sex"] = values["sex"] or Patient.Sex.UNKNOWN
        if values["sex"] not in Patient.Sex.values:
            _refuse(errors, "sex", f"Choose one of {', '.join(Patient.Sex.values)}.")
    if "country" in values and "country" not in errors:
        values["country"] = values["country"].upper() or "NL"
        if not COUNTRY_FORMAT.fullmatch(values["country"]):
            _refuse(errors, "country", "A two-letter country code (ISO 3166), e.g. NL.")


def _check_postal_code(values, errors, *, tenant, patient):
    """Dutch postal codes (stdnum.nl.postcode) when the address is in the Netherlands."""
    if "country" in values and "postal_code" not in values and patient is not None and patient.postal_code:
        values["postal_code"] = patient.postal_code  # re-check the address under its new country
    if not values.get("postal_code") or "postal_code" in errors:
        return
    if values.get("country", patient.country if patient is not None else "NL") == "NL":
        try:
            values["postal_code"] = postcode.validate(values["postal_code"])
        except StdnumError:
            _refuse(errors, "postal_code", "Not a Dutch postal code; write four digits and two letters, e.g. 3511 AB.")
        return
    values["postal_code"] = values["postal_code"].upper()
    if len(values["postal_code"]) > _max_length("postal_code"):
        _refuse(errors, "postal_code", f"At most {_max_length('postal_code')} characters.")


def _check_contact(values, errors, *, tenant, patient):
    if values.get("email") and "email" not in errors:
        try:
            validate_email(values["email"])
        except ValidationError:
            _refuse(errors, "email", "Not a valid e-mail address.")
    if values.get("phone") and "phone" not in errors and not PHONE_FORMAT.fullmatch(values["phone"]):
        _refuse(errors, "phone", "Digits, spaces, ( ) and - only, optionally starting with +, e.g. 030 123 4567.")


def _max_length(field: str) -> int | None:
    return Patient._meta.get_field(field).max_length


# --- patients ------------------------------------------------------------------------------------------


def next_identification_number(tenant: Tenant) -> str:
    """The next free "P000123"-style number: one more than the highest such number of the tenant."""
    highest = (
        Patient.objects.for_tenant(tenant)
        .filter(identification_number__regex=GENERATED_NUMBER.pattern)
        .aggregate(n=Max(Cast(Substr("identification_number", 2), BigIntegerField())))["n"]
        or 0
    )
    candidate = highest + 1
    existing = Patient.objects.for_tenant(tenant)
    while existing.filter(identification_number=f"P{candidate:06d}").exists():
        candidate += 1
    return f"P{candidate:06d}"


def _lock_tenant(tenant: Tenant) -> None:
    """Serialise patient creation per tenant, so two requests never draw the same generated number."""
    list(Tenant.objects.select_for_update().filter(pk=tenant.pk).values_list("pk", flat=True))


def _audit(action: str, patient: Patient, *, by, obj=None, details=None) -> None:
    record_event(
        action,
        actor=by,
        tenant=patient.tenant,
        obj=obj or patient,
        patient_id=patient.pk,
        details={**(details or {}), "patient_ids": [str(patient.pk)]},
    )


def _save(patient: Patient, **kwargs) -> None:
    """Save; a race that slipped past the checks meets the database constraints and is told apart here."""
    try:
        with transaction.atomic():
            patient.save(**kwargs)
    except IntegrityError:
        raise Conflict(
            _("Another patient of this organisation has this BSN or identification number."), code="duplicate"
        ) from None


@transaction.atomic
def create_patient(tenant: Tenant, *, by, source: str = Patient.Source.DASHBOARD, **fields) -> Patient:
    """A new patient; without an identification number the next "P000123" of the tenant is given."""
    by = require(by, "tenant.change", tenant)
    _lock_tenant(tenant)
    values = _clean_values(tenant, {"family_name": "", **fields}, patient=None)
    if not values.get("identification_number"):
        values["identification_number"] = next_identification_number(tenant)
    patient = Patient(tenant=tenant, source=source, **values)
    _save(patient)
    _audit("patient.create", patient, by=by)
    # Only ids travel to webhook receivers; they read the rest through the (audited) API.
    webhooks.emit(
        tenant,
        "patient.created",
        {
            "id": patient.pk,
            "identificationNumber": patient.identification_number,
            "createdAt": patient.created_at.isoformat(),
        },
    )
    return patient


@transaction.atomic
def update_patient(patient: Patient, *, by, **changes) -> Patient:
    """Change the given fields, by the same rules as creation; the audit event names the fields, not values."""
    by = require(by, "tenant.change", patient.tenant)
    values = _clean_values(patient.tenant, changes, patient=patient)
    changed = sorted(field for field, value in values.items() if getattr(patient, field) != value)
    for field in changed:
        setattr(patient, field, values[field])
    if changed:
        _save(patient, update_fields=[*changed, "updated_at"])
    _audit("patient.update", patient, by=by, details={"fields": changed})
    return patient


# --- general practitioner ------------------------------------------------------------------------------


def placeholder_name(agb_code: str) -> str:
    return f"AGB {agb_code}"


def lookup_agb(tenant: Tenant, agb_code: str) -> dict | None:
    """Details of an AGB code from the configured lookup (settings.EPDEE_AGB_LOOKUP), or None.

    The lookup is a dotted path to `lookup(tenant, agb_code) -> dict | None` returning HealthcareProvider
    fields (name, kind, city, phone, email); the Vektis integration plugs in here. Until then, and when the
    lookup fails, the provider is stored as "AGB <code>".
    """
    path = getattr(settings, "EPDEE_AGB_LOOKUP", "")
    if not path:
        return None
    found = import_string(path)(tenant, agb_code)
    allowed = {"name", "kind", "city", "phone", "email"}
    return {key: value for key, value in (found or {}).items() if key in allowed and value} or None


PROVIDER_LIMITS = {"name": 200, "city": 100, "phone": 30, "email": 254}


def _clean_provider_details(errors: dict, details: dict) -> dict:
    values = {}
    for field, value in details.items():
        if value is None:
            continue
        if field == "kind":
            if value not in HealthcareProvider.Kind.values:
                errors["kind"] = [f"Choose one of {', '.join(HealthcareProvider.Kind.values)}."]
            values[field] = value
            continue
        values[field] = _check_text(errors, field, value, PROVIDER_LIMITS[field])
    if values.get("email") and "email" not in errors:
        try:
            validate_email(values["email"])
        except ValidationError:
            errors["email"] = ["Not a valid e-mail address."]
    return {field: value for field, value in values.items() if value}


@transaction.atomic
def link_general_practitioner(
    patient: Patient, agb_code: str, *, name: str | None = None, by, kind=None, city=None, phone=None, email=None
) -> HealthcareProvider:
    """Make the provider with this AGB code (created or updated for the tenant) the patient's GP.

    Given details win; for an unknown code without a name the AGB lookup is asked, else "AGB <code>".
    """
    by = require(by, "tenant.change", patient.tenant)
    errors: dict[str, list[str]] = {}
    code = _clean_agb_code(errors, agb_code)
    given = _clean_provider_details(errors, {"name": name, "kind": kind, "city": city, "phone": phone, "email": email})
    if errors:
        raise Invalid.collect(errors)
    tenant = patient.tenant
    provider = HealthcareProvider.objects.for_tenant(tenant).filter(agb_code=code).first()
    if "name" not in given and (provider is None or provider.name == placeholder_name(code)):
        try:
            given = {**(lookup_agb(tenant, code) or {}), **given}
        except Exception:  # a lookup that is down must not stop linking: store the code, fill in later
            logger.warning("AGB lookup of %s failed", code, exc_info=True)
    if provider is None:
        provider, _created = HealthcareProvider.objects.get_or_create(
            tenant=tenant, agb_code=code, defaults={"name": placeholder_name(code), **given}
        )
    else:
        for field, value in given.items():
            setattr(provider, field, value)
        if given:
            provider.save()
    patient.general_practitioner = provider
    patient.save(update_fields=["general_practitioner", "updated_at"])
    _audit("patient.gp_link", patient, by=by, details={"agb_code": code})
    return provider


@transaction.atomic
def unlink_general_practitioner(patient: Patient, *, by) -> HealthcareProvider | None:
    """Remove the GP from the patient (the provider stays, other patients may have it); returns the old one."""
    by = require(by, "tenant.change", patient.tenant)
    previous = patient.general_practitioner
    if previous is not None:
        patient.general_practitioner = None
        patient.save(update_fields=["general_practitioner", "updated_at"])
    _audit("patient.gp_unlink", patient, by=by, details={"agb_code": previous.agb_code if previous else None})
    return previous


# --- dossier -------------------------------------------------------------------------------------------


def practitioner_of(by, tenant: Tenant) -> Practitioner | None:
    """The active practitioner the acting person is in the tenant, if any (the default author of his entries)."""
    user = as_actor(by).audit_user
    if user is None:
        return None
    return Practitioner.objects.for_tenant(tenant).filter(user=user, is_active=True).first()


@transaction.atomic
def add_dossier_entry(
    patient: Patient,
    *,
    by,
    title: str,
    text: str,
    kind: str = DossierEntry.Kind.REPORT,
    occurred_at: datetime | None = None,
    practitioner_id: int | None = None,
    created_by=None,
) -> DossierEntry:
    """A dated report or note; the practitioner must be the tenant's (default: the author, if he is one).

    The entry is recorded as written by the acting person. An actor without a person (a connector's client
    certificate) names in `created_by` the person who answers for it (the connector's owner).
    """
    tenant = patient.tenant
    by = require(by, "tenant.change", tenant)
    errors: dict[str, list[str]] = {}
    title = _check_text(errors, "title", title, 200)
    text = _check_text(errors, "text", text, None, multiline=True)
    if "title" not in errors and not title:
        errors["title"] = ["A title is required."]
    if "text" not in errors and not text:
        errors["text"] = ["The entry needs a text."]
    if kind not in DossierEntry.Kind.values:
        errors["kind"] = [f"Choose one of {', '.join(DossierEntry.Kind.values)}."]
    occurred_at = occurred_at or timezone.now()
    if not isinstance(occurred_at, datetime):
        errors["occurred_at"] = [_("Give a date and time.")]
    elif timezone.is_naive(occurred_at):
        errors["occurred_at"] = ["Give the time with its time zone."]
    elif occurred_at < EARLIEST_OCCURRED_AT:
        errors["occurred_at"] = ["That date is too far in the past."]
    elif occurred_at > timezone.now() + FUTURE_TOLERANCE:
        errors["occurred_at"] = ["A dossier entry records what happened: the time cannot be in the future."]
    practitioner = None
    if practitioner_id is not None:
        if isinstance(practitioner_id, int) and not isinstance(practitioner_id, bool):
            practitioner = Practitioner.objects.for_tenant(tenant).filter(pk=practitioner_id).first()
        if practitioner is None:
            errors["practitioner"] = ["No practitioner with this id in this organisation."]
    else:
        practitioner = practitioner_of(by, tenant)
    author = by.audit_user or created_by
    if author is None:
        errors.setdefault(NON_FIELD, []).append(_("Say who answers for this entry: it needs a person as its author."))
    if errors:
        raise Invalid.collect(errors)
    entry = DossierEntry.objects.create(
        tenant=tenant,
        patient=patient,
        practitioner=practitioner,
        kind=kind,
        title=title,
        text=text,
        occurred_at=occurred_at,
        created_by=author,
    )
    _audit("patient.dossier_add", patient, by=by, obj=entry)
    return entry
