from __future__ import annotations

from django.apps import AppConfig


class SeapiConfig(AppConfig):
    name = "questor.seapi"
    label = "seapi"
    verbose_name = "Stack Exchange API"
