"""Konbit settings.

Everything that changes between machines comes from environment variables named
``KONBIT_*`` plus ``DATABASE_URL`` (see the README's configuration table). Values
are parsed strictly: a malformed value stops the process with a message naming
the variable, rather than running with a silent default.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def _env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def _env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def _env_int(name: str, default: int, *, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value}.")
    return value


def _env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in _env_str(name, default).split(",") if item.strip()]


# local: `make run` on a laptop (plain http on 127.0.0.1); test: the suite;
# production: everything else, and the default.
_DEFAULT_ENV = "test" if "PYTEST_VERSION" in os.environ else "production"
KONBIT_ENV = _env_str("KONBIT_ENV", _DEFAULT_ENV) or _DEFAULT_ENV
if KONBIT_ENV not in {"local", "test", "production"}:
    raise ImproperlyConfigured(f"KONBIT_ENV must be local, test or production, not {KONBIT_ENV!r}.")
PRODUCTION = KONBIT_ENV == "production"
TESTING = KONBIT_ENV == "test"

VAR_DIR = Path(_env_str("KONBIT_VAR_DIR", str(BASE_DIR / "var"))).resolve()
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    key = _env_str("KONBIT_SECRET_KEY")
    if key:
        if len(key) < 50:
            raise ImproperlyConfigured("KONBIT_SECRET_KEY must be at least 50 characters long.")
        return key
    # Generated once into var/ so that sessions survive restarts; never committed.
    path = VAR_DIR / "secret_key"
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(64))
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = _env_bool("KONBIT_DEBUG", False)
if DEBUG and PRODUCTION:
    raise ImproperlyConfigured("KONBIT_DEBUG cannot be on when KONBIT_ENV=production.")

ALLOWED_HOSTS = _env_list(
    "KONBIT_ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver"
)
CSRF_TRUSTED_ORIGINS = _env_list("KONBIT_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    # Konbit's parts, foundation first: load_demo runs their demo loaders in this order.
    "konbit.core",
    "konbit.accounts",
    "konbit.places",
    "konbit.forces",
    "konbit.operations",
    "konbit.actors",
    "konbit.seizures",
    "konbit.stability",
    "konbit.outreach",
    "konbit.oversight",
    "konbit.training",
    "konbit.logistics",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "konbit.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "konbit.core.middleware.CompressionMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Outside CommonMiddleware, so that what it refuses (a host not allowed) is JSON
    # under /api/ too.
    "konbit.core.middleware.ApiErrorsMiddleware",
    "konbit.core.middleware.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "konbit.accounts.middleware.RequireTwoFactorMiddleware",
    "konbit.accounts.middleware.TokenUseMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "konbit.urls"
WSGI_APPLICATION = "konbit.wsgi.application"
ASGI_APPLICATION = "konbit.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "konbit.core.context_processors.layout",
            ],
        },
    },
]

# --- Databases ---------------------------------------------------------------
# SQLite is the embedded default: WAL so that readers never wait for a writer, and
# IMMEDIATE transactions so that concurrent writers queue instead of failing.
_sqlite_path = VAR_DIR / ("test.sqlite3" if TESTING else "konbit.sqlite3")
DATABASE_URL = _env_str("DATABASE_URL")
if DATABASE_URL:
    try:
        DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL is not a database URL: {exc}") from None
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(_sqlite_path)}}
SQLITE_BUSY_SECONDS = _env_int("KONBIT_SQLITE_BUSY_SECONDS", 60, minimum=5)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Django's backend but for the flush, which may empty the append-only audit trail.
    DATABASES["default"]["ENGINE"] = "konbit.core.sqlite"
    # Keep each thread's connection: opening one and setting its pragmas costs more
    # than most requests.
    DATABASES["default"]["CONN_MAX_AGE"] = None if not TESTING else 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        # How long a write (a read's audit entry among them) waits for another's
        # write lock: longer than the longest an import holds it (docs/operations.md,
        # "Imports and the write lock").
        "timeout": SQLITE_BUSY_SECONDS,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
    }
    if TESTING:
        # An in-memory test database is fastest and needs no clean-up.
        DATABASES["default"]["TEST"] = {"NAME": ":memory:"}
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# A running import's progress (and a request to cancel it) is written through a
# connection of its own, so that it commits outside the import's transaction and any
# web process reads it: on PostgreSQL a second alias of the same database; on SQLite,
# whose import transaction holds the main file, a second file.
# (konbit.core.imports.progress; the router keeps that one table on this alias.)
if DATABASES["default"]["ENGINE"] == "konbit.core.sqlite":
    DATABASES["progress"] = {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(VAR_DIR / ("test-progress.sqlite3" if TESTING else "progress.sqlite3")),
        "CONN_MAX_AGE": DATABASES["default"]["CONN_MAX_AGE"],
        "OPTIONS": {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"},
    }
    if TESTING:
        DATABASES["progress"]["TEST"] = {"NAME": ":memory:"}
else:
    DATABASES["progress"] = {**DATABASES["default"]}
DATABASE_ROUTERS = ["konbit.core.imports.progress.ProgressRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Identity and authentication ---------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "konbit.accounts.backends.RoleBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"
SESSION_COOKIE_AGE = _env_int("KONBIT_SESSION_HOURS", 12, minimum=1) * 3600
# An API token unused this long stops working (its user signs in for a new one).
KONBIT_TOKEN_IDLE_DAYS = _env_int("KONBIT_TOKEN_IDLE_DAYS", 30, minimum=1)

# Roles that must use two-factor authentication (TOTP).
KONBIT_2FA_ROLES = _env_list(
    "KONBIT_2FA_ROLES", "mission_admin,oversight_officer" if PRODUCTION else ""
)
OTP_TOTP_ISSUER = "Konbit"

# Login throttling: a username is locked from an address after repeated failures.
AXES_ENABLED = _env_bool("KONBIT_LOGIN_THROTTLE", True)
AXES_FAILURE_LIMIT = _env_int("KONBIT_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=_env_int("KONBIT_LOGIN_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "konbit.accounts.views.lockout_response"
AXES_IPWARE_PROXY_COUNT = _env_int("KONBIT_PROXY_COUNT", 0)
AXES_VERBOSE = False

# --- Languages and time -------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("ht", _("Haitian Creole")),
]
# Django 5.2 does not know Haitian Creole.
LANG_INFO.setdefault(
    "ht",
    {"bidi": False, "code": "ht", "name": "Haitian Creole", "name_local": "Kreyòl ayisyen"},
)
LOCALE_PATHS = [BASE_DIR / "konbit" / "locale"]
USE_I18N = True
# Konbit's own date formats (konbit/formats/): Haitian Creole's, which Django lacks,
# and English with the day first like the other languages.
FORMAT_MODULE_PATH = ["konbit.formats"]
USE_TZ = True
TIME_ZONE = "America/Port-au-Prince"  # shown to users; stored in UTC

# --- Static files -------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(_env_str("KONBIT_STATIC_ROOT", str(VAR_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Uploaded files (imports under way) through the default storage: a shared volume when
# web processes run on more than one host.
MEDIA_ROOT = Path(_env_str("KONBIT_MEDIA_ROOT", str(VAR_DIR / "media")))
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# The largest file an import takes, on every path (pages and commands).
KONBIT_UPLOAD_MAX_MB = _env_int("KONBIT_UPLOAD_MAX_MB", 200, minimum=1)
# The most rows one import run takes. On SQLite a run holds the write lock for its
# whole pass, and every read of a person waits for it (docs/operations.md): 100,000
# rows keep that hold to seconds. PostgreSQL has no such lock.
KONBIT_IMPORT_MAX_ROWS = _env_int(
    "KONBIT_IMPORT_MAX_ROWS",
    100_000 if DATABASES["default"]["ENGINE"] == "konbit.core.sqlite" else 2_000_000,
    minimum=1,
)

# --- API ----------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "konbit.accounts.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "konbit.core.rest.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "konbit.core.rest.exception_handler",
    "DEFAULT_PARSER_CLASSES": [
        "konbit.core.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_RENDERER_CLASSES": [
        "konbit.core.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Konbit API",
    "DESCRIPTION": (
        "The information system of a multinational security support mission. "
        "Authenticate with a session or `Authorization: Token <key>` from "
        "`POST /api/v1/auth/token/`."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Several parts name a field "status"; each choice set gets its own stable name.
    "ENUM_NAME_OVERRIDES": {
        "PersonnelStatusEnum": "konbit.forces.models.personnel.Personnel.Status",
        "OperationStatusEnum": "konbit.operations.models.OperationStatus",
        "ImportRunStatusEnum": "konbit.core.models.ImportRun.Status",
        "SeizedItemKindEnum": "konbit.seizures.models.ItemKind",
        "CustodyEventKindEnum": "konbit.seizures.models.EventKind",
        "MilestoneStateEnum": "konbit.stability.models.MilestoneState",
        # Incidents' categories keep their name beside outreach's concern categories.
        "CategoryEnum": "konbit.operations.taxonomy.Category",
        "OutreachActivityKindEnum": "konbit.outreach.models.Kind",
        "OutreachConcernCategoryEnum": "konbit.outreach.models.ConcernCategory",
        "GroupKindEnum": "konbit.actors.models.groups.GroupKind",
        "GroupStatusEnum": "konbit.actors.models.groups.Status",
        "AliasKindEnum": "konbit.actors.models.groups.AliasKind",
        "RelationKindEnum": "konbit.actors.models.relations.RelationKind",
        "DatePrecisionEnum": "konbit.actors.models.grading.DatePrecision",
        "ActorNameStatusEnum": "konbit.actors.models.names.ActorName.State",
        "ProgrammeKindEnum": "konbit.training.models.Programme.Kind",
        "EnrolmentStatusEnum": "konbit.training.models.Enrolment.Status",
        "ComplaintStatusEnum": "konbit.oversight.models.Status",
        "ComplaintCategoryEnum": "konbit.oversight.models.Category",
        "ComplaintNatureEnum": "konbit.oversight.models.Nature",
        "ComplaintChannelEnum": "konbit.oversight.models.Channel",
        "ComplaintPublicStatusEnum": "konbit.oversight.models.PublicStatus",
        "ComplaintReferredToEnum": "konbit.oversight.models.ReferredTo",
        "VictimSexEnum": "konbit.oversight.models.VictimSex",
        "VictimAgeGroupEnum": "konbit.oversight.models.AgeGroup",
        "AssetKindEnum": "konbit.logistics.models.Kind",
        "AssetStatusEnum": "konbit.logistics.models.Status",
        "MaintenanceJobKindEnum": "konbit.logistics.models.JobKind",
    },
}

# --- Background tasks -----------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if TESTING
            else "django_tasks_db.DatabaseBackend"
        )
    }
}

# --- Map ------------------------------------------------------------------------
# Optional tile server for the maps (e.g. an internal one); without it the maps draw
# the gazetteer's polygons and need no network.
KONBIT_MAP_TILE_URL = _env_str("KONBIT_MAP_TILE_URL")

# --- Security -----------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False  # htmx reads it to send X-CSRFToken
CSRF_FAILURE_VIEW = "konbit.core.errors.csrf_failure"  # a stale form: say what to do
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_SSL_REDIRECT = _env_bool("KONBIT_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = _env_int("KONBIT_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    # Health checks from the load balancer come over plain http.
    SECURE_REDIRECT_EXEMPT = [r"^healthz/?$"]
if _env_bool("KONBIT_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": _env_str("KONBIT_LOG_LEVEL", "INFO").upper()},
    "loggers": {
        "axes": {"level": "WARNING"},
        "django.request": {"level": "ERROR" if TESTING else "WARNING"},
    },
}
