"""Suppliers, their members, and intake requests from the public form."""

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from epdee.core.audit import record_event
from epdee.core.errors import Conflict, Invalid
from epdee.core.permissions import as_actor, forget_roles, require

from ..models import Supplier, SupplierIntakeRequest, SupplierMembership

SUPPLIER_FIELDS = ("name", "slug", "contact_email", "website", "is_active")
INTAKE_FIELDS = ("company_name", "contact_name", "contact_email", "phone", "website", "message")


def _unique_slug(name: str) -> str:
    base = slugify(name)[:70] or "supplier"
    slug, counter = base, 2
    while Supplier.objects.filter(slug=slug).exists():
        slug, counter = f"{base}-{counter}", counter + 1
    return slug


def _validated(instance, exclude=()) -> None:
    """The model's own field rules (lengths, e-mail and URL formats, uniqueness), every field at once."""
    try:
        instance.full_clean(exclude=list(exclude))
    except ValidationError as error:
        raise Invalid.collect(error.message_dict) from error


@transaction.atomic
def create_supplier(
    *, name: str, contact_email: str, by, website: str = "", slug: str = "", is_active: bool = True
) -> Supplier:
    actor = require(by, "connectors.suppliers")
    name = (name or "").strip()
    supplier = Supplier(
        name=name,
        slug=slug or _unique_slug(name),
        contact_email=contact_email,
        website=website,
        is_active=is_active,
    )
    _validated(supplier)
    supplier.save()
    record_event("supplier.create", actor=actor, obj=supplier)
    return supplier


