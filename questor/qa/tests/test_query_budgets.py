"""Query budgets: pages cost a fixed number of queries, however much is on them.

Without REDIS_URL the cache is the database cache and sessions are cached_db, so a
signed-in request's session read is itself a query. The budgets are written for that
worst case; with Redis the same pages cost fewer.

Privilege thresholds are read once per process and kept for 30 seconds. Building the
test data checks privileges and so fills that cache; every measurement below empties it
first, so the count includes the threshold read a page pays when the cache is cold.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from questor.qa import actions, permissions, selectors
from questor.qa.models import Comment, Post
from questor.qa.privileges import forget_thresholds
from questor.testing.factories import (
    make_answer,
    make_category,
    make_comment,
    make_question,
    make_user,
)

pytestmark = pytest.mark.django_db

# Question page: the question, its answers, their comments, and the people on the page
# (authors, editors: one query rather than a join per relation, which made the question's
# query ~190 columns wide and cost more than the query it saves); signed in, also the
# session (a cache read), the user, the privilege thresholds (cold cache), their votes
# and their answer draft.
QUESTION_PAGE_ANONYMOUS = 6
QUESTION_PAGE_SIGNED_IN = 9
# Lists: the count and the page, plus the tag or category; signed in, session and user.
LIST_PAGE_ANONYMOUS = 3
# Signed in, lists also read the member's watched and ignored tags (one query, whatever
# the number of rows: questor/notifications/templatetags), which added 1.
LIST_PAGE_SIGNED_IN = 6
# A member's page: the member, two counts, their badges and two short lists. The badges
# (one aggregate query, whatever the number of awards) added 1 to each budget.
USER_PAGE_ANONYMOUS = 6
USER_PAGE_SIGNED_IN = 8
# Voting down needs 50 reputation (the default `small` preset), and each answer voted down
# costs the voter 1: the viewer below votes down up to 16 answers, so it starts higher.
VOTER_REPUTATION = 100


def _queries(client, url: str) -> int:
    """Queries for one GET of `url`, privilege thresholds not cached."""
    forget_thresholds()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def _question_with_answers(count: int, *, viewer) -> Post:
    """A question with `count` answers, each with a comment, votes (one of them the
    viewer's), and an edit by someone else; the first answer accepted."""
    asker = make_user()
    question = make_question(author=asker)
    make_comment(post=question)
    actions.cast_vote(user=viewer, post=question, value=1)
    editor = make_user(is_staff=True)
    for number in range(count):
        answer = make_answer(question=question)
        make_comment(post=answer)
        actions.cast_vote(user=viewer, post=answer, value=1 if number % 2 else -1)
        actions.cast_vote(user=make_user(), post=answer, value=1)
        actions.edit_post(
            editor=editor,
            post=answer,
            body=f"An answer improved by a moderator, number {number}, with detail.",
            base_revision=1,
        )
        if number == 0:
            actions.accept_answer(user=asker, answer=answer)
        if number == 1:  # an imported answer and comment whose authors are unknown
            Post.objects.filter(pk=answer.pk).update(author=None, author_name="Imported")
            Comment.objects.filter(post=answer).update(author=None, author_name="Imported")
    return Post.objects.get(pk=question.pk)


@pytest.fixture
def viewer():
    return make_user(reputation=VOTER_REPUTATION)


def test_the_question_page_costs_the_same_with_1_or_30_answers_for_a_visitor(client, viewer):
    small = _question_with_answers(1, viewer=viewer)
    large = _question_with_answers(30, viewer=viewer)

    few = _queries(client, small.get_absolute_url())
    many = _queries(client, large.get_absolute_url())

    assert few == many
    assert many <= QUESTION_PAGE_ANONYMOUS


def test_the_question_page_costs_the_same_with_1_or_30_answers_when_signed_in(client, viewer):
    small = _question_with_answers(1, viewer=viewer)
    large = _question_with_answers(30, viewer=viewer)
    client.force_login(viewer)

    few = _queries(client, small.get_absolute_url())
    many = _queries(client, large.get_absolute_url())

    assert few == many
    assert many <= QUESTION_PAGE_SIGNED_IN


def test_the_question_page_stays_within_budget_for_a_visitor(
    client, viewer, django_assert_max_num_queries
):
    question = _question_with_answers(30, viewer=viewer)
    url = question.get_absolute_url()
    forget_thresholds()
    with django_assert_max_num_queries(QUESTION_PAGE_ANONYMOUS):
        response = client.get(url)
    assert response.content.decode().count('class="post answer') == 30


def test_the_question_page_stays_within_budget_when_signed_in(
    client, viewer, django_assert_max_num_queries
):
    question = _question_with_answers(30, viewer=viewer)
    url = question.get_absolute_url()
    client.force_login(viewer)
    forget_thresholds()
    with django_assert_max_num_queries(QUESTION_PAGE_SIGNED_IN):
        response = client.get(url)
    assert response.content.decode().count('class="post answer') == 30
    assert response.content.decode().count('aria-pressed="true"') == 31


def test_the_question_page_for_its_asker_stays_within_budget(
    client, viewer, django_assert_max_num_queries
):
    question = _question_with_answers(30, viewer=viewer)
    url = question.get_absolute_url()
    client.force_login(question.author)
    forget_thresholds()
    with django_assert_max_num_queries(QUESTION_PAGE_SIGNED_IN):
        response = client.get(url)
    assert response.content.decode().count('aria-label="Accept this answer"') == 30


def test_a_question_in_a_category_costs_no_more_and_links_its_category(client, viewer):
    plain = _question_with_answers(3, viewer=viewer)
    filed = _question_with_answers(3, viewer=viewer)
    Post.objects.filter(pk=filed.pk).update(category=make_category(slug="teams", name="Teams"))

    assert _queries(client, filed.get_absolute_url()) == _queries(client, plain.get_absolute_url())
    page = client.get(filed.get_absolute_url()).content.decode()
    assert '· in <a href="/categories/teams/">Teams</a>' in page


def test_the_answers_on_a_question_page_know_their_question_without_a_query(
    viewer, django_assert_num_queries
):
    """Permission checks and links read `answer.question`: a query per answer unless the
    page's answers already hold their question."""
    question = _question_with_answers(30, viewer=viewer)
    page = selectors.question_page(question=question, viewer=viewer)
    assert len(page.answers) == 30
    with django_assert_num_queries(0):
        for answer in page.answers:
            permissions.can_vote(viewer, answer)
            permissions.can_comment(viewer, answer)
            answer.get_absolute_url()


# Lists --------------------------------------------------------------------------------


def _questions(count: int, *, author=None, category=None, tags=None) -> None:
    """`count` questions by different members (or one), each answered, voted on, edited."""
    voter = make_user(reputation=VOTER_REPUTATION)
    for number in range(count):
        question = make_question(author=author, category=category, tags=tags)
        actions.cast_vote(user=voter, post=question, value=1 if number % 2 else -1)
        answer = make_answer(question=question)
        if number % 3 == 0:
            actions.accept_answer(user=question.author, answer=answer)
        actions.edit_post(
            editor=question.author,
            post=question,
            title=question.title,
            body=f"A question edited once so it has an editor, number {number}, and more.",
            tag_names=question.tag_list,
            base_revision=1,
        )
        if author is None and number % 5 == 4:  # imported: the asker is unknown
            Post.objects.filter(pk=question.pk).update(author=None, author_name="Imported")


LIST_URLS = [
    "/",
    "/?tab=active",
    "/?tab=votes",
    "/?tab=unanswered",
    "/questions/",
    "/tags/one-on-ones/",
    "/categories/leadership/",
    "/tags/",
    "/users/",
]


def _list_costs(client, few: int, many: int, urls: list[str]) -> dict[str, tuple[int, int]]:
    costs: dict[str, list[int]] = {url: [] for url in urls}
    _questions(few)
    for url in urls:
        costs[url].append(_queries(client, url))
    _questions(many - few)
    for url in urls:
        costs[url].append(_queries(client, url))
    return {url: (values[0], values[1]) for url, values in costs.items()}


@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "signed-in"])
def test_list_pages_cost_the_same_with_5_or_40_questions(client, signed_in):
    if signed_in:
        client.force_login(make_user())
    budget = LIST_PAGE_SIGNED_IN if signed_in else LIST_PAGE_ANONYMOUS

    costs = _list_costs(client, 5, 40, LIST_URLS)

    for url, (few, many) in costs.items():
        assert few == many, f"{url}: {few} queries with 5 questions, {many} with 40"
        assert many <= budget, f"{url}: {many} queries, over the budget of {budget}"


