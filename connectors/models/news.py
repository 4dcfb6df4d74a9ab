"""News posts and status messages of the public news page (seed 000)."""

from django.db import models


class NewsPost(models.Model):
    class Kind(models.TextChoices):
        ISSUE = "issue", "Issue"
        FIXED = "fixed", "Fixed"
        ANNOUNCEMENT = "announcement", "Announcement"
        DEPRECATION = "deprecation", "Deprecation"

    date = models.DateField()
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.ANNOUNCEMENT)
    title = models.CharField(max_length=200)
    body = models.TextField(
        help_text="Plain text; blank lines separate paragraphs, lines starting with - are list items."
    )
    resolved = models.BooleanField(default=False, help_text="For issues: the problem has been solved.")
    is_published = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "-id"]
        constraints = [models.UniqueConstraint(fields=["date", "title"], name="connectors_news_post_once")]

    def __str__(self):
        return f"{self.date} {self.title}"
