from __future__ import annotations

from django.core.management import call_command
from django.db import migrations, models


def create_cache_table(apps, schema_editor):
    # The database cache is the default when REDIS_URL is unset; creating its table
    # here means every database (and every test database) has it without a step.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


DEFAULT_PAGES = [
    (
        "about",
        "About",
        "This is a question-and-answer community about leadership and management "
        "development. Ask a question, answer one, and vote so the best answers rise.\n\n"
        "It runs on [Questor](/), a self-hosted Q&A engine.",
    ),
    (
        "terms",
        "Terms of use",
        "Be kind, stay on topic, and post only what you have the right to share. "
        "Contributions are licensed to the community under CC BY-SA 4.0. Moderators may "
        "edit, close or remove posts that break these terms.",
    ),
    (
        "privacy",
        "Privacy",
        "We keep your email address to sign you in and to send the notifications you ask "
        "for; it is never shown to other members. Page views are counted with a one-way "
        "hash of your address and browser, kept for a day. Nothing is loaded from another "
        "site.",
    ),
]


def create_pages(apps, schema_editor):
    from questor.lib.markdown import render_markdown

    Page = apps.get_model("core", "Page")
    for slug, title, body in DEFAULT_PAGES:
        Page.objects.get_or_create(
            slug=slug, defaults={"title": title, "body": body, "body_html": render_markdown(body)}
        )


class Migration(migrations.Migration):
    initial = True
    dependencies: list = []

    operations = [
        migrations.RunPython(create_cache_table, migrations.RunPython.noop),
        migrations.CreateModel(
            name="Page",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("slug", models.SlugField(unique=True)),
                ("title", models.CharField(max_length=150)),
                ("body", models.TextField(help_text="Markdown.")),
                ("body_html", models.TextField(default="", editable=False)),
                ("updated_at", models.DateTimeField(auto_now=True)),
            ],
            options={"ordering": ["slug"]},
        ),
        migrations.RunPython(create_pages, migrations.RunPython.noop),
    ]
