"""Settings for libportal, driven by environment variables.

The defaults make `make run` work on a laptop (SQLite, debug on). With DJANGO_DEBUG=0 nothing
insecure is reachable: the portal refuses to start without DJANGO_SECRET_KEY.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from core.mailconfig import email_settings
from core.storage import s3_storages

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off (see README.md)."
        )
    # Only ever used with debugging on, on a developer's machine.
    SECRET_KEY = "insecure-local-development-key-not-for-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Django's admin with the portal's guards: `admin.site` is core.admin_site.PortalAdminSite.
    "core.admin_site.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "core.axes_app.LoginAttemptsConfig",  # django-axes, named for readers
    # Background jobs: Django's tasks API (django-tasks) with its database queue (core/jobs/).
    "django_tasks",
    "django_tasks_db",
    "core",
    "villages",
    "programs",
    "trainings",
    "monitoring",
    "portal",
]

MIDDLEWARE = [
    # X-Request-ID on the request's log lines and its response; request counts and latency.
    "core.request_id.RequestIdMiddleware",
    "core.metrics.MetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy and Permissions-Policy on every response, static files included.
    "csp.middleware.CSPMiddleware",
    "core.security.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # The admin and staff pages in the language the staff member chose (Indonesian default).
    "core.admin_language.StaffLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Anonymous reads to a replica (when DATABASE_REPLICA_URLS lists any), the rest to primary.
    "core.db_router.ReplicaRoutingMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Puts request.user on history records of admin edits.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lock-out into its response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "libportal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "core.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "libportal.wsgi.application"

# SQLite is the embedded default; production and CI set DATABASE_URL=postgres://...
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
    )
}
# A kept connection is checked before each request reuses it, so a database restart costs no
# request (bench/restart_bench.py measures it).
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
# Read replicas (core/db_router.py): aliases replica_0, replica_1, … in the order listed.
# Anonymous safe-method requests read from them; staff, writes and the reads after a write
# (same request, or the same client for REPLICA_PIN_SECONDS) use the primary.
for _index, _url in enumerate(env_list("DATABASE_REPLICA_URLS")):
    DATABASES[f"replica_{_index}"] = {
        **dj_database_url.parse(_url, conn_max_age=DATABASES["default"]["CONN_MAX_AGE"]),
        "CONN_HEALTH_CHECKS": True,
    }
DATABASE_ROUTERS = ["core.db_router.ReplicaRouter"]
REPLICA_PIN_SECONDS = int(os.environ.get("LIBPORTAL_REPLICA_PIN_SECONDS", "5"))

# The cache (core/cache.py: public pages; also API throttles): Redis through Django's own
# backend when REDIS_URL (or DJANGO_CACHE_URL) is set, shared by every app server; otherwise
# this process's memory.
CACHE_URL = os.environ.get("DJANGO_CACHE_URL") or os.environ.get("REDIS_URL", "")
if CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": os.environ.get("DJANGO_CACHE_KEY_PREFIX", "libportal"),
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Public pages: on unless LIBPORTAL_PUBLIC_CACHE=0; kept PUBLIC_CACHE_SECONDS at most (a change
# of a public record invalidates them at once); proxies and browsers may keep them max-age.
PUBLIC_CACHE_ENABLED = env_bool("LIBPORTAL_PUBLIC_CACHE", True)
PUBLIC_CACHE_SECONDS = int(os.environ.get("LIBPORTAL_PUBLIC_CACHE_SECONDS", "600"))
PUBLIC_CACHE_MAX_AGE = int(os.environ.get("LIBPORTAL_PUBLIC_CACHE_MAX_AGE", "30"))

# /metrics (core/metrics.py): answered only to these client addresses or to a request with
# `Authorization: Bearer <LIBPORTAL_METRICS_TOKEN>`; with neither set, to nobody (404).
METRICS_ALLOWED_ADDRESSES = env_list("LIBPORTAL_METRICS_ALLOWED_ADDRESSES")
METRICS_TOKEN = os.environ.get("LIBPORTAL_METRICS_TOKEN", "")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Logins: django-axes locks a username on one address after DJANGO_AXES_FAILURE_LIMIT failures
# (an attacker elsewhere cannot lock a coordinator out from everywhere), and an address after
# DJANGO_AXES_ADDRESS_FAILURE_LIMIT failures whatever the usernames (one address cannot try every
# username): core/login_throttle.py, docs/decisions.md. Both last the cool-off.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "core.login_throttle.AddressLimitedHandler"
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_AXES_FAILURE_LIMIT", "5"))
LIBPORTAL_ADDRESS_FAILURE_LIMIT = int(os.environ.get("DJANGO_AXES_ADDRESS_FAILURE_LIMIT", "20"))
AXES_COOLOFF_TIME = float(os.environ.get("DJANGO_AXES_COOLOFF_HOURS", "1"))  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/login_lockout.html"
# No "AXES: BEGIN version …" banner on every command run (issue 16): the lockouts still log.
AXES_VERBOSE = False
# Behind a reverse proxy, count the client address it forwards (set DJANGO_AXES_PROXY_COUNT=1).
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("DJANGO_AXES_PROXY_COUNT", "0")) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if AXES_IPWARE_PROXY_COUNT else ["REMOTE_ADDR"]
)

# After logging in without a (safe) `next`, and where login_required sends visitors: the admin.
LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"
# The admin start page's to-dos and grouping by the work (core/admin_site.py asks this hook).
ADMIN_INDEX_CONTEXT = "portal.admin_dashboard.index_context"

# Staff sessions last one working day, then the coordinator logs in again.
SESSION_COOKIE_AGE = int(os.environ.get("DJANGO_SESSION_COOKIE_AGE", str(9 * 60 * 60)))

# History: no "revert" from a history page (it would skip the admin's scope checks); the
# history pages themselves are scoped and mask protected fields (villages/admin_scoping/).
SIMPLE_HISTORY_REVERT_DISABLED = True

# Indonesian first, English second.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
# The front-end packages (npm, never committed) reach the site only file by file.
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "core.staticfinders.NodeModulesFinder",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Object storage (core/storage.py): STORAGE_S3_BUCKET (+ _ENDPOINT_URL, _ACCESS_KEY,
# _SECRET_KEY, _REGION) moves generated files and private documents to an S3-compatible bucket.
STORAGES.update(s3_storages(os.environ))

# Background jobs (core/jobs/, docs/decisions.md): django-tasks' database backend, so the queue
# lives in PostgreSQL beside the data; `manage.py run_worker` runs one worker (any number of them,
# on any machine). A running job that has not sent a heartbeat for LEASE seconds is handed to
# another worker; finished files are kept FILES_DAYS days in the named storage JOB_STORAGE.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
LIBPORTAL_JOB_FILES_DAYS = int(os.environ.get("LIBPORTAL_JOB_FILES_DAYS", "7"))
LIBPORTAL_JOB_LEASE_SECONDS = int(os.environ.get("LIBPORTAL_JOB_LEASE_SECONDS", "120"))
LIBPORTAL_JOB_STORAGE = os.environ.get("LIBPORTAL_JOB_STORAGE", "default")
# Where the default storage keeps files on local disk (jobs' files; never served by URL).
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT") or BASE_DIR / "media")
# The staff export page hands a list of more rows than this to a job (progress bar, then link).
LIBPORTAL_EXPORT_JOB_ROWS = int(os.environ.get("LIBPORTAL_EXPORT_JOB_ROWS", "5000"))

# E-mail (scheduled exports): DJANGO_EMAIL_URL (smtp://user:password@host:587?tls=1,
# smtps://…, console://) or EMAIL_HOST/EMAIL_PORT/EMAIL_HOST_USER/EMAIL_HOST_PASSWORD/
# EMAIL_USE_TLS; neither: the console backend (mails are printed, none sent).
globals().update(email_settings(os.environ))

# Participant imports (core/tabular/): the largest upload accepted, in bytes.
IMPORT_MAX_BYTES = int(os.environ.get("LIBPORTAL_IMPORT_MAX_BYTES", str(10 * 1024 * 1024)))
# Where an upload waits between its preview and its confirmation (empty: the system temp dir).
# With several application servers, a directory they share.
IMPORT_UPLOAD_DIR = os.environ.get("LIBPORTAL_IMPORT_UPLOAD_DIR", "")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# One JSON object per line with the request id (core/logging.py) in production; plain text
# while debugging. DJANGO_LOG_FORMAT=json|text chooses.
LOG_FORMAT = os.environ.get("DJANGO_LOG_FORMAT", "text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "core.logging.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "core.logging.JsonFormatter"},
        "text": {"format": "%(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}

# --- Security headers and production hardening -------------------------------------------
# Everything below is strict whenever DJANGO_DEBUG=0; each can be tuned by an environment
# variable documented in README.md. `manage.py check --deploy --fail-level WARNING` passes.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
# Probes and the metrics scrape come over plain HTTP from inside the cluster.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
# Behind a TLS-terminating proxy: DJANGO_SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO (the
# proxy must set that header itself and strip any the client sent).
if os.environ.get("DJANGO_SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = (os.environ["DJANGO_SECURE_PROXY_SSL_HEADER"].strip(), "https")
SECURE_HSTS_SECONDS = int(
    os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000")
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# django-csp 4 format. No 'unsafe-inline', no 'unsafe-eval': pages load scripts and styles from
# files only (Django's admin does too since 4.x; see docs/decisions.md). data: images are the
# SVG icons Bootstrap's CSS embeds.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), "
    "gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()"
)

# --- Personal data retention (UU PDP No. 27/2022) -------------------------------------------
# Days each kind of personal data is kept after the date it is counted from; the shredder
# (`manage.py shred_personal_data`) removes what is older. Why these defaults: docs/decisions.md.
PRIVACY_RETENTION_DAYS = {
    # antigen results (specific data), from the event's end
    "health_screenings": int(os.environ.get("LIBPORTAL_RETAIN_HEALTH_DAYS", "90")),
    # participants' phones and e-mails, from the person's last event
    "participant_contacts": int(os.environ.get("LIBPORTAL_RETAIN_CONTACTS_DAYS", str(3 * 365))),
    # a library's manager name, phone and e-mail: once inactive, or replaced in the history
    "library_contacts": int(os.environ.get("LIBPORTAL_RETAIN_LIBRARY_CONTACTS_DAYS", "730")),
    # bulk audit records and the admin's change log
    "audit_records": int(os.environ.get("LIBPORTAL_RETAIN_AUDIT_DAYS", str(10 * 365))),
}
# Whom people write to about their data (shown on /privasi/ beside the national library's address).
PRIVACY_CONTACT_EMAIL = os.environ.get("LIBPORTAL_PRIVACY_CONTACT_EMAIL", "")

# REST API throttling (portal/api/security.py): requests per client address for the public
# endpoints, per user for the staff ones ("N/s", "N/min", "N/hour", "N/day").
LIBPORTAL_API_RATE_ANON = os.environ.get("LIBPORTAL_API_RATE_ANON", "120/min")
LIBPORTAL_API_RATE_STAFF = os.environ.get("LIBPORTAL_API_RATE_STAFF", "600/min")

# Certificates (trainings/paperwork): the site's public address printed in the QR codes of the
# certificates a command makes (a web download uses the address it was asked on), and how many
# verification lookups one client address may make ("N/min"; cache-based, per address).
LIBPORTAL_PUBLIC_URL = os.environ.get("LIBPORTAL_PUBLIC_URL", "http://127.0.0.1:8000")
LIBPORTAL_CERTIFICATE_LOOKUP_RATE = os.environ.get("LIBPORTAL_CERTIFICATE_LOOKUP_RATE", "30/min")
