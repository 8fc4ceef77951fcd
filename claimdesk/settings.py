"""ClaimDesk settings: SQLite by default, PostgreSQL when DATABASE_URL is set."""
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from claimdesk.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("CLAIMDESK_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY", "claimdesk-development-key-not-for-production-use-0123456789")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
# CLAIMDESK_PRODUCTION=1: the deployment checklist is enforced (claimdesk/production.py).
PRODUCTION = env_bool("CLAIMDESK_PRODUCTION", False)

INSTALLED_APPS = [
    "claimdesk.admin_site.ClaimDeskAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_fsm",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "viewflow",
    "viewflow.workflow",
    "audit",
    "registry",
    "benefits",
    "workflow",
    "fraud",
    "casework",
    "notices",
    "jobs",
    "accounts",
    "backup",
    "dashboard",
]

MIDDLEWARE = [
    "claimdesk.proxies.TrustedProxyMiddleware",  # first: the client's address for all below
    "django.middleware.security.SecurityMiddleware",
    "claimdesk.security.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "claimdesk.language.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.sessions.SessionTimeoutMiddleware",  # after messages: it says why you are out
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "viewflow.middleware.SiteMiddleware",
    "viewflow.middleware.HotwireTurboMiddleware",
]

ROOT_URLCONF = "claimdesk.urls"
WSGI_APPLICATION = "claimdesk.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'claimdesk.sqlite3'}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/accounts/login/"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
# Issue 9 (accounts): a session ends after SESSION_IDLE_MINUTES without a request and
# SESSION_COOKIE_AGE seconds after sign-in; a user name and address pair is locked after
# LOGIN_FAILURE_LIMIT failed sign-ins for LOGIN_LOCKOUT_MINUTES (counted in the cache).
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 30)
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_LOCKOUT_MINUTES = env_int("LOGIN_LOCKOUT_MINUTES", 15)
AUTHENTICATION_BACKENDS = ["accounts.backends.ThrottledModelBackend"]
# Those counts (and the public objection limit) must be shared by every web process and
# machine: a Redis cache at CACHE_URL (required in production); without it each process
# counts in its own memory, which is enough for development and tests.
CACHE_URL = env_str("CACHE_URL")
CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                      "LOCATION": CACHE_URL, "KEY_PREFIX": "claimdesk"} if CACHE_URL else
          {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The TLS proxies in front of gunicorn (addresses or networks, comma-separated): only from
# them are X-Forwarded-For (the client's address) and X-Forwarded-Proto believed
# (claimdesk.proxies, first in MIDDLEWARE).
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
if TRUSTED_PROXIES:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "media/"
MEDIA_ROOT = VAR_DIR / "media"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {"TITLE": "ClaimDesk API", "VERSION": "1.0.0"}

# DOMAIN.md "Approval levels": claims over 1,000 yuan are paid within 7 days of submission.
CLAIM_PAYMENT_DAYS = env_int("CLAIM_PAYMENT_DAYS", 7)

# Issue 7 (fraud queueing): alerts scoring at least FRAUD_ALERT_THRESHOLD_PERCENT / 100 open or
# join a case; at most FRAUD_WEEKLY_CASE_CAPACITY new cases a week (the investigators' capacity).
FRAUD_ALERT_THRESHOLD_PERCENT = env_int("FRAUD_ALERT_THRESHOLD_PERCENT", 50)
FRAUD_WEEKLY_CASE_CAPACITY = env_int("FRAUD_WEEKLY_CASE_CAPACITY", 40)
# The supervised fraud model trains once this many alerts have an investigation outcome.
FRAUD_MIN_OUTCOMES = env_int("FRAUD_MIN_OUTCOMES", 200)

# Issue 8 (casework): days each open case state may last before the case is overdue; how many
# open cases an investigator may take on themselves; evidence files' size and sniffed types.
CASE_TIME_LIMITS = {
    "intake": env_int("CASE_DAYS_INTAKE", 3),
    "first_review": env_int("CASE_DAYS_FIRST_REVIEW", 7),
    "second_review": env_int("CASE_DAYS_SECOND_REVIEW", 7),
    "investigation": env_int("CASE_DAYS_INVESTIGATION", 30),
    "decision": env_int("CASE_DAYS_DECISION", 10),
}
CASE_INVESTIGATOR_CAPACITY = env_int("CASE_INVESTIGATOR_CAPACITY", 25)
CASE_EVIDENCE_MAX_BYTES = env_int("CASE_EVIDENCE_MAX_BYTES", 10 * 1024 * 1024)
CASE_EVIDENCE_TYPES = env_list("CASE_EVIDENCE_TYPES", "pdf,png,jpeg")
# An objection has no fraud score: the case it opens is ranked as if scored this (percent).
CASE_OBJECTION_SCORE_PERCENT = env_int("CASE_OBJECTION_SCORE_PERCENT", 50)

# DOMAIN.md "Monthly public notices": objections are taken for 7 days after publication; the
# public objection form takes at most this many per client address an hour; the notice's PDF
# prints its public page under this address.
NOTICE_OBJECTION_DAYS = env_int("NOTICE_OBJECTION_DAYS", 7)
NOTICE_OBJECTIONS_PER_HOUR = env_int("NOTICE_OBJECTIONS_PER_HOUR", 5)
NOTICE_PUBLIC_BASE_URL = env_str("NOTICE_PUBLIC_BASE_URL", "http://127.0.0.1:8000")

# DOMAIN.md "Referrals and transfers": an approved referral's certificate's QR code points at
# the public verification page under this address (its validity window is a policy-year value,
# benefits' PolicyYear.referral_validity_days).
REFERRAL_PUBLIC_BASE_URL = env_str("REFERRAL_PUBLIC_BASE_URL", NOTICE_PUBLIC_BASE_URL)

# Background jobs (jobs app): on a Celery worker when a broker is configured, inline otherwise.
# A task is acknowledged only when done, so a worker killed mid-job leaves it to be redelivered
# (its finished batches are skipped: jobs.services); one task at a time per worker process.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_TASK_DEFAULT_QUEUE", "claimdesk")
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CONTENT_SECURITY_POLICY = env_str("CONTENT_SECURITY_POLICY", "")

if PRODUCTION:
    from claimdesk.production import harden

    harden(globals())

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
