"""A user's personal API tokens: create one (its secret is shown once), revoke one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..accounts.forms import TokenForm
from ..errors import Invalid
from ..permissions import actor_of
from ..selectors import personal_token, personal_tokens
from ..services.tokens import create_api_token, revoke_api_token


@login_required
def tokens(request):
    actor = actor_of(request)
    form = TokenForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, created = create_api_token(request.user, by=actor, **form.cleaned_data)
        except Invalid as error:
            form.add_application_error(error)
        else:
            form = TokenForm()
    context = {"form": form, "tokens": personal_tokens(by=actor), "created": created}
    return render(request, "core/tokens.html", context)


@login_required
@require_POST
def revoke(request, token_id):
    actor = actor_of(request)
    token = revoke_api_token(personal_token(token_id, by=actor), by=actor)
    messages.success(
        request,
        _("Token “%(name)s” was revoked; programs using it are refused from now on.") % {"name": token.name},
    )
    return redirect("api-tokens")