@transaction.atomic
def update_supplier(supplier: Supplier, *, by, **changes) -> Supplier:
    """Staff change a supplier's name, slug, contact, website or whether it is active."""
    actor = require(by, "connectors.suppliers")
    unknown = set(changes) - set(SUPPLIER_FIELDS)
    if unknown:
        raise Invalid(
            _("These supplier fields cannot be changed: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    supplier = Supplier.objects.select_for_update().get(pk=supplier.pk)
    changed = {name: value for name, value in changes.items() if getattr(supplier, name) != value}
    for name, value in changed.items():
        setattr(supplier, name, value)
    if changed:
        _validated(supplier)
        supplier.save(update_fields=list(changed))
        record_event("supplier.change", actor=actor, obj=supplier, details={"fields": sorted(changed)})
    return supplier


@transaction.atomic
def add_member(supplier: Supplier, user, role: str = SupplierMembership.Role.DEVELOPER, *, by) -> SupplierMembership:
    """Add a member, or change a member's role."""
    actor = require(by, "connectors.members", supplier)
    if role not in SupplierMembership.Role.values:
        raise Invalid(_("Unknown role %(role)r.") % {"role": role}, field="role")
    membership, created = SupplierMembership.objects.get_or_create(
        supplier=supplier, user=user, defaults={"role": role}
    )
    if not created and membership.role != role:
        membership.role = role
        membership.save(update_fields=["role"])
    elif not created:
        return membership
    forget_roles(user)
    record_event("supplier.member", actor=actor, obj=membership, details={"user": user.email, "role": role})
    return membership


@transaction.atomic
def remove_member(membership: SupplierMembership, *, by) -> None:
    actor = require(by, "connectors.members", membership.supplier)
    record_event(
        "supplier.member.remove",
        actor=actor,
        obj=membership,
        details={"user": membership.user.email, "role": membership.role},
    )
    SupplierMembership.objects.filter(pk=membership.pk).delete()
    forget_roles(membership.user)


def _person(email: str, full_name: str, *, password: str | None = None):
    """The user with this e-mail address; a new one gets a verified address and, without a password given,
    an unusable one (he chooses his own through the welcome link)."""
    user_model = get_user_model()
    user = user_model.objects.filter(email__iexact=email).first()
    if user is not None:
        return user, False
    user = user_model.objects.create_user(email, password=password, full_name=full_name)  # None: unusable
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user, True


@transaction.atomic
def add_person(
    supplier: Supplier, *, email: str, full_name: str, role: str, by, password: str | None = None
) -> SupplierMembership:
    """Make someone a member by e-mail address: an existing user, or a new account with that address."""
    require(by, "connectors.members", supplier)
    user, created = _person(email, full_name, password=password)
    if created:
        record_event("user.create", actor=as_actor(by), obj=user, details={"for": f"supplier {supplier.pk}"})
    return add_member(supplier, user, role, by=by)


def submit_intake(**fields) -> SupplierIntakeRequest:
    """A public request from the intake form: anyone may send one (the page limits how often)."""
    unknown = set(fields) - set(INTAKE_FIELDS)
    if unknown:
        raise Invalid(_("Unknown fields: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    intake = SupplierIntakeRequest(**fields)
    _validated(intake, exclude=["status", "handled_by", "supplier"])
    intake.save()
    record_event("supplier.intake", obj=intake, actor_label=intake.contact_email)
    return intake


def _welcome(user, supplier, request=None) -> None:
    """Mail the new member a link to choose a password (allauth's reset key), valid like a reset link."""
    path = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(user), "key": default_token_generator.make_token(user)},
    )
    link = request.build_absolute_uri(path) if request is not None else f"{settings.EPDEE_SITE_URL}{path}"
    send_mail(
        f"[Epdee] Welcome, {supplier.name}",
        f"Your request to connect to Epdee was approved. Choose a password to sign in:\n\n{link}\n\n"
        "Then register your connector under Connectors.",
        settings.DEFAULT_FROM_EMAIL,
        [user.email],
    )


def _pending(intake: SupplierIntakeRequest) -> SupplierIntakeRequest:
    intake = SupplierIntakeRequest.objects.select_for_update().get(pk=intake.pk)
    if intake.status != SupplierIntakeRequest.Status.PENDING:
        raise Conflict(
            _("This request was already %(status)s.") % {"status": intake.get_status_display().lower()},
            code="already_handled",
        )
    return intake


@transaction.atomic
def approve_intake(intake: SupplierIntakeRequest, *, by, request=None) -> Supplier:
    """Create the supplier and its first administrator (the contact), who gets a set-your-password link."""
    actor = require(by, "connectors.suppliers")
    intake = _pending(intake)
    supplier = create_supplier(
        name=intake.company_name, contact_email=intake.contact_email, website=intake.website, by=by
    )
    user, created = _person(intake.contact_email, intake.contact_name)
    if created:
        record_event("user.create", actor=actor, obj=user, details={"for": f"supplier {supplier.pk}"})
    add_member(supplier, user, SupplierMembership.Role.ADMIN, by=by)
    intake.status, intake.handled_at, intake.handled_by, intake.supplier = (
        SupplierIntakeRequest.Status.APPROVED,
        timezone.now(),
        actor.audit_user,
        supplier,
    )
    intake.save()
    record_event("supplier.intake.approve", actor=actor, obj=intake)
    transaction.on_commit(lambda: _welcome(user, supplier, request))
    return supplier


@transaction.atomic
def reject_intake(intake: SupplierIntakeRequest, *, by, notes: str = "") -> SupplierIntakeRequest:
    actor = require(by, "connectors.suppliers")
    intake = _pending(intake)
    intake.status, intake.handled_at, intake.handled_by = (
        SupplierIntakeRequest.Status.REJECTED,
        timezone.now(),
        actor.audit_user,
    )
    if notes:
        intake.staff_notes = notes
    intake.save()
    record_event("supplier.intake.reject", actor=actor, obj=intake)
    return intake


@transaction.atomic
def set_intake_notes(intake: SupplierIntakeRequest, notes: str, *, by) -> SupplierIntakeRequest:
    """Staff's own notes on a request (what they checked, whom they called)."""
    actor = require(by, "connectors.suppliers")
    intake = SupplierIntakeRequest.objects.select_for_update().get(pk=intake.pk)
    if intake.staff_notes != notes:
        intake.staff_notes = notes
        intake.save(update_fields=["staff_notes"])
        record_event("supplier.intake.notes", actor=actor, obj=intake)
    return intake


@transaction.atomic
def delete_intake(intake: SupplierIntakeRequest, *, by) -> None:
    """Staff remove a request (spam that got past the form's checks)."""
    actor = require(by, "connectors.suppliers")
    record_event(
        "supplier.intake.delete",
        actor=actor,
        obj=intake,
        details={"company": intake.company_name[:200], "status": intake.status},
    )
    SupplierIntakeRequest.objects.filter(pk=intake.pk).delete()
