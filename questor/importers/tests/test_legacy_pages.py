"""`questor import-page`: scraped legacy Q&A pages, their faults repaired by the spam
check's rules, idempotent, with a summary of everything dropped."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from questor.accounts.models import User
from questor.importers.tests.helpers import DATA, assert_same, snapshot
from questor.qa.models import Post, PostType

pytestmark = pytest.mark.django_db

PAGES = DATA / "legacy-pages"
LEADERSHIP = PAGES / "leadership-vs-management-2009.txt"
ENGINEERING = PAGES / "engineering-lead-2011.txt"
REMOTE = PAGES / "two-answers-alike.txt"
GENESIS = "Have you claimed your Genesis site?"
TEMPLATES = "Download our premium resume templates at a special discount today!"


def import_page(*args: str) -> str:
    out = io.StringIO()
    call_command("import-page", *args, stdout=out)
    return out.getvalue()


def question_titled(start: str) -> Post:
    return Post.objects.get(post_type=PostType.QUESTION, title__startswith=start)


def answers_of(question: Post) -> list[Post]:
    return list(question.answers.order_by("created_at", "pk"))


def test_the_leadership_page_becomes_one_clean_question_with_six_answers():
    output = import_page(str(LEADERSHIP))

    question = Post.objects.get(post_type=PostType.QUESTION)
    assert question.title == (
        "Can someone tell me the difference between leadership and management (if there is any)?"
    )
    assert question.author.name == "Questor" and question.author.is_imported
    assert question.created_at.date() == date(2009, 9, 30)
    assert question.category.name == "More Leadership Development Answers"
    assert question.body == "If there is such a difference how you get managing directors?"
    assert question.body_html == (
        "<p>If there is such a difference how you get managing directors?</p>\n"
    )
    assert question.source_site == "Leadership Development & Management Tips"
    assert not question.held_for_review

    answers = answers_of(question)
    assert len(answers) == 6 and question.answer_count == 6
    assert {answer.author.name for answer in answers} == {"Imported (anonymous)"}
    assert answers[0].body == "a Leaders ship will Obviously a BIGGER one than the Managers"
    assert answers[1].body.startswith("lead and manage is different")
    assert not any("Feedback:" in answer.body for answer in answers)
    assert all(GENESIS not in post.body for post in [question, *answers])
    # The Markdown list in the fifth answer stays a list.
    assert (
        "<ul>\n<li>personal targets</li>\n<li>social targets</li>\n<li>moral values</li>\n</ul>"
        in answers[4].body_html
    )
    # Every post has its first revision, and the category counts its question.
    assert all(post.revisions.count() == 1 for post in [question, *answers])
    assert question.category.question_count == 1

    # The summary names every line dropped, and why.
    assert output.count(GENESIS) == 2
    assert "(promotion injected) Have you claimed your Genesis site?" in output
    assert "a later copy of a block pasted twice" in output


def test_the_page_reads_as_a_question_on_the_site(client):
    import_page(str(LEADERSHIP))
    question = Post.objects.get(post_type=PostType.QUESTION)

    page = client.get(question.get_absolute_url())

    assert page.status_code == 200
    text = page.content.decode()
    assert "managing directors" in text and "Genesis" not in text
    assert "Leadership Development &amp; Management Tips" in text
    assert "<li>social targets</li>" in text
    assert 'href=""' not in text  # a scraped page has no address to link to
    # The search index has the page.
    found = client.get("/search/", {"q": "managing directors"}).content.decode()
    assert "Can someone tell me the difference between leadership and management" in found


def test_importing_the_same_page_again_changes_nothing():
    import_page(str(LEADERSHIP))
    before = snapshot()
    users = User.objects.count()

    output = import_page(str(LEADERSHIP))

    assert_same(before, snapshot())
    assert User.objects.count() == users
    assert "0 page(s) imported, 1 already there" in output


def test_a_page_of_another_site_with_its_own_marker_and_injection_comes_out_as_clean():
    output = import_page(str(ENGINEERING), "--answer-marker", r"^Reader Reply:\s*")

    question = question_titled("Is it wise to promote")
    assert question.author.name == "Dana"  # a straight apostrophe
    assert question.created_at.date() == date(2011, 3, 14)
    assert question.category.name == "Team Lead Questions"
    assert question.source_site == "Engineering Career Notes"
    assert question.body == (
        "Our strongest developer wants to lead the team, but I worry we will lose her coding."
    )
    answers = answers_of(question)
    assert len(answers) == 4
    assert all(TEMPLATES not in post.body for post in [question, *answers])
    assert not any("Reader Reply" in answer.body for answer in answers)
    # A sentence repeated in another answer (not right after itself) stays in both.
    repeated = "Talk to her before you decide anything about the role."
    assert repeated in answers[0].body and repeated in answers[3].body
    # A "-" list survives as a list.
    assert "<li>a mentor who made the same move</li>" in answers[1].body_html
    assert output.count(TEMPLATES) == 2


def test_a_block_pasted_twice_with_a_gap_is_kept_once_but_short_identical_answers_stay():
    import_page(str(REMOTE), "--answer-marker", r"^Tip:\s*")

    question = question_titled("How do you keep a remote team")
    assert question.author.name == "Sam O’Neil"  # a curly apostrophe inside the name
    assert question.body == (
        "We span nine hours between our first and last colleague.\n\n"
        "The team feels split in two and the two halves rarely talk."
    )
    assert [answer.body for answer in answers_of(question)][-2:] == ["Agreed.", "Agreed."]
    assert question.category.name == "Distributed Teams"


def test_the_asker_is_found_again_and_real_members_are_never_taken_over():
    member = User.objects.create(username="Questor", display_name="Questor")
    import_page(str(LEADERSHIP))
    import_page(str(ENGINEERING), "--answer-marker", r"^Reader Reply:\s*")

    asker = Post.objects.get(title__startswith="Can someone").author
    assert asker != member and asker.is_imported and asker.username != "Questor"
    assert User.objects.filter(display_name="Imported (anonymous)").count() == 1


def test_a_broken_page_is_reported_and_leaves_nothing_while_the_others_are_imported():
    with pytest.raises(CommandError) as failure:
        import_page(str(PAGES / "no-date-line.txt"), str(LEADERSHIP), str(PAGES / "latin1.txt"))

    message = str(failure.value)
    assert "no-date-line.txt, line 2: no date line after the title" in message
    assert "latin1.txt is not UTF-8 text" in message
    assert Post.objects.filter(post_type=PostType.QUESTION).count() == 1
    assert not Post.objects.filter(title__startswith="What makes a good one-on-one").exists()


def test_a_wrong_answer_marker_is_explained():
    with pytest.raises(CommandError, match="is not a regular expression"):
        import_page(str(LEADERSHIP), "--answer-marker", "([unclosed")
    assert not Post.objects.exists()


@pytest.mark.spam_check
def test_a_page_that_is_still_spam_after_cleaning_is_held_for_a_moderator(tmp_path):
    page = tmp_path / "advert.txt"
    page.write_text(
        "Where can I find cheap leadership training for my whole company?\n"
        "May 1, 2010 by Deals Corner\n"
        "Filed under Offers\n"
        "Can you answer Max's question about Training?:\n"
        "Our leadership training for your whole company is the cheapest, order now at "
        "https://deals.example.com and call now!\n"
        "Some Feedback: Leadership training for companies at the best price, click here "
        "https://deals.example.com/offer, limited offer!\n",
        encoding="utf-8",
    )
    output = import_page(str(page))

    question = Post.objects.get(post_type=PostType.QUESTION)
    assert question.held_for_review and question.held_reasons
    assert "held for a moderator by the spam check" in output
