"""Suppliers, their members, and intake requests from the public form."""

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from epdee.core.audit import record_event

from ..exceptions import ConnectorError, NotPermitted
from ..models import Supplier, SupplierIntakeRequest, SupplierMembership


def _unique_slug(name: str) -> str:
    base = slugify(name)[:70] or "supplier"
    slug, counter = base, 2
    while Supplier.objects.filter(slug=slug).exists():
        slug, counter = f"{base}-{counter}", counter + 1
    return slug


@transaction.atomic
def create_supplier(*, name: str, contact_email: str, by, website: str = "") -> Supplier:
    if not by.is_staff:
        raise NotPermitted("Only platform staff create suppliers.")
    supplier = Supplier.objects.create(
        name=name.strip(), slug=_unique_slug(name), contact_email=contact_email, website=website
    )
    record_event("supplier.create", actor=by, obj=supplier)
    return supplier


@transaction.atomic
def add_member(supplier: Supplier, user, role: str = SupplierMembership.Role.DEVELOPER, *, by) -> SupplierMembership:
    if role not in SupplierMembership.Role.values:
        raise ConnectorError(f"Unknown role {role!r}.", field="role")
    is_admin = SupplierMembership.objects.filter(supplier=supplier, user=by, role=SupplierMembership.Role.ADMIN)
    if not (by.is_staff or is_admin.exists()):
        raise NotPermitted("Only platform staff and the supplier's administrators add members.")
    membership, created = SupplierMembership.objects.update_or_create(
        supplier=supplier, user=user, defaults={"role": role}
    )
    record_event("supplier.member", actor=by, obj=membership, details={"user": user.email, "role": role})
    return membership


def submit_intake(**fields) -> SupplierIntakeRequest:
    """A public request; the view checks the honeypot and the rate limit first."""
    intake = SupplierIntakeRequest.objects.create(**fields)
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


@transaction.atomic
def approve_intake(intake: SupplierIntakeRequest, *, by, request=None) -> Supplier:
    """Create the supplier and its first administrator (the contact), who gets a set-your-password link."""
    if not by.is_staff:
        raise NotPermitted("Only platform staff handle intake requests.")
    intake = SupplierIntakeRequest.objects.select_for_update().get(pk=intake.pk)
    if intake.status != SupplierIntakeRequest.Status.PENDING:
        raise ConnectorError(f"This request was already {intake.get_status_display().lower()}.")
    supplier = create_supplier(
        name=intake.company_name, contact_email=intake.contact_email, website=intake.website, by=by
    )
    user_model = get_user_model()
    user = user_model.objects.filter(email__iexact=intake.contact_email).first()
    if user is None:
        user = user_model.objects.create_user(intake.contact_email, full_name=intake.contact_name)
        user.set_unusable_password()
        user.save()
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    add_member(supplier, user, SupplierMembership.Role.ADMIN, by=by)
    intake.status, intake.handled_at, intake.handled_by, intake.supplier = (
        SupplierIntakeRequest.Status.APPROVED,
        timezone.now(),
        by,
        supplier,
    )
    intake.save()
    record_event("supplier.intake.approve", actor=by, obj=intake)
    transaction.on_commit(lambda: _welcome(user, supplier, request))
    return supplier


@transaction.atomic
def reject_intake(intake: SupplierIntakeRequest, *, by, notes: str = "") -> SupplierIntakeRequest:
    if not by.is_staff:
        raise NotPermitted("Only platform staff handle intake requests.")
    intake = SupplierIntakeRequest.objects.select_for_update().get(pk=intake.pk)
    if intake.status != SupplierIntakeRequest.Status.PENDING:
        raise ConnectorError(f"This request was already {intake.get_status_display().lower()}.")
    intake.status, intake.handled_at, intake.handled_by = SupplierIntakeRequest.Status.REJECTED, timezone.now(), by
    intake.staff_notes = notes
    intake.save()
    record_event("supplier.intake.reject", actor=by, obj=intake)
    return intake
