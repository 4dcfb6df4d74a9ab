"""The two-factor step of signing in: wrong codes are limited, audited and count toward the account lockout.

allauth limits codes with its "login_failed" rate limit, which is off here because django-axes owns the
password lockout (settings.ACCOUNT_RATE_LIMITS). Without this form a stolen password allowed unlimited code
guesses. Only wrong codes count, per account and per address; when either has used up its allowance the
pending sign-in is void, and the person starts again with the password (which axes may refuse by then).
"""

from allauth.account.internal.stagekit import clear_login
from allauth.core import context
from allauth.mfa.base.forms import AuthenticateForm
from django import forms
from django.contrib.auth.signals import user_login_failed
from django.utils.translation import gettext_lazy as _

from ..ratelimit import RateLimit

WRONG_CODES = RateLimit(
    scope="two-factor-wrong-code",
    limit=5,
    window=15 * 60,
    message=_("Too many wrong codes. Sign in again with your password in 15 minutes."),
)


class TwoFactorAuthenticateForm(AuthenticateForm):
    def clean_code(self) -> str:
        request = context.request
        account = f"user:{self.user.pk}"
        if WRONG_CODES.spent(request, account):
            self._void(request)
        try:
            return super().clean_code()
        except forms.ValidationError:
            WRONG_CODES.check(request, account)  # counts this wrong code
            # The audit log records it, and django-axes counts it toward the lockout of the account here.
            user_login_failed.send(
                sender=type(self), credentials={"email": self.user.email, "factor": "code"}, request=request
            )
            if WRONG_CODES.spent(request, account):
                self._void(request)
            raise

    def _void(self, request):
        clear_login(request)
        raise forms.ValidationError(WRONG_CODES.message, code="too_many_codes")
