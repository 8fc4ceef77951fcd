"""The login throttle counts in the cache every web process shares (CACHE_URL, a Redis
cache): failures from two separate processes add up to one lock-out, which a third client
sees. Runs where a Redis server answers (CLAIMDESK_TEST_BROKER_URL's, the tests' own database
number); .ci/run's CLAIMDESK_REQUIRE_WORKER_TESTS=1 makes its absence a failure."""
import os
import subprocess
import sys
import uuid

import pytest
from django.conf import settings

from accounts import throttle
from tests.production.conftest import broker_url

FAIL = """
import django, os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "claimdesk.settings")
django.setup()
from accounts import throttle
for _attempt in range(int(sys.argv[1])):
    print(throttle.record_failure(sys.argv[2], "203.0.113.9"))
"""
ADDRESS = "203.0.113.9"


@pytest.fixture
def redis_cache(settings):
    url = broker_url()
    if url is None:
        if os.environ.get("CLAIMDESK_REQUIRE_WORKER_TESTS") == "1":
            pytest.fail("CLAIMDESK_REQUIRE_WORKER_TESTS=1 but no Redis server answers")
        pytest.skip("no Redis server answers on CLAIMDESK_TEST_BROKER_URL or 127.0.0.1:6379")
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": url, "KEY_PREFIX": "claimdesk"}}
    settings.LOGIN_FAILURE_LIMIT = 5
    return url


def fail_in_another_process(url: str, username: str, times: int) -> list[str]:
    env = {**os.environ, "CACHE_URL": url, "LOGIN_FAILURE_LIMIT": "5"}
    env.pop("CLAIMDESK_PRODUCTION", None)
    result = subprocess.run([sys.executable, "-c", FAIL, str(times), username],
                            cwd=settings.BASE_DIR, env=env, capture_output=True, text=True,
                            timeout=120, check=True)
    return result.stdout.split()


def test_two_processes_share_one_count(redis_cache):
    username = f"clerk-{uuid.uuid4().hex[:8]}"
    try:
        assert fail_in_another_process(redis_cache, username, 3) == ["False"] * 3
        assert not throttle.is_locked(username, ADDRESS)

        assert fail_in_another_process(redis_cache, username, 2) == ["False", "True"]

        assert throttle.is_locked(username, ADDRESS)  # seen by this process too
    finally:
        from django.core.cache import cache

        cache.delete_many([throttle._key(kind, username, ADDRESS)
                           for kind in ("lock", "failures")])
