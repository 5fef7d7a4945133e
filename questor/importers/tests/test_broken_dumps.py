"""Hand-made dumps with one problem each: the message, the summary and what is left in
the database. Also .7z archives, --remap-ids, the command and the generator."""

# ruff: noqa: E501 - dump rows read best on one line each
from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from questor.accounts.models import User
from questor.importers.generate import generate_dump
from questor.importers.tests.helpers import run_import, snapshot, wipe
from questor.qa.models import Comment, IdMap, Post, PostLink, Revision, Tag
from questor.testing.factories import make_question

pytestmark = pytest.mark.django_db

BOM = "\ufeff"
USERS = [
    '<row Id="-1" Reputation="1" CreationDate="2020-01-01T00:00:00.000" DisplayName="Community" />',
    '<row Id="5" Reputation="120" CreationDate="2020-01-02T10:00:00.000" DisplayName="Ada L" />',
    '<row Id="6" Reputation="1" CreationDate="2020-01-03T10:00:00.000" DisplayName="Bob" />',
]
QUESTION = (
    '<row Id="10" PostTypeId="1" AcceptedAnswerId="11" CreationDate="2020-02-01T12:00:00.000" '
    'Score="3" ViewCount="40" Body="&lt;p&gt;How do I lead?&lt;/p&gt;" OwnerUserId="5" '
    'LastActivityDate="2020-02-02T12:00:00.000" Title="How do I lead a team?" '
    'Tags="&lt;leadership&gt;&lt;teams&gt;" AnswerCount="1" CommentCount="0" '
    'ContentLicense="CC BY-SA 4.0" />'
)
ANSWER = (
    '<row Id="11" PostTypeId="2" ParentId="10" CreationDate="2020-02-01T13:00:00.000" Score="2" '
    'Body="&lt;p&gt;Listen.&lt;/p&gt;" OwnerUserId="6" LastActivityDate="2020-02-01T13:00:00.000" '
    'CommentCount="0" ContentLicense="CC BY-SA 4.0" />'
)


