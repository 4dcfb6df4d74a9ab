"""The shared kernel's pages: home, the organisation's members and switch, the user's API tokens."""

from django.urls import path

from .views import home, members, tenants, tokens

urlpatterns = [
    path("", home.home, name="home"),
    path("organisation/members/", members.members, name="members"),
    path("organisation/switch/", tenants.switch_tenant, name="switch-tenant"),
    path("account/tokens/", tokens.tokens, name="api-tokens"),
    path("account/tokens/<int:token_id>/revoke/", tokens.revoke, name="api-token-revoke"),
]
