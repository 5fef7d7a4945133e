"""The one community this server is, as the API's /sites describes it, and the settings
the API reads (all optional; see docs/se-api.md)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django.conf import settings

API_VERSION_PREFIXES = ("/2.3/", "/2.2/")
API_REVISION = "2.3.questor.1"
DEFAULT_QUOTA_MAX = 10000
DEFAULT_CONTENT_LICENSE = "CC BY-SA 4.0"
# Hosts a proxied Stack Exchange client puts in its request line; accepted for /2.x/ only.
DEFAULT_PROXY_HOSTS = ("api.stackexchange.com",)


def site_url() -> str:
    return str(settings.SITE_URL).rstrip("/")


def site_domain() -> str:
    return urlsplit(site_url()).hostname or "localhost"


def api_site_parameter() -> str:
    """SEAPI_SITE_PARAMETER, else the site's name in lower case letters and digits
    ("Questor" → "questor"), as Stack Exchange names its sites."""
    configured = str(getattr(settings, "SEAPI_SITE_PARAMETER", "") or "")
    if configured:
        return configured
    return re.sub(r"[^a-z0-9]", "", str(settings.SITE_NAME).lower()) or "questor"


def site_aliases() -> list[str]:
    """More names `site=` may give (SEAPI_SITE_ALIASES), e.g. "stackoverflow" for tools
    that hard-code it."""
    return [str(alias) for alias in getattr(settings, "SEAPI_SITE_ALIASES", []) if alias]


def accepted_site_names() -> set[str]:
    domain = site_domain()
    names = {api_site_parameter(), domain, *site_aliases()}
    # py-stackexchange strips a leading "api."; SE accepts "www."-less forms as well.
    names |= {f"api.{domain}", f"www.{domain}"}
    return {name.lower() for name in names}


def quota_max() -> int:
    return int(getattr(settings, "SEAPI_QUOTA_MAX", DEFAULT_QUOTA_MAX))


def proxy_hosts() -> tuple[str, ...]:
    hosts = getattr(settings, "SEAPI_PROXY_HOSTS", DEFAULT_PROXY_HOSTS)
    return tuple(str(host).lower() for host in hosts)


def content_license() -> str:
    return str(getattr(settings, "SEAPI_CONTENT_LICENSE", DEFAULT_CONTENT_LICENSE))
