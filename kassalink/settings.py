"""The one settings module: every value comes from the environment, with safe demo defaults.

See README.md ("Configuration") for the list of variables.
"""

import datetime as dt
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from kassalink.env import env_bool, env_fernet_keys, env_int, env_list, env_rates, env_str

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("KASSALINK_DATA_DIR", str(BASE_DIR.parent / "var"))).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _demo_secret(filename: str) -> str:
    """A random secret kept in the data directory, so a demo needs no configuration."""
    path = DATA_DIR / filename
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY", "") or _demo_secret("secret_key")
# Fernet keys (comma separated, newest first) for secrets at rest; see kassalink/crypto.py.
KASSALINK_ENCRYPTION_KEYS = env_fernet_keys("KASSALINK_ENCRYPTION_KEYS")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

# Served over https (SITE_URL says so): cookies only over TLS and a year of HSTS, unless
# the variables below say otherwise.
_HTTPS = SITE_URL.lower().startswith("https://")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", _HTTPS)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if _HTTPS else 0)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): every script, style, font and image comes from this
# installation; no inline <script>, no eval, no <style> blocks. Only inline style="..."
# attributes are allowed (style-src-attr): they cannot load anything from another host,
# and third-party pages we serve (the API docs) set them.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-elem": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY", False) else None
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "kassalink.web",
    "kassalink.demo",
    "kassalink.accounts",
    "kassalink.connections",
    "kassalink.sync",
    "kassalink.workforce",
    "kassalink.receipts",
    "kassalink.insights",
    "axes",
    "csp",
    "django_ratelimit",
    "kassalink.invoices",
    "kassalink.wallet",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kassalink.urls"
WSGI_APPLICATION = "kassalink.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'kassalink.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while a worker writes; the timeout rides out short locks.
    # IMMEDIATE: a transaction takes the write lock at BEGIN, so a second writer waits out
    # the timeout. SQLite's default (DEFERRED) reads first and then fails at once with
    # "database is locked" when another process wrote meanwhile (it cannot upgrade a stale
    # snapshot): under concurrent POS webhooks that turned many into fallback answers.
    # Our backend (kassalink/sqlite): Django's, with the wait for the write lock done in
    # Python, 1 ms at most between tries instead of SQLite's 100 ms naps.
    DATABASES["default"]["ENGINE"] = "kassalink.sqlite"
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# Sign-in by e-mail address in any case, throttled by django-axes (kassalink/accounts/sign_in.py).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "kassalink.accounts.sign_in.EmailBackend",
    # Magic sign-in links for wallet customers (django-sesame).
    "sesame.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("KASSALINK_LOGIN_FAILURE_LIMIT", 10)
# Each parameter on its own: an account is locked whatever address tries it, and an address
# is locked whatever accounts it tries.
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("KASSALINK_LOGIN_LOCKOUT_MINUTES", 15))
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "kassalink.accounts.sign_in.axes_username"
AXES_LOCKOUT_CALLABLE = "kassalink.accounts.sign_in.locked_out"
AXES_CLIENT_IP_CALLABLE = "kassalink.accounts.sign_in.client_address"
AXES_VERBOSE = False
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# "1 dec 2026 16:51" in Dutch, "1 Dec 2026 16:51" in English (kassalink/formats).
FORMAT_MODULE_PATH = ["kassalink.formats"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
# Browser libraries installed from the npm registry by the Makefile (`npm ci`), served
# from the installation: only their dist folders, never copied into the repository.
STATICFILES_DIRS = [("vendor/chart.js", BASE_DIR.parent / "node_modules" / "chart.js" / "dist")]

# E-mail: SMTP when EMAIL_HOST is set, otherwise the outbox page of the demo.
EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)  # seconds: a stuck SMTP server never hangs a worker
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "kassalink <noreply@localhost>")
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "kassalink.web.outbox.OutboxBackend",
)
# Who hears about new link requests and failing connections.
KASSALINK_OPERATOR_EMAILS = env_list("KASSALINK_OPERATOR_EMAILS", ["operator@localhost"])

# Celery: a broker that needs no server by default (files in the data directory).
CELERY_BROKER_URL = env_str("KASSALINK_BROKER_URL", "filesystem://")
if CELERY_BROKER_URL == "filesystem://":
    _queue_dir = DATA_DIR / "broker"
    (_queue_dir / "out").mkdir(parents=True, exist_ok=True)
    (_queue_dir / "processed").mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir / "out"),
        "data_folder_out": str(_queue_dir / "out"),
        "data_folder_processed": str(_queue_dir / "processed"),
        "control_folder": str(_queue_dir / "control"),
    }
CELERY_TASK_ALWAYS_EAGER = env_bool("KASSALINK_TASKS_EAGER", False)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE

