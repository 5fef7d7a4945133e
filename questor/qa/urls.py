from __future__ import annotations

from django.contrib.sitemaps.views import sitemap
from django.urls import path

from questor.qa import badge_views, community_views, feeds, search_views, tag_views, views
from questor.qa.sitemaps import QuestionSitemap

app_name = "qa"

urlpatterns = [
    path("", views.home, name="home"),
    path("questions/", views.home, name="questions"),
    path("questions/ask/", views.ask, name="ask"),
    # Search and discovery (before the question patterns: "related" is no slug).
    path("search/", search_views.search_page, name="search"),
    path("questions/similar/", search_views.similar, name="similar"),
    path("questions/<int:question_id>/related/", search_views.related, name="related"),
    path("questions/<int:question_id>/", views.question_detail, name="question_noslug"),
    path("questions/<int:question_id>/answer/", views.answer, name="answer"),
    path(
        "questions/<int:post_id>/<str:slug>/revisions/", views.revisions, name="question_revisions"
    ),
    path("questions/<int:question_id>/<str:slug>/", views.question_detail, name="question"),
    path("q/<int:post_id>", views.short_question, name="short_question"),
    path("a/<int:post_id>", views.short_answer, name="short_answer"),
    path("posts/<int:post_id>/edit/", views.edit, name="edit"),
    path("posts/<int:post_id>/revisions/", views.revisions, name="revisions"),
    path("posts/<int:post_id>/rollback/<int:number>/", views.rollback, name="rollback"),
    path("posts/<int:post_id>/delete/", views.delete, name="delete"),
    path("posts/<int:post_id>/accept/", views.accept, name="accept"),
    path("posts/<int:post_id>/vote/", views.vote, name="vote"),
    path("posts/<int:post_id>/comments/", views.comment, name="comment"),
    path("comments/<int:comment_id>/edit/", views.edit_comment, name="edit_comment"),
    path("comments/<int:comment_id>/delete/", views.delete_comment, name="delete_comment"),
    path("tags/", views.tag_index, name="tags"),
    path("tags/<str:name>/", views.tag_detail, name="tag"),
    path("tags/<str:name>/info/", tag_views.tag_info, name="tag_info"),
    path("tags/<str:name>/info/edit/", tag_views.tag_info_edit, name="tag_info_edit"),
    path("categories/<slug:slug>/", views.category_detail, name="category"),
    path("users/", views.user_index, name="users"),
    path("users/<int:user_id>/", views.user_detail, name="user_noslug"),
    path("users/<int:user_id>/<str:slug>/", views.user_detail, name="user"),
    path(
        "users/<int:user_id>/<str:slug>/reputation/",
        community_views.reputation_history,
        name="reputation",
    ),
    path("help/privileges/", community_views.privileges_page, name="privileges"),
    path("review/suggested-edits/", community_views.suggested_edit_queue, name="suggested_edits"),
    path(
        "review/suggested-edits/<int:suggestion_id>/",
        community_views.suggested_edit_detail,
        name="suggested_edit",
    ),
    path(
        "review/suggested-edits/<int:suggestion_id>/decide/",
        community_views.review_suggested_edit,
        name="review_suggested_edit",
    ),
    path("markdown/preview/", views.preview, name="preview"),
    path("drafts/question/", views.save_question_draft, name="question_draft"),
    path("drafts/answer/<int:question_id>/", views.save_answer_draft, name="answer_draft"),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": {"questions": QuestionSitemap}},
        name="sitemap",
    ),
    path("badges/", badge_views.badge_list, name="badges"),
    path("badges/<slug:slug>/", badge_views.badge_detail, name="badge"),
]

# Feeds: /feeds/questions.rss, /feeds/tags/<name>.atom, ... (RSS 2.0 and Atom 1.0).
for _fmt in ("rss", "atom"):
    urlpatterns += [
        path(f"feeds/questions.{_fmt}", feeds.newest_questions, {"fmt": _fmt},
             name=f"feed_questions_{_fmt}"),
        path(f"feeds/tags/<str:name>.{_fmt}", feeds.tag_feed, {"fmt": _fmt},
             name=f"feed_tag_{_fmt}"),
        path(f"feeds/categories/<slug:slug>.{_fmt}", feeds.category_feed, {"fmt": _fmt},
             name=f"feed_category_{_fmt}"),
        path(f"feeds/questions/<int:question_id>.{_fmt}", feeds.question_feed, {"fmt": _fmt},
             name=f"feed_question_{_fmt}"),
        path(f"feeds/users/<int:user_id>.{_fmt}", feeds.user_feed, {"fmt": _fmt},
             name=f"feed_user_{_fmt}"),
    ]  # fmt: skip
