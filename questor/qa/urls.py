from __future__ import annotations

from django.contrib.sitemaps.views import sitemap
from django.urls import path

from questor.qa import badge_views, community_views, views
from questor.qa.sitemaps import QuestionSitemap

app_name = "qa"

urlpatterns = [
    path("", views.home, name="home"),
    path("questions/", views.home, name="questions"),
    path("questions/ask/", views.ask, name="ask"),
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
