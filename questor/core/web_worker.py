"""The web server's worker class: gunicorn's threaded worker, sharing new connections out
among the workers.

gunicorn's gthread worker accepts every connection it sees, busy or not, and keeps each
for its keep-alive life. When several arrive together, the first worker to wake goes
round its loop and accepts again before the others run: under eight kept-alive
connections (`wrk -c8`, or a proxy's pool) one worker of five took them all in three runs
of eight, and served every request on one core while the other idled. Here a worker
stops listening while the first request of a connection it took is being served (while
as many are as it has threads), so the connections that arrive meanwhile go to the other
workers; it listens again once that request is answered.

Only a new connection's first request counts. Stopping while any request was being served
starved the connections waiting to be accepted: a worker whose kept-alive connections
always had a request ready never listened again, and a new connection waited up to 4 s.

A new connection waits for its first request on the worker's poller, as a kept-alive one
waits for its next, not in a thread: a client that connects and sends nothing (a
browser's preconnect) holds no thread and stops no worker from listening.
"""

from __future__ import annotations

import errno
import selectors
from functools import partial
from typing import Any

from gunicorn.workers.gthread import TConn, ThreadWorker


class BalancedThreadWorker(ThreadWorker):  # type: ignore[misc]
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.first_requests = 0  # new connections' first requests queued or being served

    def accept(self, listener: Any) -> None:
        try:
            client, address = listener.accept()
        except OSError as error:
            if error.errno not in (errno.EAGAIN, errno.ECONNABORTED, errno.EWOULDBLOCK):
                raise
            return
        self.nr_conns += 1
        conn = TConn(self.cfg, client, address, listener.getsockname())  # non-blocking
        # As gthread waits for a deferred connection's data (finish_request): the same
        # timeout, so pending_conns stays in the order murder_pending() expects.
        conn.set_timeout()
        self.pending_conns.append(conn)
        self.poller.register(
            client, selectors.EVENT_READ, partial(self.on_pending_socket_readable, conn)
        )

    def on_pending_socket_readable(self, conn: Any, client: Any) -> None:
        if not conn.initialized:  # its first request
            conn.first_request = True
            self.first_requests += 1
            if self.first_requests >= self.cfg.threads:
                self.set_accept_enabled(False)
        super().on_pending_socket_readable(conn, client)

    def finish_request(self, conn: Any, fs: Any) -> None:
        # Runs on the worker's main loop once per request; the loop turns listening
        # back on (set_accept_enabled below) when it next goes round.
        if getattr(conn, "first_request", False):
            conn.first_request = False
            self.first_requests -= 1
        super().finish_request(conn, fs)

    def set_accept_enabled(self, enabled: bool) -> None:
        super().set_accept_enabled(enabled and self.first_requests < self.cfg.threads)
