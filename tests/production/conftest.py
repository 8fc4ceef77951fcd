"""Fixtures of the production tests: the demo county's files, seeded reference tables, and
real Celery worker processes on the test's own PostgreSQL database and a Redis broker."""
import importlib
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection

from claimdesk.celery import app as celery_app
from tests.production.county_files import write_demo_county

ROOT = Path(settings.BASE_DIR)
SEEDS = ("benefits.migrations.0002_seed_policy_years", "notices.migrations.0002_premium_rates")
DEFAULT_BROKER = "redis://127.0.0.1:6379/0"
WORKER_START_SECONDS = 90


@pytest.fixture(scope="session")
def demo_files(tmp_path_factory) -> Path:
    return write_demo_county(tmp_path_factory.mktemp("demo-county"))


def seed_reference_tables() -> None:
    """Put back the rows migrations seed (policy years, premium rates): a transactional
    test's flush empties them for the tests after it."""
    for module in SEEDS:
        importlib.import_module(module).seed(apps, None)


@pytest.fixture
def seeded_db(db):
    seed_reference_tables()


@pytest.fixture
def seeded_transactional_db(transactional_db):
    seed_reference_tables()


def broker_url() -> str | None:
    """The Redis broker the worker tests use, if one answers: CLAIMDESK_TEST_BROKER_URL
    (set by .ci/run), else CELERY_BROKER_URL, else a server on 127.0.0.1:6379."""
    url = (os.environ.get("CLAIMDESK_TEST_BROKER_URL") or os.environ.get("CELERY_BROKER_URL")
           or DEFAULT_BROKER)
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname, parts.port or 6379), timeout=2) as sock:
            sock.sendall(b"PING\r\n")
            if sock.recv(16).startswith(b"+PONG"):
                return url
    except OSError:
        pass
    return None


def database_url() -> str:
    """The test database (pytest-django's test_ name) as a URL for the worker process."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    return (f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/"
            f"{quote(db['NAME'], safe='')}")


class Worker:
    """One `celery worker` process (solo pool: the task runs in the process a SIGKILL hits),
    in its own process group so that killing it kills all it started."""

    def __init__(self, broker: str, queue: str, log: Path):
        self.log = log
        env = {**os.environ, "DATABASE_URL": database_url(), "CELERY_BROKER_URL": broker,
               "CELERY_TASK_DEFAULT_QUEUE": queue, "CLAIMDESK_VAR_DIR": str(log.parent),
               "PYTHONUNBUFFERED": "1"}
        env.pop("CLAIMDESK_PRODUCTION", None)
        with open(log, "ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "claimdesk", "worker", "--pool=solo",
                 "-Q", queue, "-n", f"{queue}-{uuid.uuid4().hex[:6]}@%h", "--without-gossip",
                 "--without-mingle", "--without-heartbeat", "-l", "INFO"],
                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True)
        self.wait_ready()

    def wait_ready(self) -> None:
        deadline = time.monotonic() + WORKER_START_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the worker exited: {self.log.read_text()[-2000:]}")
            if " ready." in self.log.read_text():
                return
            time.sleep(0.2)
        raise RuntimeError(f"the worker did not start: {self.log.read_text()[-2000:]}")

    def kill(self) -> None:
        """SIGKILL: no clean-up, no acknowledgement, as when a machine dies."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def workers(seeded_transactional_db, tmp_path):
    """start() -> a new worker on this test's queue; the test process sends its jobs there.

    The worker must see the rows the test writes and the reverse, so the test runs on a
    transactional database (committed rows) on a server both processes reach: PostgreSQL.
    Runs only where a Redis broker answers; .ci/run sets CLAIMDESK_REQUIRE_WORKER_TESTS=1 so
    that there it fails instead of skipping.
    """
    required = os.environ.get("CLAIMDESK_REQUIRE_WORKER_TESTS") == "1"
    if connection.vendor != "postgresql":
        pytest.skip("a worker process shares the test database only on PostgreSQL")
    broker = broker_url()
    if broker is None:
        if required:
            pytest.fail("CLAIMDESK_REQUIRE_WORKER_TESTS=1 but no Redis broker answers")
        pytest.skip("no Redis broker answers on CLAIMDESK_TEST_BROKER_URL or 127.0.0.1:6379")
    queue = f"claimdesk-test-{uuid.uuid4().hex[:10]}"
    saved = {key: celery_app.conf[key] for key in
             ("task_always_eager", "broker_url", "task_default_queue")}
    celery_app.conf.update(task_always_eager=False, broker_url=broker,
                           task_default_queue=queue)
    started: list[Worker] = []

    def start() -> Worker:
        started.append(Worker(broker, queue, tmp_path / f"worker-{len(started)}.log"))
        return started[-1]

    yield start
    for worker in started:
        worker.stop()
    celery_app.conf.update(saved)


@contextmanager
def inline_jobs():
    """Run jobs in this process while the block lasts (as without a broker)."""
    saved = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    try:
        yield
    finally:
        celery_app.conf.task_always_eager = saved
