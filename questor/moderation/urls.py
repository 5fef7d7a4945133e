from __future__ import annotations

from django.urls import path

from questor.moderation import views
from questor.moderation.models import ReviewQueue

app_name = "moderation"

urlpatterns = [
    path("moderation/", views.flag_queue, name="flags"),
    path("moderation/log/", views.log, name="log"),
    path("moderation/my-flags/", views.my_flags, name="my_flags"),
    path(
        "moderation/<str:target>/<int:target_id>/decide/",
        views.decide_flags,
        name="decide_flags",
    ),
    path("moderation/users/<int:user_id>/suspend/", views.suspend, name="suspend"),
    path("moderation/users/<int:user_id>/unsuspend/", views.unsuspend, name="unsuspend"),
    path("posts/<int:post_id>/flag/", views.flag_post, name="flag_post"),
    path("comments/<int:comment_id>/flag/", views.flag_comment, name="flag_comment"),
    path("posts/<int:post_id>/close/", views.close, name="close"),
    path("posts/<int:post_id>/reopen/", views.reopen, name="reopen"),
    path("posts/<int:post_id>/delete-vote/", views.delete_vote, name="delete_vote"),
    path("posts/<int:post_id>/undelete/", views.undelete, name="undelete"),
    path("posts/<int:post_id>/lock/", views.lock, name="lock"),
    path("posts/<int:post_id>/unlock/", views.unlock, name="unlock"),
    path("posts/<int:post_id>/protect/", views.protect, name="protect"),
    path("posts/<int:post_id>/unprotect/", views.unprotect, name="unprotect"),
    path("review/", views.review_index, name="review"),
    path("review/history/", views.review_history, name="review_history"),
    path("review/tasks/<int:task_id>/", views.review_decide, name="review_decide"),
    # Each queue by name: qa owns /review/suggested-edits/.
    *(
        path(f"review/{queue}/", views.review_queue, {"queue": queue}, name=f"review_{queue}")
        for queue in ReviewQueue.values
    ),
]
