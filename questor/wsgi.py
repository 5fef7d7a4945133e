from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "questor.settings")
application = get_wsgi_application()
# Every view and the API's schemas are imported as the worker starts, not on its first
# request: that import costs about 0.8 s of CPU, which each worker's first visitor waited
# for (and which `make bench` counted against the requests it measured).
get_resolver().url_patterns  # noqa: B018 - for the import it triggers
