"""The web server's worker class: gunicorn's threaded worker, taking new connections only
while it has a thread free.

gunicorn's gthread worker accepts every connection it sees, busy or not, and keeps each
for its keep-alive life. When several arrive together, the first worker to wake takes
them all: under eight kept-alive connections (`wrk -c8`, or a proxy's pool) one worker of
five served every request on one core while the other core idled, half the throughput, in
five runs of eight. Here a worker whose threads are all busy stops listening until one is
free, so the next connection goes to a worker that can serve it at once; the connections
it already holds stay with it, as before.

A new connection waits for its first request on the worker's poller, as a kept-alive one
waits for its next, rather than in a thread: a client that connects and sends nothing
(a browser's preconnect, a slow client) then holds no thread, and so cannot stop a worker
from listening.
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
        self.busy_threads = 0

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

    def enqueue_req(self, conn: Any) -> None:
        self.busy_threads += 1
        if self.busy_threads >= self.cfg.threads:
            self.set_accept_enabled(False)
        super().enqueue_req(conn)

    def finish_request(self, conn: Any, fs: Any) -> None:
        # Runs on the worker's main loop once per enqueued request; the loop turns
        # listening back on (set_accept_enabled below) when it next goes round.
        self.busy_threads -= 1
        super().finish_request(conn, fs)

    def set_accept_enabled(self, enabled: bool) -> None:
        super().set_accept_enabled(enabled and self.busy_threads < self.cfg.threads)
