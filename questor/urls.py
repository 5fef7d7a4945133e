from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from questor.core import views as core_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("robots.txt", core_views.robots_txt, name="robots_txt"),
    path("admin/", admin.site.urls),
    path("accounts/", include("questor.accounts.urls")),
    path("", include("questor.qa.urls")),
    path("<slug:slug>/", core_views.page, name="page"),
]
