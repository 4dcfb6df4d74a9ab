"""Dashboard routes of the clinic's account area (included by urls.py): API tokens, webhooks, branding, export."""

from django.urls import path

from . import account

urlpatterns = [
    path("api-tokens/", account.api_tokens, name="api-tokens"),
    path("api-tokens/<int:token_id>/intrekken/", account.revoke_token, name="api-token-revoke"),
    path("webhooks/", account.webhooks, name="webhooks"),
    path("webhooks/<int:endpoint_id>/", account.webhook, name="webhook"),
    path("webhooks/<int:endpoint_id>/aan-uit/", account.webhook_toggle, name="webhook-toggle"),
    path("webhooks/<int:endpoint_id>/nieuw-geheim/", account.webhook_rotate, name="webhook-rotate"),
    path("webhooks/<int:endpoint_id>/verwijderen/", account.webhook_delete, name="webhook-delete"),
    path(
        "webhooks/<int:endpoint_id>/leveringen/<int:delivery_id>/opnieuw/",
        account.webhook_resend,
        name="webhook-resend",
    ),
    path("huisstijl/", account.branding_page, name="branding"),
    path("huisstijl/verwijderen/", account.branding_remove, name="branding-remove"),
    path("export/", account.export_page, name="export"),
]
