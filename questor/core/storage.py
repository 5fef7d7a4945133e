"""The static files storage of production: WhiteNoise's, with each asset's URL kept."""

from __future__ import annotations

from typing import Any

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):  # type: ignore[misc]
    """Every page links the same few assets, and each `{% static %}` looked its file up in
    the manifest and joined its URL again: a tenth of a list page's template. The manifest
    is read once, when the process starts, so a URL once found stays the URL until then."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._urls: dict[str, str] = {}

    def url(self, name: str | None, force: bool = False) -> str:
        if force or name is None:
            return str(super().url(name, force))
        found = self._urls.get(name)
        if found is None:
            found = self._urls[name] = str(super().url(name))
        return found
