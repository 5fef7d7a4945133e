"""Posts the spam check holds: who sees them, where they never appear, and the moderators'
queue that publishes or rejects them."""

from __future__ import annotations

from typing import Any

import pytest

from questor.qa import actions
from questor.qa.models import Post, ReputationEvent, ReputationKind
from questor.spam import services
from questor.spam.models import Decision, SpamDecision, SpamModel, SpamTerm, TermKind
from questor.testing.factories import (
    make_answer,
    make_category,
    make_question,
    make_tags,
    make_user,
)

pytestmark = [pytest.mark.django_db, pytest.mark.spam_check]

SPAM_TITLE = "Cheap SEO services for your leadership blog"
SPAM_BODY = (
    "Looking for the best SEO services at a cheap price? Our agency gets your website to page "
    "one in 30 days, 100% guaranteed. Contact us today at https://rankfast.example.com "
    "for a free audit!"
)
SPAM_ANSWER = (
    "Great question! Boost your career with our certified leadership course, now 70% off "
    "this week only: https://lead-deals.example.net"
)


def _spam_question(author: Any = None) -> Post:
    return make_question(
        author=author or make_user(), title=SPAM_TITLE, body=SPAM_BODY, tags=["seo"]
    )


def _moderator() -> Any:
    return make_user(is_staff=True)


def test_a_spam_question_by_a_new_member_is_held_with_its_reasons():
    question = _spam_question()
    question.refresh_from_db()
    assert question.held_for_review
    assert "promotion" in question.held_reasons
    assert "listed phrase" in question.held_reasons


def test_ordinary_posts_and_trusted_members_are_not_held():
    assert not make_question().held_for_review
    assert not _spam_question(make_user(reputation=500)).held_for_review
    assert not _spam_question(_moderator()).held_for_review


def test_an_edit_into_spam_is_held_too():
    answer = make_answer(question=make_question())
    assert not answer.held_for_review
    actions.edit_post(editor=answer.author, post=answer, body=SPAM_ANSWER, base_revision=1)
    answer.refresh_from_db()
    assert answer.held_for_review and "promotion" in answer.held_reasons


def test_a_near_duplicate_of_an_earlier_post_is_held():
    body = (
        "We moved our retrospectives to the first morning of each sprint, kept them to forty "
        "five minutes, rotated the facilitator and wrote every agreed change into the team "
        "charter, which made people far more willing to speak about what went wrong."
    )
    original = make_answer(question=make_question(), body=body)
    copy = make_answer(question=make_question(), body=body + " Hope it helps.")
    copy.refresh_from_db()
    assert not Post.objects.get(pk=original.pk).held_for_review
    assert copy.held_for_review
    assert f"answer #{original.pk}" in copy.held_reasons


def test_a_domain_added_in_the_admin_holds_posts_that_link_to_it():
    SpamTerm.objects.create(kind=TermKind.DOMAIN, text="shady.example")
    answer = make_answer(
        question=make_question(),
        body="The write-up at https://www.shady.example/post explains the idea in detail.",
    )
    assert answer.held_for_review
    assert "blocked link domain shady.example" in answer.held_reasons


def test_the_shipped_lists_are_in_the_table():
    assert SpamTerm.objects.filter(kind=TermKind.PHRASE, text="click here").exists()
    assert SpamTerm.objects.filter(kind=TermKind.SHORTENER, text="bit.ly").exists()


def test_legacy_pages_use_the_same_detector():
    from questor.spam.tests.test_detector import LEGACY

    verdict = services.check_legacy_page(title=LEGACY.splitlines()[0], text=LEGACY)
    assert verdict.is_spam and "Genesis" in verdict.reasons


def test_the_demo_community_has_nothing_the_check_would_hold():
    from questor.qa.demo import load_demo

    load_demo()
    assert Post.objects.count() > 10
    assert not Post.objects.filter(held_for_review=True).exists()


# Who sees a held post -----------------------------------------------------------------


def test_only_the_author_and_moderators_see_a_held_question(client):
    author = make_user()
    question = _spam_question(author)
    url = question.get_absolute_url()
    assert client.get(url).status_code == 404
    client.force_login(make_user())
    assert client.get(url).status_code == 404
    client.force_login(author)
    page = client.get(url).content.decode()
    assert "Pending review." in page and "Only you and moderators can see it" in page
    profile = client.get(author.get_absolute_url()).content.decode()
    assert "Pending review" in profile and SPAM_TITLE in profile
    client.force_login(_moderator())
    page = client.get(url).content.decode()
    assert "Pending review." in page and 'href="/moderation/held/"' in page


def test_a_held_answer_shows_only_to_its_author_and_moderators(client):
    question = make_question()
    spammer = make_user()
    answer = actions.post_answer(author=spammer, question=question, body=SPAM_ANSWER)
    assert answer.held_for_review
    client.force_login(make_user())
    assert "lead-deals" not in client.get(question.get_absolute_url()).content.decode()
    client.force_login(spammer)
    page = client.get(question.get_absolute_url()).content.decode()
    assert "lead-deals" in page and "Our spam check held this answer" in page


