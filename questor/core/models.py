from __future__ import annotations

from django.db import models

from questor.lib.markdown import render_markdown


class Page(models.Model):
    """A page of the site's own text (about, terms, privacy), edited in the admin."""

    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=150)
    body = models.TextField(help_text="Markdown.")
    body_html = models.TextField(editable=False, default="")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: object, **kwargs: object) -> None:
        # The admin is the only writer; rendering here keeps stored HTML in step with it.
        self.body_html = render_markdown(self.body)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def get_absolute_url(self) -> str:
        return f"/{self.slug}/"
