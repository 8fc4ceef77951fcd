"""Production mode (CLAIMDESK_PRODUCTION=1): the deployment check is clean, a missing
variable stops the process, and pages carry the security headers. The development default
stays zero-config (this suite itself runs on it)."""
import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings

PRODUCTION_ENV = {
    "CLAIMDESK_PRODUCTION": "1",
    "SECRET_KEY": secrets.token_urlsafe(60),
    "ALLOWED_HOSTS": "claims.example.org",
    "DATABASE_URL": "postgres://claimdesk@db.example.org:5432/claimdesk",
    "CELERY_BROKER_URL": "redis://broker.example.org:6379/0",
    "CACHE_URL": "redis://cache.example.org:6379/1",
}


HARNESS_ONLY = {"DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
"""Variables of this test run that a deployment never has (the browser harness sets the
second for Playwright's event loop)."""


def manage(*args, env: dict, code: str | None = None) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items()
             if k not in PRODUCTION_ENV and k not in HARNESS_ONLY}
    command = [sys.executable, "manage.py", *args] if code is None else [
        sys.executable, "-c", code]
    return subprocess.run(command, cwd=settings.BASE_DIR, env={**clean, **env},
                          capture_output=True, text=True, timeout=300)


def test_check_deploy_is_clean_in_production_mode():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_in_the_development_default():
    result = manage("check", "--deploy", env={})

    assert "security.W004" in result.stderr  # no HSTS: development is not production


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL",
                                     "CACHE_URL"])
def test_production_refuses_to_start_without_its_variables(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}

    result = manage("check", env=env)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and missing in result.stderr


def test_production_refuses_debug():
    result = manage("check", env={**PRODUCTION_ENV, "DEBUG": "1"})

    assert result.returncode != 0 and "DEBUG must be off" in result.stderr


def test_production_refuses_a_cache_of_its_own_process():
    result = manage("check", env={**PRODUCTION_ENV, "CACHE_URL": "locmem://"})

    assert result.returncode != 0 and "CACHE_URL must be a redis:// URL" in result.stderr


def test_production_refuses_a_trusted_proxy_that_is_no_address():
    result = manage("check", env={**PRODUCTION_ENV, "TRUSTED_PROXIES": "10.0.0.1,proxy.lan"})

    assert result.returncode != 0 and "TRUSTED_PROXIES" in result.stderr


PRINT_SETTINGS = """
import django, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "claimdesk.settings")
django.setup()
from django.conf import settings as s
print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT,
      s.SECURE_HSTS_SECONDS, s.CELERY_TASK_ALWAYS_EAGER, s.DATABASES["default"]["HOST"],
      "whitenoise.middleware.WhiteNoiseMiddleware" in s.MIDDLEWARE)
"""
PRINT_SHARED = """
import django, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "claimdesk.settings")
django.setup()
from django.conf import settings as s
print(s.CACHES["default"]["BACKEND"], s.CACHES["default"].get("LOCATION"), s.TRUSTED_PROXIES,
      s.MIDDLEWARE[0], getattr(s, "SECURE_PROXY_SSL_HEADER", None))
"""
PRINT_MAIL = """
import django, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "claimdesk.settings")
django.setup()
from django.conf import settings as s
print(repr((s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_HOST_USER, s.EMAIL_HOST_PASSWORD,
            s.EMAIL_USE_TLS, s.DEFAULT_FROM_EMAIL, s.SERVER_EMAIL)))
"""


def test_production_settings_come_from_the_environment():
    result = manage(env={**PRODUCTION_ENV, "SECURE_SSL_REDIRECT": "0"}, code=PRINT_SETTINGS)

    assert result.stdout.split() == ["False", "True", "True", "False", "31536000", "False",
                                     "db.example.org", "True"], result.stderr


def test_production_shares_the_cache_and_trusts_only_the_named_proxies():
    env = {**PRODUCTION_ENV, "TRUSTED_PROXIES": "10.0.0.5, 10.1.0.0/16"}

    result = manage(env=env, code=PRINT_SHARED)

    assert result.stdout.strip() == (
        "django.core.cache.backends.redis.RedisCache redis://cache.example.org:6379/1 "
        "['10.0.0.5', '10.1.0.0/16'] claimdesk.proxies.TrustedProxyMiddleware "
        "('HTTP_X_FORWARDED_PROTO', 'https')"), result.stderr


def test_without_trusted_proxies_x_forwarded_proto_means_nothing():
    result = manage(env=PRODUCTION_ENV, code=PRINT_SHARED)

    assert result.stdout.split()[-1] == "None", result.stderr


def test_production_mail_settings_come_from_the_environment():
    env = {**PRODUCTION_ENV, "EMAIL_HOST": "smtp.fund.example", "EMAIL_PORT": "587",
           "EMAIL_HOST_USER": "claimdesk", "EMAIL_HOST_PASSWORD": "s3cret",
           "EMAIL_USE_TLS": "1", "DEFAULT_FROM_EMAIL": "claimdesk@fund.example"}

    result = manage(env=env, code=PRINT_MAIL)

    assert result.stdout.strip() == repr((
        "smtp.fund.example", 587, "claimdesk", "s3cret", True, "claimdesk@fund.example",
        "claimdesk@fund.example")), result.stderr


def test_production_mail_defaults_to_a_local_relay():
    result = manage(env=PRODUCTION_ENV, code=PRINT_MAIL)

    assert result.stdout.strip() == repr((
        "localhost", 25, "", "", False, "webmaster@localhost", "root@localhost")), result.stderr


def test_the_development_default_needs_no_variable():
    result = manage(env={}, code=PRINT_SETTINGS)

    assert result.stdout.split()[:6] == ["False", "False", "False", "False", "0", "True"]
    shared = manage(env={}, code=PRINT_SHARED)
    assert shared.stdout.split()[:2] == [
        "django.core.cache.backends.locmem.LocMemCache", "None"], shared.stderr


def test_pages_carry_the_content_security_policy(client, settings):
    settings.CONTENT_SECURITY_POLICY = "default-src 'self'; frame-ancestors 'none'"

    response = client.get(settings.LOGIN_URL)

    assert response.headers["Content-Security-Policy"] == (
        "default-src 'self'; frame-ancestors 'none'")


def test_no_policy_header_unless_configured(client, settings):
    settings.CONTENT_SECURITY_POLICY = ""

    assert "Content-Security-Policy" not in client.get(settings.LOGIN_URL).headers
