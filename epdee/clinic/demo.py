"""Demo data of the clinic: a practice at Kliniek De Linde (locations, hours, practitioners, patients with
dossiers, an agenda around today, care activities and invoices, an intake workflow, notifications) and a
smaller one in the TE1002 sandbox, so the demo connector certificate reads real-looking data.

Everything goes through the services, as a user's clicks would: the rules, audit events and numbering hold.
Deterministic (a seeded random) and idempotent: a tenant that already has a location is left alone.
"""

import random
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse

from epdee.core.errors import Conflict, Invalid
from epdee.core.models import Tenant
from epdee.core.permissions import Actor, is_clinic_staff

from .models import Appointment, Location
from .services import agenda, billing, notifications, patients, workflows

FIRST_NAMES = [
    ("Anna", "F"), ("Daan", "M"), ("Sophie", "F"), ("Lucas", "M"), ("Emma", "F"), ("Sem", "M"), ("Julia", "F"),
    ("Milan", "M"), ("Tess", "F"), ("Levi", "M"), ("Mila", "F"), ("Finn", "M"), ("Sara", "F"), ("Noah", "M"),
    ("Lotte", "F"), ("Bram", "M"), ("Fenna", "F"), ("Thijs", "M"), ("Noor", "F"), ("Jesse", "M"),
]  # fmt: skip
FAMILY_NAMES = [
    ("", "Jansen"), ("de", "Vries"), ("van den", "Berg"), ("", "Bakker"), ("van", "Dijk"), ("", "Visser"),
    ("", "Smit"), ("", "Meijer"), ("de", "Boer"), ("", "Mulder"), ("de", "Groot"), ("", "Bos"), ("", "Vos"),
    ("", "Peters"), ("", "Hendriks"), ("van", "Leeuwen"), ("", "Dekker"), ("", "Brouwer"), ("de", "Wit"),
    ("", "Dijkstra"),
]  # fmt: skip
# Two general practices in town; most patients have one of them as their GP.
GENERAL_PRACTITIONERS = [
    {"agb_code": "01055501", "name": "Huisartsenpraktijk Lombok", "city": "Utrecht", "phone": "030 244 11 22"},
    {"agb_code": "01055502", "name": "Huisarts J. de Haan", "city": "Utrecht", "phone": "030 251 33 44"},
]
STREETS = ["Lindelaan", "Dorpsstraat", "Kerkweg", "Molenstraat", "Schoolstraat", "Beukenlaan", "Stationsweg"]
REPORTS = [
    ("Intake", "Klachten sinds enkele weken; anamnese afgenomen, behandelplan besproken."),
    ("Behandeling", "Oefeningen doorgenomen, patiënt voert ze goed uit. Volgende afspraak over twee weken."),
    ("Evaluatie", "Duidelijke vooruitgang; pijnscore gedaald van 6 naar 3."),
    ("Telefonisch consult", "Vragen over medicatie beantwoord; geen nieuwe klachten."),
]

PRACTICE = {
    "de-linde": {
        "locations": [
            {"name": "De Linde Centrum", "code": "CEN", "street": "Lindelaan 12", "postal_code": "3511 AB",
             "city": "Utrecht", "phone": "030 123 45 67", "email": "centrum@de-linde.example"},
            {"name": "De Linde Noord", "code": "NRD", "street": "Noorderweg 3", "postal_code": "3521 CD",
             "city": "Utrecht", "phone": "030 765 43 21", "email": "noord@de-linde.example"},
        ],
        "practitioners": [
            {"name": "Dr. M. (Marieke) Hoekstra", "initials": "M.", "agb_code": "01012345", "locations": ["CEN"]},
            {"name": "J. (Joost) van Rijn", "initials": "J.", "agb_code": "01023456", "locations": ["CEN", "NRD"]},
            {"name": "S. (Sanne) El Amrani", "initials": "S.", "agb_code": "01034567", "locations": ["NRD"]},
        ],
        "patients": 24,
        "actor": "admin@de-linde.example",
        "notify": ["admin@de-linde.example", "staff@de-linde.example"],
    },
    "sandbox": {
        "locations": [
            {"name": "Sandbox Praktijk", "code": "SBX", "street": "Testweg 1", "postal_code": "1234 AB",
             "city": "Amsterdam", "phone": "020 000 00 00", "email": "praktijk@sandbox.example"},
        ],
        "practitioners": [
            {"name": "T. (Tom) Testmans", "initials": "T.", "agb_code": "01099999", "locations": ["SBX"]},
        ],
        "patients": 8,
        "actor": "superadmin@epdee.example",  # the platform fills its own sandbox
        "notify": [],
    },
}  # fmt: skip