def write(folder: Path, name: str, rows: list[str], *, root: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    root = root or name.lower()
    text = f'{BOM}<?xml version="1.0" encoding="utf-8"?>\n<{root}>\n'
    text += "".join(f"  {row}\n" for row in rows) + f"</{root}>\n"
    path = folder / f"{name}.xml"
    path.write_text(text, encoding="utf-8")
    return path


def small_dump(folder: Path, posts: list[str] | None = None) -> Path:
    write(folder, "Users", USERS)
    write(folder, "Posts", posts if posts is not None else [QUESTION, ANSWER])
    return folder


def test_answers_before_their_question_and_the_new_tag_encoding(tmp_path: Path) -> None:
    question = QUESTION.replace("&lt;leadership&gt;&lt;teams&gt;", "|leadership|team-work|")
    result = run_import(small_dump(tmp_path, [ANSWER, question]), site="x.stackexchange.com")
    assert result.errors == []
    post = Post.objects.get(pk=10)
    assert post.tag_names == "leadership team-work"
    assert sorted(post.tags.values_list("name", flat=True)) == ["leadership", "team-work"]
    assert post.accepted_answer_id == 11 and post.answer_count == 1 and post.is_answered
    assert Post.objects.get(pk=11).question_id == 10
    assert Tag.objects.get(name="leadership").question_count == 1


def test_answer_counts_and_answered_come_from_the_answers_not_the_dump_snapshot(
    tmp_path: Path,
) -> None:
    def question(post_id: int, extra: str) -> str:
        return (
            QUESTION.replace('Id="10"', f'Id="{post_id}"')
            .replace(' AcceptedAnswerId="11"', "")
            .replace(' AnswerCount="1"', extra)
        )

    def answer(post_id: int, parent: int, score: int) -> str:
        return (
            ANSWER.replace('Id="11"', f'Id="{post_id}"')
            .replace('ParentId="10" ', f'ParentId="{parent}" ')
            .replace('Score="2"', f'Score="{score}"')
        )

    posts = [
        # Claims 5 answers and an accepted one that is not in the dump; one answer at 0.
        question(20, ' AnswerCount="5" AcceptedAnswerId="999"'),
        answer(21, 20, 0),
        # Claims none; two answers, one of them with a positive score.
        question(30, ' AnswerCount="0"'),
        answer(31, 30, 0),
        answer(32, 30, 4),
        # Claims 3; has none.
        question(40, ' AnswerCount="3"'),
        # Claims none; accepted its one answer, scored 0.
        question(50, ' AnswerCount="0" AcceptedAnswerId="51"'),
        answer(51, 50, 0),
        # Claims to have accepted the answer of another question.
        question(60, ' AnswerCount="1" AcceptedAnswerId="32"'),
        # An answer whose question is not in the dump counts nowhere.
        answer(71, 70, 3),
    ]
    expected = {
        20: (1, False, None),
        30: (2, True, None),
        40: (0, False, None),
        50: (1, True, 51),
        60: (0, False, None),
    }
    # Into an empty table (worked out from the rows), then again into the full one (by
    # the database): the same.
    for _run in range(2):
        result = run_import(small_dump(tmp_path, posts), site="x.stackexchange.com")
        assert result.errors == []
        counts = {
            post.pk: (post.answer_count, post.is_answered, post.accepted_answer_id)
            for post in Post.objects.filter(post_type=1)
        }
        assert counts == expected
        assert not Post.objects.filter(pk=71).exists()


def test_truncated_file_is_rolled_back_alone_with_file_and_line(tmp_path: Path) -> None:
    small_dump(tmp_path)
    comments = write(
        tmp_path,
        "Comments",
        [
            '<row Id="1" PostId="10" Score="0" Text="Nice" CreationDate="2020-02-03T00:00:00.000" UserId="6" />'
        ],
    )
    comments.write_text(comments.read_text(encoding="utf-8")[:-30], encoding="utf-8")
    result = run_import(tmp_path, site="x.stackexchange.com")
    assert len(result.errors) == 1
    assert result.errors[0].startswith("Comments.xml, line ")
    assert Comment.objects.count() == 0
    assert Post.objects.count() == 2  # the other files' work stays


def test_wrong_encoding_names_the_line(tmp_path: Path) -> None:
    small_dump(tmp_path)
    text = (
        '<?xml version="1.0" encoding="utf-8"?>\n<comments>\n'
        '  <row Id="1" PostId="10" Score="0" Text="ok" CreationDate="2020-02-03T00:00:00.000" />\n'
        '  <row Id="2" PostId="10" Score="0" Text="caf\xe9" CreationDate="2020-02-03T00:00:00.000" />\n'
        "</comments>\n"
    )
    (tmp_path / "Comments.xml").write_bytes(text.encode("latin-1"))
    result = run_import(tmp_path, site="x.stackexchange.com")
    assert len(result.errors) == 1
    assert result.errors[0].startswith("Comments.xml, line 4:")
    assert result.errors[0] == (
        "Comments.xml, line 4: Invalid bytes in character encoding (column 46)"
    )
    assert Comment.objects.count() == 0  # row 1 was written, then rolled back


def test_duplicate_primary_ids_stop_the_file(tmp_path: Path) -> None:
    result = run_import(
        small_dump(tmp_path, [QUESTION, ANSWER, ANSWER]), site="x.stackexchange.com"
    )
    assert result.errors == ["Posts.xml, line 5: duplicate Id 11"]
    assert Post.objects.count() == 0
    assert User.objects.count() == 3


def test_rows_with_problems_are_skipped_and_counted(tmp_path: Path) -> None:
    no_date = '<row Id="12" PostTypeId="2" ParentId="10" Score="0" Body="x" LastActivityDate="2020-02-01T13:00:00.000" />'
    orphan = ANSWER.replace('Id="11"', 'Id="13"').replace('ParentId="10"', 'ParentId="999"')
    unknown_owner = ANSWER.replace('Id="11"', 'Id="14"').replace(
        'OwnerUserId="6"', 'OwnerUserId="777"'
    )
    no_owner = ANSWER.replace('Id="11"', 'Id="15"').replace(
        'OwnerUserId="6"', 'OwnerDisplayName="user39"'
    )
    small_dump(tmp_path, [QUESTION, ANSWER, no_date, orphan, unknown_owner, no_owner])
    write(
        tmp_path,
        "Comments",
        [
            '<row Id="1" PostId="10" Score="0" CreationDate="2020-02-03T00:00:00.000" />',
            '<row Id="2" PostId="4040" Score="0" Text="gone" CreationDate="2020-02-03T00:00:00.000" />',
            '<row Id="3" PostId="10" Score="1" Text="a *fine* one" CreationDate="2020-02-03T00:00:00.000" UserDisplayName="ghost" />',
            # On the answer that goes with its missing question.
            '<row Id="4" PostId="13" Score="0" Text="lost" CreationDate="2020-02-03T00:00:00.000" />',
        ],
    )
    write(
        tmp_path,
        "PostLinks",
        [
            '<row Id="1" CreationDate="2020-02-03T00:00:00.000" PostId="10" RelatedPostId="4040" LinkTypeId="1" />'
        ],
    )
    result = run_import(tmp_path, site="x.stackexchange.com")
    assert result.errors == []
    posts = result.files["Posts"]
    assert posts.skipped == {
        "missing CreationDate": 1,
        "answer whose question is not in the dump": 1,
    }
    assert posts.notes["owners not in the dump (kept as deleted users)"] == 1
    assert sorted(Post.objects.values_list("pk", flat=True)) == [10, 11, 14, 15]
    assert (
        Post.objects.get(pk=14).author is None and Post.objects.get(pk=14).author_name == "user777"
    )
    assert Post.objects.get(pk=15).author_display == "user39"
    assert result.files["Comments"].skipped == {"missing Text": 1, "post not in the dump": 2}
    comment = Comment.objects.get(pk=3)
    assert comment.author_display == "ghost" and comment.body_html == "a <em>fine</em> one"
    assert result.files["PostLinks"].skipped == {"linked post not in the dump": 1}
    assert PostLink.objects.count() == 0


def test_hostile_html_is_sanitized_and_imported(tmp_path: Path) -> None:
    body = (
        "&lt;p onclick=&quot;steal()&quot;&gt;Hi&lt;script&gt;alert(1)&lt;/script&gt;"
        "&lt;a href=&quot;javascript:alert(2)&quot;&gt;x&lt;/a&gt;"
        "&lt;img src=&quot;https://evil.example/t.png&quot; onerror=&quot;alert(3)&quot;&gt;"
        "&lt;iframe src=&quot;https://evil.example&quot;&gt;&lt;/iframe&gt;"
        "&amp;lt;script&amp;gt;shown as text&amp;lt;/script&amp;gt;&lt;/p&gt;"
    )
    question = QUESTION.replace("&lt;p&gt;How do I lead?&lt;/p&gt;", body)
    assert run_import(small_dump(tmp_path, [question]), site="x.stackexchange.com").errors == []
    html = Post.objects.get(pk=10).body_html
    for bad in ("<script", "onclick", "javascript:", "onerror", "<iframe", "<img"):
        assert bad not in html
    assert '<a href="https://evil.example/t.png"' in html  # remote images become links
    assert "&lt;script&gt;shown as text&lt;/script&gt;" in html  # decoded once, not twice


def test_links_to_the_source_site_point_here(tmp_path: Path) -> None:
    body = (
        "&lt;p&gt;&lt;a href=&quot;https://x.stackexchange.com/questions/10/how-do-i&quot;&gt;q&lt;/a&gt; "
        "&lt;a href=&quot;https://x.stackexchange.com/questions/10/how-do-i/11#11&quot;&gt;a&lt;/a&gt;&lt;/p&gt;"
    )
    question = QUESTION.replace("&lt;p&gt;How do I lead?&lt;/p&gt;", body)
    run_import(small_dump(tmp_path, [question, ANSWER]), site="x.stackexchange.com")
    html = Post.objects.get(pk=10).body_html
    assert 'href="/q/10"' in html and 'href="/a/11"' in html


def test_post_history_in_any_order_makes_revisions(tmp_path: Path) -> None:
    small_dump(tmp_path)
    guid1, guid2 = "aaaa", "bbbb"
    write(
        tmp_path,
        "PostHistory",
        [
            f'<row Id="3" PostHistoryTypeId="5" PostId="10" RevisionGUID="{guid2}" CreationDate="2020-02-05T00:00:00.000" UserId="6" Comment="clearer" Text="How do I **lead** well?" />',
            f'<row Id="1" PostHistoryTypeId="1" PostId="10" RevisionGUID="{guid1}" CreationDate="2020-02-01T12:00:00.000" UserId="5" Text="How do I lead a team?" />',
            f'<row Id="2" PostHistoryTypeId="2" PostId="10" RevisionGUID="{guid1}" CreationDate="2020-02-01T12:00:00.000" UserId="5" Text="How do I lead?" />',
            '<row Id="4" PostHistoryTypeId="3" PostId="10" RevisionGUID="aaaa" CreationDate="2020-02-01T12:00:00.000" UserId="5" Text="&lt;leadership&gt;&lt;teams&gt;" />',
            '<row Id="5" PostHistoryTypeId="10" PostId="10" RevisionGUID="cccc" CreationDate="2020-02-06T00:00:00.000" UserId="-1" Comment="104" Text="{&quot;Voters&quot;:[{&quot;Id&quot;:6,&quot;DisplayName&quot;:&quot;Bob&quot;}]}" />',
            '<row Id="6" PostHistoryTypeId="2" PostId="999" RevisionGUID="dddd" CreationDate="2020-02-01T12:00:00.000" Text="gone" />',
        ],
    )
    question = Path(tmp_path / "Posts.xml")
    question.write_text(
        question.read_text(encoding="utf-8").replace(
            'AnswerCount="1"', 'AnswerCount="1" ClosedDate="2020-02-06T00:00:00.000"'
        ),
        encoding="utf-8",
    )
    result = run_import(tmp_path, site="x.stackexchange.com")
    assert result.errors == []
    post = Post.objects.get(pk=10)
    assert post.body == "How do I **lead** well?" and not post.body_is_html
    assert post.revision_number == 2
    first, second = Revision.objects.filter(post=post).order_by("number")
    assert (first.author_id, first.title, first.body, first.tag_names) == (
        5,
        "How do I lead a team?",
        "How do I lead?",
        "leadership teams",
    )
    assert (second.author_id, second.body, second.comment) == (6, post.body, "clearer")
    assert second.tag_names == "leadership teams"  # carried over from the first
    assert (post.close_reason, post.closed_by_id) == ("needs-focus", 6)
    assert result.files["PostHistory"].skipped == {"post not in the dump": 1}
    # The answer had no history: it gets a first revision from the dump.
    assert Revision.objects.get(post_id=11).body == Post.objects.get(pk=11).body


def test_seven_zip_archive(tmp_path: Path) -> None:
    import py7zr

    folder = small_dump(tmp_path / "dump")
    archive = tmp_path / "x.stackexchange.com.7z"
    with py7zr.SevenZipFile(archive, "w") as out:
        for path in folder.iterdir():
            out.write(path, arcname=path.name)
    result = run_import(archive)
    assert result.site == "x.stackexchange.com"
    assert Post.objects.count() == 2
    assert Post.objects.get(pk=10).source_url == "https://x.stackexchange.com/q/10"


def test_refuses_a_database_with_posts_unless_remapped(tmp_path: Path) -> None:
    local = make_question(title="A local question about running one-on-ones?")
    small_dump(tmp_path)
    out = io.StringIO()
    with pytest.raises(CommandError, match="already has posts.*--remap-ids"):
        call_command("import-stackexchange", str(tmp_path), "--no-reindex", stdout=out)
    result = run_import(tmp_path, site="x.stackexchange.com", remap_ids=True)
    assert result.errors == []
    new_question = IdMap.objects.get(kind="post", old_id=10).new_id
    new_answer = IdMap.objects.get(kind="post", old_id=11).new_id
    assert new_question > local.pk and Post.objects.get(pk=new_answer).question_id == new_question
    assert Post.objects.get(pk=new_question).accepted_answer_id == new_answer
    # Running it again changes nothing; the old ids redirect.
    before = snapshot()
    again = run_import(tmp_path, site="x.stackexchange.com", remap_ids=True)
    assert all(report.imported == 0 for report in again.files.values())
    assert snapshot() == before
    from django.test import Client

    response = Client().get("/q/11")
    assert response.status_code == 301 and f"#answer-{new_answer}" in response["Location"]


def test_command_prints_the_summary_and_fails_on_a_broken_file(tmp_path: Path) -> None:
    small_dump(tmp_path, [QUESTION, ANSWER, ANSWER])
    out = io.StringIO()
    with pytest.raises(CommandError, match="Posts.xml, line 5: duplicate Id 11"):
        call_command(
            "import-stackexchange",
            str(tmp_path),
            "--site",
            "x.stackexchange.com",
            "--no-reindex",
            stdout=out,
        )
    text = out.getvalue()
    assert "Users.xml" in text and "Read" in text and "FAILED" in text


def test_generated_dump_imports_cleanly(tmp_path: Path) -> None:
    counts = generate_dump(tmp_path, posts=300, seed=3, new_tag_encoding=True)
    result = run_import(tmp_path, site="generated.stackexchange.com")
    assert result.errors == []
    assert result.files["Posts"].read == counts["Posts"] == 300
    assert Post.objects.count() == 300
    assert Post.objects.filter(post_type=1).exclude(tag_names="").count() == 120
    assert Comment.objects.count() == result.files["Comments"].imported


def _vm_steps(work: Callable[[], object]) -> int:
    """SQLite's virtual machine steps (in hundreds) while `work` runs: a measure of the
    database's work that does not depend on the machine's speed."""
    connection.ensure_connection()
    raw = connection.connection
    steps = [0]

    def count() -> int:
        steps[0] += 1
        return 0

    raw.set_progress_handler(count, 100)
    try:
        work()
    finally:
        raw.set_progress_handler(None, 0)
    return steps[0]


def test_answers_before_their_question_or_without_one_keep_the_load_linear(
    tmp_path: Path,
) -> None:
    """SQLite checks a foreign key left dangling inside a transaction at the commit, and
    until then looks for the children of every row inserted into the parent table. An
    answer written before its question (merged questions) or without one (deleted) made
    every later post scan the post table, which has no indexes during the load: minutes
    for 200,000 posts. Such answers must cost about what any other row costs."""
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL has no foreign keys on an empty table's load")
    plain, early = tmp_path / "plain", tmp_path / "early"
    generate_dump(plain, posts=1000, seed=5)
    early.mkdir()
    for path in plain.iterdir():
        if path.name != "Posts.xml":
            (early / path.name).write_bytes(path.read_bytes())
    lines = (plain / "Posts.xml").read_text(encoding="utf-8").split("\n")
    answers = [i for i, line in enumerate(lines) if 'PostTypeId="2"' in line]
    last_answer = lines[answers[-1]]
    question_id = int(last_answer.split('ParentId="')[1].split('"')[0])
    orphan = lines.pop(answers[-2]).replace('ParentId="', 'ParentId="9999999', 1)
    lines.remove(last_answer)
    lines[2:2] = [last_answer, orphan]  # after the declaration and the root's start tag
    (early / "Posts.xml").write_text("\n".join(lines), encoding="utf-8")

    plain_steps = _vm_steps(lambda: run_import(plain, site="generated.stackexchange.com"))
    wipe()
    results = []
    early_steps = _vm_steps(
        lambda: results.append(run_import(early, site="generated.stackexchange.com"))
    )
    posts = results[0].files["Posts"]
    assert results[0].errors == []
    assert posts.skipped == {"answer whose question is not in the dump": 1}
    first_answer = int(last_answer.split('Id="')[1].split('"')[0])
    assert Post.objects.get(pk=first_answer).question_id == question_id
    assert early_steps < 1.2 * plain_steps, (early_steps, plain_steps)
