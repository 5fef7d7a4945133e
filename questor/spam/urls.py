from __future__ import annotations

from django.urls import path

from questor.spam import views

app_name = "spam"

urlpatterns = [
    path("", views.held_queue, name="held"),
    path("<int:post_id>/decide/", views.decide, name="decide"),
]
