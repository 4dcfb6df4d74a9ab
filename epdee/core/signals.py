"""Audit receivers for sign-in events and two-factor changes."""

from allauth.account.signals import password_changed, password_reset
from allauth.mfa.signals import authenticator_added, authenticator_removed
from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .accounts.lockout import attempted_username
from .audit import record_event
from .models import AuditEvent


@receiver(user_logged_in, dispatch_uid="audit_login")
def audit_login(sender, request, user, **kwargs):
    record_event("auth.login", request=request, actor=user, obj=user)


@receiver(user_logged_out, dispatch_uid="audit_logout")
def audit_logout(sender, request, user, **kwargs):
    if user is not None:
        record_event("auth.logout", request=request, actor=user, obj=user)


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def audit_login_failed(sender, credentials, request=None, **kwargs):
    # The attempted address is recorded as typed; the user may not exist (no lookup: no enumeration).
    username = attempted_username(request, credentials) if request is not None else credentials.get("email", "")
    record_event(
        "auth.two_factor_failed" if credentials.get("factor") else "auth.login_failed",
        request=request,
        actor_label=username or "",
        result=AuditEvent.Result.FAILURE,
    )


@receiver(user_locked_out, dispatch_uid="audit_locked_out")
def audit_locked_out(sender, request, username, ip_address, **kwargs):
    record_event("auth.locked_out", request=request, actor_label=username or "", result=AuditEvent.Result.DENIED)


@receiver(authenticator_added, dispatch_uid="audit_mfa_added")
def audit_mfa_added(sender, request, user, authenticator, **kwargs):
    record_event("mfa.added", request=request, actor=user, obj=authenticator, details={"type": authenticator.type})


@receiver(authenticator_removed, dispatch_uid="audit_mfa_removed")
def audit_mfa_removed(sender, request, user, authenticator, **kwargs):
    record_event("mfa.removed", request=request, actor=user, obj=authenticator, details={"type": authenticator.type})


@receiver(password_changed, dispatch_uid="audit_password_changed")
def audit_password_changed(sender, request, user, **kwargs):
    record_event("auth.password_changed", request=request, actor=user, obj=user)


@receiver(password_reset, dispatch_uid="audit_password_reset")
def audit_password_reset(sender, request, user, **kwargs):
    record_event("auth.password_reset", request=request, actor=user, obj=user)
