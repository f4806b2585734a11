"""Settings for onestop, read from the environment.

With no environment set the project runs embedded: a SQLite file beside ``manage.py`` and Celery
running tasks eagerly in the web process, so a newcomer needs no server. Setting ``DATABASE_URL``
and ``CELERY_BROKER_URL`` switches to PostgreSQL and a real broker (Redis) with separate
``celery worker`` and ``celery beat`` processes.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


# Safe by default: DEBUG is off unless asked for (`make run` and scripts/test.sh set DEBUG=true).
DEBUG = env_bool("DEBUG", False)
# The embedded mode (no DATABASE_URL: the SQLite file beside manage.py) is one checkout on one
# machine. `make run` writes a random key to a git-ignored file there on first start
# (scripts/local_secret_key.py), and every `manage.py` command of the checkout reads it, so
# commands run under `make run`'s settings without DEBUG. A deployment sets DATABASE_URL, where
# only SECRET_KEY (or a SECRET_KEY_FILE named on purpose, such as a container's secret) counts.
EMBEDDED = not os.environ.get("DATABASE_URL")
LOCAL_SECRET_KEY_FILE = BASE_DIR / ".secret_key"
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    key_file = os.environ.get("SECRET_KEY_FILE", "")
    if key_file:
        SECRET_KEY = Path(key_file).read_text(encoding="utf-8").strip()
    elif EMBEDDED and LOCAL_SECRET_KEY_FILE.is_file():
        SECRET_KEY = LOCAL_SECRET_KEY_FILE.read_text(encoding="utf-8").strip()
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError(
            "SECRET_KEY must be set when DEBUG is off. On a development machine run `make run` "
            "once: it writes the local key (.secret_key) that manage.py commands then read. In "
            "production set SECRET_KEY (or SECRET_KEY_FILE)."
        )
    # Development only: refused above when DEBUG is off.
    SECRET_KEY = "onestop-insecure-development-key-do-not-use-in-production"  # noqa: S105
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "axes",
    "csp",
    "simple_history",
    "procedures",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "onestop.middleware.RejectNulBytesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "onestop.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # The audit trail's who and from where (procedures.models.trail).
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "onestop.middleware.NoStoreForPersonalDataMiddleware",
    "onestop.middleware.DatabaseBusyMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "onestop.urls"
WHITENOISE_AUTOREFRESH = DEBUG
WSGI_APPLICATION = "onestop.wsgi.application"
ASGI_APPLICATION = "onestop.asgi.application"

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
                "procedures.context_processors.roles",
            ],
        },
    },
]

# The embedded default is a SQLite file; production and the test suite set DATABASE_URL.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
    )
}
# Persistent connections on a database server: connecting costs every page 6–10 ms (issue 24),
# and Django's health check (one cheap test when a kept connection is reused after a request)
# drops a connection the server closed instead of failing the page. SQLite opens a file: 0.
DATABASES["default"]["CONN_MAX_AGE"] = int(
    os.environ.get(
        "DATABASE_CONN_MAX_AGE",
        "0" if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3" else "60",
    )
)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env_bool(
    "DATABASE_CONN_HEALTH_CHECKS", DATABASES["default"]["CONN_MAX_AGE"] != 0
)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent desk actions on the embedded default: wait up to 20 s for the write lock rather
    # than fail at once, in WAL mode so that readers never block the writer. A write that still
    # cannot get the lock answers 503 with Retry-After (onestop.middleware), never a 500.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DATABASE_PREPARED_STATEMENTS = env_bool("DATABASE_PREPARED_STATEMENTS", True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiles a plan whose estimated cost passes jit_above_cost (100.000):
    # on these short OLTP pages it spent 1,2 s compiling for a query that runs in tens of
    # milliseconds (issue 9). Off for this application's connections only.
    # random_page_cost: the server's default (4) prices a random read as on a spinning disk, so
    # the planner preferred walking the dossiers in their physical (receipt) order over the
    # index of the state asked for: 120 ms instead of 0,5 ms for a common state at 10 million
    # dossiers. 1,1 is the usual value for SSDs and RAM-cached databases; DATABASE_RANDOM_PAGE_COST
    # sets another.
    DATABASES["default"].setdefault("OPTIONS", {})
    random_page_cost = float(os.environ.get("DATABASE_RANDOM_PAGE_COST", "1.1"))
    DATABASES["default"]["OPTIONS"]["options"] = (
        f"-c jit=off -c random_page_cost={random_page_cost} "
        + DATABASES["default"]["OPTIONS"].get("options", "")
    )
    # The few statements every request sends (the token, the user's desks, the intake's
    # version lookup and write: procedures.prepared) are prepared on the server from their
    # second run on each connection. Off (false) behind a pooler in transaction mode that
    # does not keep prepared statements (PgBouncer before 1.21).
    if DATABASE_PREPARED_STATEMENTS:
        DATABASES["default"]["OPTIONS"]["prepare_threshold"] = 2
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Failed logins (django-axes, onestop.lockout): after AXES_FAILURE_LIMIT failures an account *from
# one address* is locked for AXES_COOLOFF_MINUTES, so a stranger's guesses never lock the owner
# out from their own address; an address failing AXES_ADDRESS_FAILURE_LIMIT times over any
# accounts is held back on its own. Counted in the database, so every gunicorn worker sees the
# same count. The client address is the one rule of onestop.clients.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "onestop.lockout.PairAndAddressHandler"
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_ADDRESS_FAILURE_LIMIT = env_int("AXES_ADDRESS_FAILURE_LIMIT", 30)
# How long the leaders' cached dashboards may lag a live change (an intake, an action): at a
# busy desk's pace they are recomputed once per lag, not on every view. The embedded demo has
# no such pace, and shows each change at once (procedures/reports/dashboard_cache.py).
DASHBOARD_LIVE_LAG_SECONDS = env_int("DASHBOARD_LIVE_LAG_SECONDS", 0 if EMBEDDED else 60)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
# The pair first, then the address: PairAndAddressHandler reads them in this order.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_CLIENT_IP_CALLABLE = "onestop.clients.client_ip"
AXES_LOCKOUT_CALLABLE = "onestop.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# API tokens (Authorization: Token ...) expire this many hours after they are issued; the user
# revokes theirs with DELETE /api/v1/auth/token/.
API_TOKEN_TTL_HOURS = env_int("API_TOKEN_TTL_HOURS", 24 * 7)

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Vietnamese first; English through Django's i18n.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
# Our own format modules: dd/mm/yyyy dates, 20.985 and 0,41% numbers.
FORMAT_MODULE_PATH = ["onestop.formats"]
USE_THOUSAND_SEPARATOR = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# E-mail: console backend unless an SMTP server is configured.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "onestop@localhost")
# The address staff open the site at: links in e-mails (the daily digest) start with it.
SITE_URL = os.environ.get("SITE_URL", "http://localhost:8000").rstrip("/")

# Imports: an XLSX is refused before it is read when it would inflate past this many megabytes
# or declares more rows than this in a sheet (zip bombs); larger histories go in as CSV.
IMPORT_XLSX_MAX_MB = env_int("IMPORT_XLSX_MAX_MB", 100)
IMPORT_XLSX_MAX_ROWS = env_int("IMPORT_XLSX_MAX_ROWS", 1_048_576)
# A catalogue workbook is streamed and refused past this many filled cells (a whole national
# catalogue is some 200.000), and past this many MB of shared strings (read whole by openpyxl).
IMPORT_XLSX_MAX_CELLS = env_int("IMPORT_XLSX_MAX_CELLS", 2_000_000)
IMPORT_XLSX_MAX_SHARED_STRINGS_MB = env_int("IMPORT_XLSX_MAX_SHARED_STRINGS_MB", 50)
# Moments of an imported history after now plus this many minutes are refused (clock skew).
IMPORT_FUTURE_TOLERANCE_MINUTES = env_int("IMPORT_FUTURE_TOLERANCE_MINUTES", 10)
# How much memory one import (catalogue, decision, units, dossier history) may take beyond
# what its process held when it began; past it the import fails, nothing written. 0: no cap.
IMPORT_MEMORY_LIMIT_MB = env_int("IMPORT_MEMORY_LIMIT_MB", 2048)
# A running catalogue import writes a heartbeat in its row every CATALOGUE_IMPORT_BEAT_SECONDS;
# one without a heartbeat for CATALOGUE_IMPORT_LOST_SECONDS lost its worker: it is marked failed.
CATALOGUE_IMPORT_BEAT_SECONDS = env_int("CATALOGUE_IMPORT_BEAT_SECONDS", 15)
CATALOGUE_IMPORT_LOST_SECONDS = env_int("CATALOGUE_IMPORT_LOST_SECONDS", 90)
# How many problems of a refused import are kept and shown (the total is always counted).
IMPORT_PROBLEMS_KEPT = env_int("IMPORT_PROBLEMS_KEPT", 500)

# One statistics request (API, dashboard, its tables and charts): the longest period in days,
# the most months/quarters/years it groups by, and the seconds PostgreSQL may work for it.
STATS_MAX_PERIOD_DAYS = env_int("STATS_MAX_PERIOD_DAYS", 3660)
STATS_MAX_TIME_GROUPS = env_int("STATS_MAX_TIME_GROUPS", 120)
STATS_STATEMENT_TIMEOUT_S = env_int("STATS_STATEMENT_TIMEOUT_S", 20)

# Celery: with no broker configured, tasks run eagerly in-process (the embedded default).
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
if not CELERY_BROKER_URL:
    CELERY_BROKER_URL = "memory://"
# Redis as broker through onestop.broker's transport: kombu's own lets the worker's main
# process exit when Redis goes away while it holds a task (see that module).
if CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    CELERY_BROKER_TRANSPORT = "onestop.broker:Transport"
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND") or None
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A worker process that grew past this (kB) after a task is replaced, so one import's memory is
# given back before the next task.
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env_int("CELERY_WORKER_MAX_MEMORY_PER_CHILD_KB", 1_000_000)
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Redis going away must not end the worker: it reconnects for as long as it takes (Celery's
# default gives up after 100 attempts and exits), each attempt bounded by the timeouts below.
# The systemd units of deploy/systemd/ restart it if it still exits (Restart=always).
CELERY_BROKER_CONNECTION_RETRY = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_BROKER_CONNECTION_TIMEOUT = 4
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 4,
    "socket_timeout": 30,
    "socket_keepalive": True,
    "retry_on_timeout": True,
    "health_check_interval": 25,
}
# A task in hand when the connection is lost finishes; its message comes back through the
# broker's visibility timeout (late acknowledgement) if it could not be acknowledged.
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = False
# A broker that is down fails a publish within about a second: the outbox keeps the message.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 0.5,
}
# Periodic tasks; django-celery-beat's DatabaseScheduler copies these entries into its tables.
CELERY_BEAT_SCHEDULE = {
    "dossiers-mark-overdue": {
        "task": "procedures.tasks.dossiers.mark_overdue_dossiers",
        "schedule": 15 * 60,
    },
    # Follow-up work recorded while the broker was down (procedures.services.outbox).
    "outbox-drain": {"task": "procedures.tasks.outbox.drain_outbox", "schedule": 60},
    # A recomputation after a calendar change whose message was lost with its worker.
    "calendar-recomputations-resume": {
        "task": "procedures.tasks.calendar.resume_lost_recomputations",
        "schedule": 15 * 60,
    },
    "dossiers-daily-digest": {
        "task": "procedures.tasks.dossiers.send_dossier_digests",
        "schedule": crontab(hour=6, minute=30),
    },
    "rollups-extend": {
        "task": "procedures.tasks.rollups.extend_rollups",
        "schedule": crontab(hour=0, minute=20),
    },
}

REST_FRAMEWORK = {
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "api.permissions.IntegrationConfined",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "api.authentication.ExpiringTokenAuthentication",
    ],
    # Behind how many reverse proxies; 0 (the default) trusts no X-Forwarded-For at all.
    "NUM_PROXIES": env_int("NUM_PROXIES", 0),
}
# The one client rule (onestop.clients) reads it too.
NUM_PROXIES = env_int("NUM_PROXIES", 0)
# The public lookup: look-ups per client and period ("30/min", "500/hour"), counted in the cache.
PUBLIC_LOOKUP_RATE = os.environ.get("PUBLIC_LOOKUP_RATE", "30/min")
# A failed look-up (no such code, or a wrong check value) counts this many
# times against the client's PUBLIC_LOOKUP_RATE, so guessing codes runs out quickly.
PUBLIC_LOOKUP_FAILURE_WEIGHT = env_int("PUBLIC_LOOKUP_FAILURE_WEIGHT", 5)
# The key of the check value printed beside the dossier code on the receipt (HMAC of the code).
# Defaults to SECRET_KEY; set it on its own to rotate SECRET_KEY without voiding printed receipts.
PUBLIC_LOOKUP_KEY = os.environ.get("PUBLIC_LOOKUP_KEY", "") or SECRET_KEY
SPECTACULAR_SETTINGS = {
    "TITLE": "onestop API",
    "DESCRIPTION": "Theo dõi cơ chế một cửa: danh mục TTHC, hồ sơ, lịch làm việc, thống kê.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # The 400/401/403/404 every operation can answer (api/schema.py).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_error_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "DossierStatusEnum": "procedures.choices.DossierStatus",
        "ProcedureStatusEnum": "procedures.choices.ProcedureStatus",
        "ChannelEnum": "procedures.choices.Channel",
        "ChangeKindEnum": "procedures.choices.ChangeKind",
        "DecisionLineKindEnum": "api.serializers.catalogue.LINE_KINDS",
        "TimeUnitEnum": "procedures.choices.TimeUnit",
        "LevelEnum": "procedures.choices.Level",
        "RatingLevelEnum": "procedures.choices.RatingLevel",
        "ReturnsCountEnum": "procedures.choices.ReturnsCount",
        "RatingChannelEnum": "procedures.choices.RatingChannel",
    },
}

# Throttling and the public lookup count per client through the cache: Redis when configured.
CACHES = {
    "default": (
        {
            # Django's Redis cache, its clients built once, and Redis down taken as a miss
            # (onestop/cache.py): the pages compute without the cache instead of failing.
            "BACKEND": "onestop.cache.TolerantRedisCache",
            "LOCATION": os.environ["CACHE_URL"],
            # A Redis that hangs costs a page one second, not a worker's whole timeout.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
        if os.environ.get("CACHE_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# HTTPS. The proxy's header saying a request came over HTTPS is trusted only when named
# (SECURE_PROXY_SSL_HEADER=X-Forwarded-Proto): otherwise any client could claim it.
if os.environ.get("SECURE_PROXY_SSL_HEADER"):
    _header = os.environ["SECURE_PROXY_SSL_HEADER"].strip().upper().replace("-", "_")
    SECURE_PROXY_SSL_HEADER = (f"HTTP_{_header}", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# The load balancer's health probe speaks plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): our own scripts and styles only, inline ones by nonce;
# the receipt's QR code is a data: image.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
