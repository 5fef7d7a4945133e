"""`questor import-wordpress`: a WordPress export (WXR) written for these tests, with
hostile HTML and XML, replies, spam and trash."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from django.core.management import CommandError, call_command

from questor.accounts.models import User
from questor.importers import wordpress
from questor.importers.tests.helpers import DATA, assert_same, snapshot
from questor.qa.models import Comment, Post, PostType, Tag

pytestmark = pytest.mark.django_db

WXR = DATA / "wordpress"
BLOG = WXR / "leadership-blog.xml"


def import_wordpress(path: object) -> str:
    out = io.StringIO()
    call_command("import-wordpress", str(path), stdout=out)
    return out.getvalue()


def feedback_question() -> Post:
    return Post.objects.get(post_type=PostType.QUESTION, title__startswith="How do I give honest")


def test_published_posts_become_questions_with_author_date_category_and_tags():
    output = import_wordpress(BLOG)

    questions = Post.objects.filter(post_type=PostType.QUESTION).order_by("created_at")
    assert [q.title for q in questions] == [
        "How do I give honest feedback to a senior colleague & keep the relationship?",
        "Is it normal to feel lonely as a new manager?",
    ]
    first, second = questions
    assert first.author.name == "Mara Lindqvist" and first.author.is_imported
    assert not first.author.has_usable_password()
    assert first.created_at == datetime(2021, 3, 9, 8, 15, tzinfo=UTC)
    assert first.category.name == "Feedback Culture"
    assert first.tag_list == ["working-with-seniors", "one-on-ones", "deadlines"]
    assert set(Tag.objects.values_list("name", flat=True)) >= set(first.tag_list)
    assert first.source_site == "leadwell.example.org"
    assert first.source_url == "https://leadwell.example.org/2021/03/honest-feedback/"
    assert second.author.name == "Tobi Adeyemi" and second.category.name == "New Managers"
    # Every author becomes an imported account, even one without posts; no emails kept.
    ines = User.objects.get(display_name="Ines Okafor")
    assert ines.is_imported and ines.username == "ines" and not ines.email
    # Blank lines made paragraphs, as the blog showed them; lists and emphasis stay.
    assert "<p>A colleague with ten more years" in first.body_html
    assert "<li>She leads the <strong>design</strong> reviews</li>" in first.body_html
    assert "Skipped" in output and "leadwell.example.org" in output


def test_hostile_html_is_sanitized():
    import_wordpress(BLOG)
    html = feedback_question().body_html.lower()

    for bad in ("<script", "onerror", "onclick", "javascript:", "<iframe", "<svg", "onload",
                "style=", "steal()"):  # fmt: skip
        assert bad not in html, bad
    # A remote image loads nothing here: it becomes a link.
    assert "<img" not in html and "https://tracker.example.com/pixel.gif" in html
    answers = " ".join(
        Post.objects.filter(post_type=PostType.ANSWER).values_list("body", flat=True)
    )
    assert "<script" not in answers and "document.cookie" not in answers


def test_approved_comments_become_answers_and_replies_become_comments():
    result = wordpress.WordPressImporter(BLOG).run()
    question = feedback_question()

    answers = list(question.answers.order_by("created_at"))
    assert [a.author_display for a in answers] == ["Priya", "Jonas", "Kim"]
    assert answers[0].created_at == datetime(2021, 3, 9, 9, 0, tzinfo=UTC)
    assert "<p>Name the missed dates" in answers[0].body_html
    assert question.answer_count == 3
    # Replies to Priya's answer (and a reply to the reply) are comments on it.
    comments = list(Comment.objects.filter(post=answers[0]).order_by("created_at"))
    assert [c.author_display for c in comments] == ["Tobi Adeyemi", "Priya"]
    assert comments[0].body == "Agreed, and do it in private: never in the review meeting."
    assert comments[0].author.name == "Tobi Adeyemi"  # a registered author: their account
    assert answers[0].comment_count == 2
    # Kim replied to a comment that was binned: her reply stands as an answer.
    assert "1 reply to comments not imported became answers" in result.reports["Comments"].notes


def test_spam_trash_pending_and_pingbacks_are_skipped_and_counted():
    output = import_wordpress(BLOG)

    assert not Post.objects.filter(body__icontains="watches").exists()
    assert not Post.objects.filter(body__icontains="A comment the author binned").exists()
    assert not Post.objects.filter(body__icontains="Waiting for a moderator").exists()
    assert "2 spam comments" in output
    assert "1 trashed comments" in output
    assert "1 comments awaiting moderation" in output
    assert "1 pingbacks" in output
    # Drafts, pages and attachments are not questions.
    assert "1 draft posts" in output
    assert "items of type “page”" in output and "items of type “attachment”" in output
    assert not Post.objects.filter(title__in=["About this blog", "team-photo"]).exists()


def test_importing_the_same_export_again_changes_nothing():
    import_wordpress(BLOG)
    before = snapshot()
    users = User.objects.count()

    import_wordpress(BLOG)

    assert_same(before, snapshot())
    assert User.objects.count() == users


def test_external_entities_are_never_read_or_fetched():
    import_wordpress(WXR / "external-entities.xml")

    question = Post.objects.get(post_type=PostType.QUESTION)
    assert "root:" not in question.body
    assert "&amp;xxe;" in question.body  # the reference stays a name
    assert question.author.name == "ghost"  # not among the file's authors: made anyway


def test_an_entity_bomb_is_refused_and_leaves_nothing():
    with pytest.raises(CommandError, match="Nothing was imported: billion-laughs.xml, line"):
        import_wordpress(WXR / "billion-laughs.xml")
    assert not Post.objects.exists()


def test_a_truncated_export_is_reported_and_leaves_nothing(monkeypatch):
    monkeypatch.setattr(wordpress, "BATCH", 1)  # the first post is written before the fault
    with pytest.raises(CommandError) as failure:
        import_wordpress(WXR / "truncated.xml")

    assert "Nothing was imported: truncated.xml, line" in str(failure.value)
    assert not Post.objects.exists() and not User.objects.filter(is_imported=True).exists()


def test_a_file_that_is_not_an_export_is_refused(tmp_path):
    other = tmp_path / "feed.xml"
    other.write_text("<feed><entry>hello</entry></feed>")
    with pytest.raises(CommandError, match="not a WordPress export"):
        import_wordpress(other)
    with pytest.raises(CommandError, match="does not exist"):
        import_wordpress(tmp_path / "missing.xml")
