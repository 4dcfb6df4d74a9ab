"""Account pages: a user's personal API tokens (create, shown once; revoke)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from .models import ApiToken
from .tokens import create_api_token, revoke_api_token


class TokenForm(forms.Form):
    name = forms.CharField(max_length=100, help_text="What will use it, e.g. 'deployment pipeline'.")
    scope = forms.ChoiceField(choices=ApiToken.Scope.choices, initial=ApiToken.Scope.READ)


@login_required
def tokens(request):
    form = TokenForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        _, created = create_api_token(request.user, name=form.cleaned_data["name"], scope=form.cleaned_data["scope"])
        form = TokenForm()
    personal = ApiToken.objects.filter(user=request.user, tenant__isnull=True)
    return render(request, "core/tokens.html", {"form": form, "tokens": personal, "created": created})


@login_required
@require_POST
def revoke(request, token_id):
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user, tenant__isnull=True)
    revoke_api_token(token, by=request.user)
    messages.success(request, f"Token “{token.name}” was revoked; programs using it are refused from now on.")
    return redirect("api-tokens")