# Calls to MplusKASSA. An answer larger than this is refused unread: the largest page we
# ask for (5,000 receipts, 19.7 MB; a sync page of 500 is about 2 MB) with headroom. It
# also bounds memory: at most one tag per 16 bytes of it (see mplus/transport.py).
KASSALINK_MPLUS_MAX_ANSWER_BYTES = env_int("KASSALINK_MPLUS_MAX_ANSWER_BYTES", 32 * 1024 * 1024)
# Seconds one call may take in all (retries included), however the server drips its answer.
KASSALINK_MPLUS_DEADLINE = env_int("KASSALINK_MPLUS_DEADLINE", 120)
# gunicorn's worker timeout (`kassalink serve`); "Test verbinding" stays well inside it.
# Its workers are threaded: the timeout kills a worker whose main loop hangs, not one slow
# request (calls out carry their own deadlines, KASSALINK_MPLUS_DEADLINE).
KASSALINK_WEB_TIMEOUT = env_int("KASSALINK_WEB_TIMEOUT", 30)

# "Importeren vanaf" (a link's history) may go at most this many years back.
KASSALINK_HISTORY_MAX_YEARS = env_int("KASSALINK_HISTORY_MAX_YEARS", 5)

# Where tests find the official MplusKASSA WSDL and notes (never copied into the project).
KASSALINK_MPLUS_REFERENCE_DIR = Path(
    env_str("KASSALINK_MPLUS_REFERENCE_DIR", str(BASE_DIR.parent.parent / "shared" / "mplus"))
)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "kassalink.accounts.api_auth.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # DRF's JSON parser, refusing deep nesting and lone surrogates (a 400, not a 500).
    "DEFAULT_PARSER_CLASSES": [
        "kassalink.web.api_parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "kassalink.web.api_pagination.BoundedLimitOffsetPagination",
    "PAGE_SIZE": 100,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "kassalink API",
    "DESCRIPTION": "MplusKASSA connections, sync runs, workforce and receipts.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # The docs' scripts come from this installation (drf-spectacular-sidecar), never a CDN,
    # and nothing is sent to the online validator.
    "REDOC_DIST": "SIDECAR",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
}

# Digital receipts (kassalink.wallet): see README.md "Digital receipts".
# How long our POS webhook endpoint may take before it answers "not recognized" / no footer
# (the till waits; MplusKASSA's own timeout is not published).
KASSALINK_WEBHOOK_ANSWER_BUDGET_MS = env_int("KASSALINK_WEBHOOK_ANSWER_BUDGET_MS", 1500)
# A webhook whose eventTimestamp is further from our clock than this is refused as a replay
# (0 switches the age check off; duplicates are still answered from the log).
KASSALINK_WEBHOOK_MAX_AGE = env_int("KASSALINK_WEBHOOK_MAX_AGE", 600)
# Seconds a rotating customer code lives, and how many neighbouring intervals still count.
KASSALINK_WALLET_CODE_INTERVAL = env_int("KASSALINK_WALLET_CODE_INTERVAL", 30)
KASSALINK_WALLET_CODE_GRACE_STEPS = env_int("KASSALINK_WALLET_CODE_GRACE_STEPS", 1)
# A receipt is tied to a till session without a session id when workplace and total agree
# and the receipt was entered within this many seconds of the session's end.
KASSALINK_WALLET_MATCH_WINDOW = env_int("KASSALINK_WALLET_MATCH_WINDOW", 180)
KASSALINK_WALLET_SHARE_DAYS = env_int("KASSALINK_WALLET_SHARE_DAYS", 7)
# django-sesame: magic sign-in links for the wallet, valid 15 minutes, usable once.
SESAME_MAX_AGE = env_int("KASSALINK_WALLET_LINK_MINUTES", 15) * 60
SESAME_ONE_TIME = True
# How many sign-in links the wallet mails per address and per client address (django-
# ratelimit, counted in the shared cache below): "1/m,5/h" is one a minute, five an hour.
KASSALINK_WALLET_LINK_RATES_ADDRESS = env_rates("KASSALINK_WALLET_LINK_RATE_ADDRESS", "1/m,5/h")
KASSALINK_WALLET_LINK_RATES_IP = env_rates("KASSALINK_WALLET_LINK_RATE_IP", "20/h")

# The cache every worker shares and a restart keeps (the throttles count in it): Redis when
# KASSALINK_CACHE_URL is set, else a table in the database (`kassalink migrate` makes it).
_CACHE_URL = env_str("KASSALINK_CACHE_URL", "")
if _CACHE_URL and not _CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured(
        f"KASSALINK_CACHE_URL must be a redis:// address, not {_CACHE_URL!r}"
    )
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": _CACHE_URL,
    }
    if _CACHE_URL
    else {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "kassalink_cache",
        # Past MAX_ENTRIES Django culls a third of the table; a flood of made-up addresses
        # must not wipe the counts that hold it back.
        "OPTIONS": {"MAX_ENTRIES": 1_000_000},
    }
}
RATELIMIT_USE_CACHE = "default"
RATELIMIT_IP_META_KEY = "kassalink.accounts.sign_in.client_address"
# django-ratelimit knows Django's own Redis cache by another name (W001), and calls the
# database cache non-atomic (E003): two requests in the same instant may both pass; for
# exact counts under a burst, set KASSALINK_CACHE_URL (`kassalink check --deploy` says so).
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001", "django_ratelimit.E003"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # django-axes logs every sign-in at INFO; failures and lockouts are WARNING.
    "loggers": {"axes": {"level": "WARNING"}},
}