APPOINTMENT_TYPES = [
    {"name": "Intake", "code": "INT", "duration_minutes": 45, "bookable_online": True, "price_cents": 6500},
    {"name": "Consult", "code": "CON", "duration_minutes": 30, "bookable_online": True, "price_cents": 4250},
    {"name": "Kort consult", "code": "KRT", "duration_minutes": 15, "bookable_online": False, "price_cents": 2400},
]
# NZa-style codes on the care activities an appointment type leads to.
PRESTATIE_CODES = {"INT": ("190010", "039133"), "CON": ("190011", "039134"), "KRT": ("190012", "")}
OPENING_HOURS = [(time(8, 30), time(12, 30)), (time(13, 30), time(17, 0))]


def bsn_from(rng: random.Random) -> str:
    """A BSN passing the 11-proof (9·d1 + … + 2·d8 − d9 ≡ 0 mod 11); demo numbers, nobody's."""
    while True:
        digits = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(7)]
        check = sum(weight * digit for weight, digit in zip(range(9, 1, -1), digits, strict=True)) % 11
        if check < 10:
            return "".join(map(str, digits)) + str(check)


def _practice(tenant, spec, by):
    locations = {}
    for data in spec["locations"]:
        location = agenda.save_location(tenant, {**data, "bookable_online": True, "slot_minutes": 15}, by=by)
        for weekday in range(5):
            for opens, closes in OPENING_HOURS:
                agenda.add_opening_hours(location, weekday=weekday, opens=opens, closes=closes, by=by)
        christmas = date(patients.tenant_today(tenant).year, 12, 25)
        for day, reason in ((christmas, "Eerste kerstdag"), (christmas + timedelta(days=1), "Tweede kerstdag")):
            agenda.add_schedule_exception(location, day=day, closed=True, reason=reason, by=by)
        locations[data["code"]] = location
    types = [agenda.save_appointment_type(tenant, data, by=by) for data in APPOINTMENT_TYPES]
    practitioners = [
        agenda.save_practitioner(
            tenant,
            {**data, "email": "", "is_active": True, "locations": [locations[code] for code in data["locations"]]},
            by=by,
        )
        for data in spec["practitioners"]
    ]
    return list(locations.values()), types, practitioners


def _acting(tenant, user):
    """Who fills the practice: the spec's user where he works; in the sandbox, which the platform fills itself
    and where its superadmin is no member, the platform (the audit log still names him)."""
    if is_clinic_staff(user, tenant):
        return user
    return Actor(user=user, label=user.email, system=True)


