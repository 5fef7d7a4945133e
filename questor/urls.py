from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from questor.core import views as core_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("robots.txt", core_views.robots_txt, name="robots_txt"),
    path("admin/", admin.site.urls),
    path("accounts/", include("questor.accounts.urls")),
    # Before the moderation app's, whose moderation/<target>/<id>/decide/ would match it.
    path("moderation/held/", include("questor.spam.urls")),
    path("", include("questor.moderation.urls")),
    path("", include("questor.notifications.urls")),
    path("", include("questor.qa.urls")),
    path("", include("questor.api.urls")),  # /api/v1/ and /api/tokens/
    # The Stack Exchange API 2.3 (docs/se-api.md); 2.2 is the same, for older clients.
    path("2.3/", include("questor.seapi.urls")),
    path("2.2/", include("questor.seapi.urls")),
    path("<slug:slug>/", core_views.page, name="page"),
]
