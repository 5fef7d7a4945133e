"""The SMTP backend behind EMAIL_URL: Django's, plus a CA file to verify the server with.

Django verifies an SMTP server's certificate (STARTTLS or implicit TLS) against the
system's CA store only. A private mail relay with its own CA sets EMAIL_CA_FILE to that
CA's PEM file; verification stays on (never turned off), against that CA as well.
"""

from __future__ import annotations

import ssl
from typing import Any

from django.conf import settings
from django.core.mail.backends.smtp import EmailBackend as DjangoSMTPBackend
from django.utils.functional import cached_property


class EmailBackend(DjangoSMTPBackend):
    def __init__(self, *args: Any, ca_file: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.ca_file = ca_file if ca_file is not None else getattr(settings, "EMAIL_CA_FILE", "")

    @cached_property
    def ssl_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context()  # hostname checks and verification on
        if self.ca_file:
            context.load_verify_locations(cafile=self.ca_file)
        if self.ssl_certfile:  # a client certificate, as Django allows
            context.load_cert_chain(self.ssl_certfile, self.ssl_keyfile)
        return context
