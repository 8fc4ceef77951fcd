"""Requests served in process (a WSGI call, a live server sharing the test's connection) end
with Django's `close_old_connections`, which closes a connection found inside a transaction.
SQLite's in-memory test database ignores the close; PostgreSQL's does not, and the test's
transaction is lost. Django's test client disconnects the handler for the same reason."""
from contextlib import contextmanager

from django.core.servers.basehttp import ThreadedWSGIServer
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test.testcases import LiveServerThread


@contextmanager
def connections_kept_open():
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


class _KeepSharedConnection(ThreadedWSGIServer):
    def _close_connections(self):
        """Django's server closes every connection after each request; the shared one is the
        test's and stays open."""


class SharedConnectionLiveServer(LiveServerThread):
    """A live server serving through the test thread's own connection (`connections_override`),
    on PostgreSQL as on SQLite."""

    server_class = _KeepSharedConnection
