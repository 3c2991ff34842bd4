"""Settings for qualcase: one module, configured from the environment.

SQLite under var/ is the embedded default so `make run` works on a bare machine;
DATABASE_URL=postgres://… switches to PostgreSQL, the production database.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from config import secret_key

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# Served over HTTPS (docs/security.md): cookies only over HTTPS, HSTS, redirect from http://;
# `HTTPS=true manage.py check --deploy` is then clean. Behind a proxy that ends TLS, PROXY_HTTPS=true
# also trusts its X-Forwarded-Proto header (only when the proxy always sets or strips it).
HTTPS = env_bool("HTTPS", False)
if env_bool("PROXY_HTTPS", False):
    HTTPS = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
if HTTPS:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "jobs",
    "coding",
    "cases",
    "analysis",
    "search",
    "demo",
    "accounts",
    "exchange",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Ids past 2^63 - 1 name nothing: 404 before a query turns them into a server error.
    "config.middleware.OversizedIdMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After sessions, before common: picks the language from the browser's Accept-Language.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Page forms with characters no export or database can hold: 400 naming the field.
    "config.middleware.RefusedCharacterMiddleware",
    # Archived projects are read-only: refuses every page write under /projects/<id>/ (403).
    "coding.archive.ArchivedProjectMiddleware",
    # After LocaleMiddleware and authentication: the profile's interface language over the browser's.
    "accounts.middleware.ProfileLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"

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
                # The banner while the demo study's accounts exist (cached: no query per page).
                "demo.accounts.context",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

VAR_DIR = Path(os.environ.get("QUALCASE_VAR_DIR", BASE_DIR / "var"))
# From the environment, or generated once into var/secret_key (config/secret_key.py): never a
# key that is written in the source and so known to everyone.
SECRET_KEY = os.environ.get("SECRET_KEY") or secret_key.load_or_create(VAR_DIR / "secret_key")
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'qualcase.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded database is shared by the gunicorn workers and the task worker, each a process
    # of its own. SQLite allows one writer at a time; these options make writers wait their turn
    # instead of failing (docs/deploy.md):
    # - IMMEDIATE: a transaction takes the write lock when it begins. With the default DEFERRED,
    #   a transaction that read first and then writes cannot wait for the lock (SQLite answers
    #   "database is locked" at once, since waiting could deadlock); IMMEDIATE makes it wait in line.
    # - timeout: how long a writer waits for the lock, in seconds (SQLite's busy timeout).
    # - WAL: readers never block the writer nor the writer readers; synchronous=NORMAL is durable
    #   across application crashes in WAL mode and much faster than FULL.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": int(os.environ.get("QUALCASE_SQLITE_TIMEOUT", "30")),
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        }
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background work goes through a task queue kept in the database itself, so it needs no broker and
# works the same on SQLite and PostgreSQL, with any number of app hosts; `manage.py worker` (which
# `make run` starts) runs the tasks. The test suite runs tasks in-process (ImmediateBackend) except
# in the tests that start real worker processes.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("QUALCASE_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}
# A job that has written no progress for this long is taken to have died with its worker and is
# started again by the next worker's recovery (jobs/recovery.py).
QUALCASE_JOB_STALLED_SECONDS = int(os.environ.get("QUALCASE_JOB_STALLED_SECONDS", "60"))
# Finished background work (queue entries, sent e-mails) is kept this long, then pruned by the
# worker (jobs/housekeeping.py).
QUALCASE_JOB_KEEP_DAYS = float(os.environ.get("QUALCASE_JOB_KEEP_DAYS", "14"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("zh-hans", _("Simplified Chinese")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = VAR_DIR / "media"

# Largest transcript file accepted by the import, in bytes (20 MB unless QUALCASE_IMPORT_MAX_MB says).
QUALCASE_IMPORT_MAX_BYTES = int(float(os.environ.get("QUALCASE_IMPORT_MAX_MB", "20")) * 1024 * 1024)
# Largest REFI-QDA project (.qdpx) the exchange import accepts, in megabytes: it carries every
# source of a project, so it may be far larger than one transcript.
QUALCASE_EXCHANGE_MAX_MB = float(os.environ.get("QUALCASE_EXCHANGE_MAX_MB", "200"))
# Longest text one imported file may give, in characters; a file with more is refused whole. What
# an import may inflate and parse is bounded too (coding/documents/importing/limits.py).
QUALCASE_IMPORT_MAX_CHARACTERS = int(os.environ.get("QUALCASE_IMPORT_MAX_CHARACTERS", "20000000"))
# A study's folder of transcripts arrives in one upload; Django's default stops at 100 files.
DATA_UPLOAD_MAX_NUMBER_FILES = 500

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Log in with a username or an e-mail address (accounts/backends.py).
AUTHENTICATION_BACKENDS = [
    # First: refuses a username and address after too many failures (login page and token endpoint).
    "config.throttle.ThrottleBackend",
    "accounts.backends.UsernameOrEmailBackend",
]
QUALCASE_LOGIN_FAILURES = int(os.environ.get("QUALCASE_LOGIN_FAILURES", "5"))
QUALCASE_LOGIN_LOCKOUT_MINUTES = int(os.environ.get("QUALCASE_LOGIN_LOCKOUT_MINUTES", "15"))
# Behind a reverse proxy that sets X-Forwarded-For, count failures per client, not per proxy.
QUALCASE_TRUST_X_FORWARDED_FOR = env_bool("QUALCASE_TRUST_X_FORWARDED_FOR", False)
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # Login failures, shared by every gunicorn worker (a memory cache is per process).
    "throttle": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "cache" / "throttle"),
    },
}

# E-mail (invitations, password reset): printed to the console unless EMAIL_HOST names an SMTP server.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "qualcase <noreply@localhost>")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        # Archived projects are read-only: refuses every API write under /api/projects/<id>/ (403).
        "coding.archive.ProjectWritable",
    ],
    "DEFAULT_PAGINATION_CLASS": "config.pagination.PageNumberPagination",
    # DRF's own parsers, plus a refusal (400 naming the field) of characters exports cannot hold.
    "DEFAULT_PARSER_CLASSES": [
        "config.text_input.JSONParser",
        "config.text_input.FormParser",
        "config.text_input.MultiPartParser",
    ],
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "config.exceptions.api_exception_handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "qualcase API",
    "DESCRIPTION": (
        "Projects, documents, codebook, codings, cases and attributes of a qualitative study. "
        "Text offsets are Unicode code points over the stored text (NFC, \\n line endings), "
        "end exclusive. Authenticate with `Authorization: Token <key>` from POST /api/auth/token/."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from the installed sidecar package, never from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Every operation documents its error answers (config/schema.py).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "config.schema.document_errors",
    ],
    "ENUM_NAME_OVERRIDES": {
        "RoleEnum": "coding.models.Role",
        "AttributeTypeEnum": "cases.models.AttributeType",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
