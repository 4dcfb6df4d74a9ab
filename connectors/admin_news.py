"""Staff write the news and status posts of /news/ here; the preview shows the body as the public sees it."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from .models import NewsPost
from .news import render_body

BODY_HELP = (
    "Plain text. A blank line starts a new paragraph; lines starting with “- ” make a bullet list and lines "
    "starting with “1. ” a numbered list; put code and endpoints in `backticks`; https:// addresses become links."
)


class NewsPostAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "title", "resolved", "is_published"]
    list_display_links = ["title"]
    list_filter = ["kind", "resolved", "is_published"]
    search_fields = ["title", "body"]
    date_hierarchy = "date"
    ordering = ["-date", "-id"]
    readonly_fields = ["preview", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["date", "kind", "title", "body", "resolved", "is_published"]}),
        ("Preview (as saved)", {"fields": ["preview"]}),
        ("Bookkeeping", {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if "body" in form.base_fields:
            form.base_fields["body"].help_text = BODY_HELP
        return form

    @admin.display(description="Preview")
    def preview(self, obj):
        if obj is None or not obj.body:
            return "Save the post to see its body as the news page shows it."
        return format_html('<div class="news-preview">{}</div>', render_body(obj.body))

    def view_on_site(self, obj):
        # Unpublished posts answer 404 on the public page.
        return reverse("news:post", args=[obj.pk]) if obj.is_published else None


admin.site.register(NewsPost, NewsPostAdmin)