def test_a_held_answer_is_counted_once_a_moderator_publishes_it(client):
    question = make_question()
    answer = actions.post_answer(author=make_user(), question=question, body=SPAM_ANSWER)
    question.refresh_from_db()
    assert answer.held_for_review and question.answer_count == 0  # readers see none

    client.force_login(_moderator())
    client.post(f"/moderation/held/{answer.pk}/decide/", {"decision": "approve"})

    question.refresh_from_db()
    assert question.answer_count == 1


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/questions/?tab=active",
        "/tags/seo/",
        "/categories/leadership/",
        "/search/?q=SEO+services",
        "/feeds/questions.rss",
        "/feeds/tags/seo.atom",
        "/sitemap.xml",
        "/questions/similar/?title=Cheap+SEO+services+for+leadership",
    ],
)
def test_a_held_question_is_in_no_list_search_or_feed(client, url):
    make_category(slug="leadership")
    make_tags("seo")
    author = make_user()
    question = _spam_question(author)
    make_question(title="An ordinary question about SEO services and leadership", tags=["seo"])
    assert question.held_for_review
    # (Search may show the author their own post, marked pending review.)
    for viewer in (None, make_user()):
        if viewer is not None:
            client.force_login(viewer)
        response = client.get(url)
        assert response.status_code == 200, url
        assert SPAM_TITLE not in response.content.decode(), (url, viewer)
    client.logout()  # the author's profile, as others see it
    assert SPAM_TITLE not in client.get(author.get_absolute_url()).content.decode()


# The queue ----------------------------------------------------------------------------


def test_the_queue_is_for_moderators_only(client):
    client.force_login(make_user(reputation=1999))
    assert client.get("/moderation/held/").status_code == 403
    question = _spam_question()
    assert (
        client.post(f"/moderation/held/{question.pk}/decide/", {"decision": "approve"}).status_code
        == 403
    )
    client.logout()
    assert client.get("/moderation/held/").status_code == 302  # to the log-in page


def test_the_queue_lists_each_held_post_with_its_reasons(client):
    question = _spam_question()
    client.force_login(_moderator())
    page = client.get("/moderation/held/").content.decode()
    assert SPAM_TITLE in page
    assert "promotion (+" in page and "listed phrases and domains (+" in page
    assert "Approve: not spam" in page and "Reject as spam" in page
    assert f'id="held-{question.pk}"' in page


# The worker closes its database connection: these commit for real.
@pytest.mark.django_db(transaction=True)
def test_approving_publishes_the_post_and_teaches_the_model(client, run_tasks):
    author = make_user()
    question = _spam_question(author)
    moderator = _moderator()
    client.force_login(moderator)
    response = client.post(f"/moderation/held/{question.pk}/decide/", {"decision": "approve"})
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.is_public and not question.is_deleted
    decision = SpamDecision.objects.get(post=question)
    assert decision.decision == Decision.NOT_SPAM and decision.moderator == moderator
    assert SPAM_TITLE in decision.text and "promotion" in decision.reasons
    run_tasks()
    assert SpamModel.objects.get(name="bayes").ham_examples == 1
    client.logout()
    assert client.get(question.get_absolute_url()).status_code == 200
    assert (
        client.post(f"/moderation/held/{question.pk}/decide/", {"decision": "approve"}).status_code
        == 302
    )  # to log in: nothing happens


@pytest.mark.django_db(transaction=True)
def test_rejecting_deletes_as_spam_and_costs_100_reputation(client, run_tasks):
    author = make_user(reputation=300)
    question = _spam_question(author)
    client.force_login(_moderator())
    client.post(f"/moderation/held/{question.pk}/decide/", {"decision": "reject"})
    question.refresh_from_db()
    author.refresh_from_db()
    assert question.is_deleted
    assert author.reputation == 200
    assert ReputationEvent.objects.filter(
        user=author, kind=ReputationKind.DELETED_AS_SPAM, post=question, points=-100
    ).exists()
    assert SpamDecision.objects.get(post=question).decision == Decision.SPAM
    assert f'id="held-{question.pk}"' not in client.get("/moderation/held/").content.decode()
    # A decided post cannot be decided again.
    again = client.post(f"/moderation/held/{question.pk}/decide/", {"decision": "approve"})
    assert again.status_code == 403
    run_tasks()
    assert SpamModel.objects.get(name="bayes").spam_examples == 1


@pytest.mark.django_db(transaction=True)
def test_a_model_trained_on_enough_decisions_joins_the_check(run_tasks):
    from questor.spam.tasks import retrain_spam_model
    from questor.spam.tests import corpus

    moderator = _moderator()
    for post, label in [(p, Decision.SPAM) for p in corpus.spam_posts()[:20]] + [
        (p, Decision.NOT_SPAM) for p in corpus.ordinary_posts()[:20]
    ]:
        SpamDecision.objects.create(decision=label, text=corpus.text_of(post), moderator=moderator)
    retrain_spam_model.enqueue()
    run_tasks()
    model = services.current_model()
    assert model is not None and model.spam_docs == 20 == model.ham_docs
    spam = corpus.spam_posts()[30]
    verdict = services.detector.detect(body=spam["body"], model=model)
    assert "naive Bayes" in {signal.name for signal in verdict.signals}
