from __future__ import annotations

from django.db import migrations

# The "small" preset, for a new community (questor/qa/privileges.py has both presets).
SMALL = [
    ("vote_up", "Vote up", 1, "Vote up questions and answers you find useful."),
    ("comment", "Comment everywhere", 1, "Comment on any post (you can always comment on your own posts and on answers to your questions)."),
    ("flag", "Flag posts", 1, "Bring posts to the moderators' attention."),
    ("vote_down", "Vote down", 50, "Vote down posts that are not useful."),
    ("create_tags", "Create tags", 50, "Add tags the site does not have yet."),
    ("edit_others", "Edit others' posts", 500, "Edit any question or answer without review, and review suggested edits."),
    ("close_reopen", "Close and reopen", 500, "Vote to close or reopen questions."),
    ("review", "Review queues", 500, "Review first posts, late answers and more."),
    ("moderator_tools", "Moderator tools", 2000, "See deleted posts, flags and the moderation log."),
]


def create(apps, schema_editor):
    Privilege = apps.get_model("qa", "Privilege")
    for key, name, threshold, description in SMALL:
        Privilege.objects.get_or_create(
            key=key, defaults={"name": name, "threshold": threshold, "description": description}
        )


class Migration(migrations.Migration):
    dependencies = [("qa", "0002_reputation_privileges_badges")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
