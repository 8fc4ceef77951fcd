"""Production mode (CLAIMDESK_PRODUCTION=1): Django's deployment checklist, enforced.

The development default stays zero-config (SQLite, a fixed key, no TLS); a production
process must say where its database and its shared cache are and what its secret key and
host names are, and refuses to start otherwise, so a forgotten variable never runs a public
fund's office on development settings. `python manage.py check --deploy` is clean in this mode
(tests/production/test_settings.py runs it).
"""
import os

from django.core.exceptions import ImproperlyConfigured

from claimdesk.env import env_bool, env_int, env_str
from claimdesk.proxies import trusted_networks

REQUIRED = ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "CACHE_URL")
#: Schemes of Django's RedisCache: the login and objection counts every process shares.
SHARED_CACHE_SCHEMES = ("redis://", "rediss://", "unix://")
#: Pages load only this site's scripts; styles may be inline (the templates' small style
#: attributes); no plugin, no framing by another site, forms post only here.
DEFAULT_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                  "img-src 'self' data:; font-src 'self' data:; object-src 'none'; "
                  "base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
YEAR_SECONDS = 365 * 24 * 3600


def harden(settings: dict) -> None:
    """Rewrite the settings module's globals for production (called from settings.py)."""
    missing = [name for name in REQUIRED if not os.environ.get(name, "").strip()]
    if missing:
        raise ImproperlyConfigured(
            "CLAIMDESK_PRODUCTION=1 needs " + ", ".join(missing) + " in the environment")
    if settings["DEBUG"]:
        raise ImproperlyConfigured("DEBUG must be off when CLAIMDESK_PRODUCTION=1")
    if len(set(settings["SECRET_KEY"])) < 5 or len(settings["SECRET_KEY"]) < 50:
        raise ImproperlyConfigured("SECRET_KEY must be at least 50 varied characters")
    if not settings["CACHE_URL"].startswith(SHARED_CACHE_SCHEMES):
        raise ImproperlyConfigured("CACHE_URL must be a redis:// URL: the login and objection "
                                   "counts must be shared by every web process")
    trusted_networks(tuple(settings["TRUSTED_PROXIES"]))  # a typo stops the start
    settings.update(
        SESSION_COOKIE_SECURE=True,
        CSRF_COOKIE_SECURE=True,
        SESSION_COOKIE_HTTPONLY=True,
        SECURE_SSL_REDIRECT=env_bool("SECURE_SSL_REDIRECT", True),
        SECURE_HSTS_SECONDS=env_int("SECURE_HSTS_SECONDS", YEAR_SECONDS),
        SECURE_HSTS_INCLUDE_SUBDOMAINS=env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True),
        SECURE_HSTS_PRELOAD=env_bool("SECURE_HSTS_PRELOAD", True),
        SECURE_CONTENT_TYPE_NOSNIFF=True,
        SECURE_REFERRER_POLICY="same-origin",
        X_FRAME_OPTIONS="DENY",
        CONTENT_SECURITY_POLICY=env_str("CONTENT_SECURITY_POLICY", DEFAULT_POLICY),
    )
    settings.update(mail_settings())
    # gunicorn serves the collected static files itself (WhiteNoise), right after security.
    middleware = list(settings["MIDDLEWARE"])
    middleware.insert(middleware.index("django.middleware.security.SecurityMiddleware") + 1,
                      "whitenoise.middleware.WhiteNoiseMiddleware")
    settings["MIDDLEWARE"] = middleware


def mail_settings() -> dict:
    """Where reminders and password-reset mails go: the fund's SMTP relay, from the
    environment (Django's own defaults, localhost:25 without a login, otherwise)."""
    return {
        "EMAIL_HOST": env_str("EMAIL_HOST", "localhost"),
        "EMAIL_PORT": env_int("EMAIL_PORT", 25),
        "EMAIL_HOST_USER": env_str("EMAIL_HOST_USER"),
        "EMAIL_HOST_PASSWORD": env_str("EMAIL_HOST_PASSWORD"),
        "EMAIL_USE_TLS": env_bool("EMAIL_USE_TLS", False),
        "DEFAULT_FROM_EMAIL": env_str("DEFAULT_FROM_EMAIL", "webmaster@localhost"),
        "SERVER_EMAIL": env_str("DEFAULT_FROM_EMAIL", "root@localhost"),
    }
