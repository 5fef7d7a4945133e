from __future__ import annotations

from django.urls import path

from questor.notifications import views

app_name = "notifications"

urlpatterns = [
    path("users/<int:user_id>/<str:slug>/inbox/", views.inbox, name="inbox"),
    path("notifications/unread/", views.unread, name="unread"),
    path("notifications/read-all/", views.mark_all_read, name="mark_all_read"),
    path("notifications/<int:notification_id>/open/", views.open_entry, name="open"),
    path("notifications/<int:notification_id>/read/", views.mark_read, name="mark_read"),
    path("notifications/settings/", views.settings_page, name="settings"),
    path("notifications/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("notifications/follow/", views.follow, name="follow"),
    path("notifications/follow/button/", views.follow_button, name="follow_button"),
    path("notifications/mentions/", views.mention_suggestions, name="mentions"),
]