def _patients(tenant, count, rng, by):
    today = patients.tenant_today(tenant)
    made = []
    for index in range(count):
        first_name, sex = FIRST_NAMES[index % len(FIRST_NAMES)]
        prefix, family_name = FAMILY_NAMES[(index * 7 + index // len(FIRST_NAMES)) % len(FAMILY_NAMES)]
        made.append(
            patients.create_patient(
                tenant,
                by=by,
                bsn=bsn_from(rng),
                initials=f"{first_name[0]}.",
                first_name=first_name,
                prefix=prefix,
                family_name=family_name,
                birth_date=today - timedelta(days=rng.randint(6 * 365, 88 * 365)),
                sex=sex,
                street=rng.choice(STREETS),
                house_number=str(rng.randint(1, 180)),
                postal_code=f"35{rng.randint(10, 99)} {rng.choice('ABCDEFGHJK')}{rng.choice('LMNPRSTVWX')}",
                city="Utrecht",
                email=f"{first_name.lower()}.{family_name.lower()}{index}@example.com",
                phone=f"06 {rng.randint(10000000, 99999999)}",
            )
        )
    for patient in made:
        if rng.random() < 0.8:
            patients.link_general_practitioner(patient, by=by, **rng.choice(GENERAL_PRACTITIONERS))
    return made


def _agenda(tenant, locations, types, practitioners, people, rng, by):
    """Appointments from two weeks back to two weeks ahead on free times; the past ones mostly completed."""
    zone = agenda.tenant_zone(tenant)
    today = patients.tenant_today(tenant)
    booked = []
    for offset in range(-14, 15):
        day = today + timedelta(days=offset)
        if day.weekday() >= 5:
            continue
        for practitioner in practitioners:
            location = rng.choice([loc for loc in locations if practitioner.locations.filter(pk=loc.pk).exists()])
            for hour in rng.sample([9, 10, 11, 14, 15, 16], 3):
                starts_at = datetime.combine(day, time(hour, rng.choice([0, 15, 30])), zone)
                try:
                    appointment = agenda.create_appointment(
                        tenant,
                        patient=rng.choice(people),
                        practitioner=practitioner,
                        location=location,
                        appointment_type=rng.choice(types),
                        starts_at=starts_at,
                        by=by,
                    )
                except (Invalid, Conflict):
                    continue  # closed that day (a holiday) or the practitioner is taken: as in real life
                booked.append(appointment)
                if offset < 0:
                    outcome = rng.choices([Appointment.Status.COMPLETED, Appointment.Status.NO_SHOW], [9, 1])[0]
                    agenda.change_appointment_status(appointment, outcome, by=by)
                elif offset <= 3 and rng.random() < 0.5:
                    agenda.change_appointment_status(appointment, Appointment.Status.CONFIRMED, by=by)
    return booked


def _dossiers(people, practitioners, rng, by, user):
    for patient in people:
        for title, text in rng.sample(REPORTS, rng.randint(1, 3)):
            patients.add_dossier_entry(
                patient,
                by=by,
                title=title,
                text=text,
                practitioner_id=rng.choice(practitioners).pk,
                created_by=user,
            )


def _billing(tenant, booked, rng, by):
    """Care activities for the completed appointments; invoices for most patients in every status."""
    per_patient: dict[int, list] = {}
    for appointment in booked:
        if appointment.status != Appointment.Status.COMPLETED:
            continue
        prestatie, zorgactiviteit = PRESTATIE_CODES[appointment.appointment_type.code]
        activity = billing.create_care_activity(
            tenant,
            by=by,
            patient=appointment.patient,
            appointment=appointment,
            description=appointment.appointment_type.name,
            prestatie_code=prestatie,
            zorgactiviteit_code=zorgactiviteit,
            unit_price_cents=appointment.appointment_type.price_cents,
            performed_at=appointment.ends_at,
        )
        per_patient.setdefault(appointment.patient_id, []).append(activity)
    invoices = 0
    for activities in per_patient.values():
        if rng.random() < 0.25:
            continue  # left uninvoiced, for the "new invoice" screen
        invoice = billing.create_invoice(
            tenant, by=by, patient=activities[0].patient, care_activity_ids=[a.pk for a in activities]
        )
        # One in five stays a draft, two are sent, two paid: every status shows in the list.
        if invoices % 5:
            billing.send_invoice(invoice, by=by)
        if invoices % 5 >= 3:
            billing.pay_invoice(invoice, by=by)
        invoices += 1
    return invoices


def _intake_workflow(tenant, by):
    intake = workflows.create_workflow(
        tenant, by=by, name="Intake nieuwe patiënt", description="Van aanmelding tot eerste behandeling."
    )
    for title, description in [
        ("Aanmelding ontvangen", "Controleer de gegevens en de verwijzing."),
        ("Verzekering controleren", "COV-controle bij Vecozo."),
        ("Intakegesprek plannen", "Afspraaktype Intake, 45 minuten."),
        ("Behandelplan vastleggen", "Verslag in het dossier."),
    ]:
        workflows.add_step(intake, by=by, title=title, description=description)


@transaction.atomic
def _seed_tenant(tenant, spec, stdout):
    users = get_user_model().objects
    user = users.filter(email=spec["actor"]).first()
    if user is None:
        return
    by = _acting(tenant, user)
    rng = random.Random(f"epdee-demo-{tenant.slug}")
    locations, types, practitioners = _practice(tenant, spec, by)
    people = _patients(tenant, spec["patients"], rng, by)
    _dossiers(people, practitioners, rng, by, user)
    booked = _agenda(tenant, locations, types, practitioners, people, rng, by)
    invoices = _billing(tenant, booked, rng, by)
    _intake_workflow(tenant, by)
    for email in spec["notify"]:
        member = users.filter(email=email).first()
        if member is not None:
            notifications.notify(
                tenant,
                member,
                "Welkom bij Epdee",
                "Het agenda- en dossieroverzicht staat klaar.",
                reverse("clinic:agenda"),
            )
            notifications.notify(tenant, member, f"{invoices} facturen aangemaakt", "", reverse("clinic:invoices"))
    stdout.write(
        f"Clinic {tenant.name}: {len(locations)} location(s), {len(people)} patients, "
        f"{len(booked)} appointments, {invoices} invoices."
    )


def seed_clinic(stdout):
    for slug, spec in PRACTICE.items():
        tenant = Tenant.objects.filter(slug=slug).first()
        if tenant is None or not tenant.is_writable or Location.objects.for_tenant(tenant).exists():
            continue
        _seed_tenant(tenant, spec, stdout)