def test_the_home_page_stays_within_budget_for_a_visitor(client, django_assert_max_num_queries):
    _questions(40)
    forget_thresholds()
    with django_assert_max_num_queries(LIST_PAGE_ANONYMOUS):
        response = client.get("/")
    assert response.content.decode().count('class="question-row"') == 30


@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "signed-in"])
def test_a_user_page_costs_the_same_with_5_or_40_questions(client, signed_in):
    person = make_user(username="prolific")
    category = make_category(slug="teams")
    if signed_in:
        client.force_login(make_user())
    url = person.get_absolute_url()
    budget = USER_PAGE_SIGNED_IN if signed_in else USER_PAGE_ANONYMOUS

    def grow(count: int) -> None:
        _questions(count, author=person, category=category)
        for _ in range(count):
            make_answer(question=make_question(), author=person)

    grow(5)
    few = _queries(client, url)
    grow(35)
    many = _queries(client, url)

    assert few == many
    assert many <= budget
    response = client.get(url)
    assert response.content.decode().count('class="score-badge') == 40  # 20 and 20


def test_the_tag_and_category_pages_stay_within_budget(client, django_assert_max_num_queries):
    _questions(40, tags=["budgets"], category=make_category(slug="teams"))
    for url in ("/tags/budgets/", "/categories/teams/"):
        forget_thresholds()
        with django_assert_max_num_queries(LIST_PAGE_ANONYMOUS):
            response = client.get(url)
        assert response.content.decode().count('class="question-row"') == 30
