"""Caseworks settings.

Every value that differs between environments comes from an environment variable, with a default that
is safe in production (DEBUG off, secure cookies on, a secret key required). `make run` opts into the
development values explicitly; see README.md for the full list.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("CASEWORKS_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
# Demo sign-ins are printed and the login page mentions them only when this is on (make run sets it).
DEMO_MODE = env_bool("DEMO_MODE", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable (or DEBUG=true for local development only)."
        )
    SECRET_KEY = "insecure-development-key-never-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Django's admin with Caseworks' site: only administrators and superusers, signed in through the two-factor
    # sign-in (caseworks/admin_site.py).
    "caseworks.apps.CaseworksAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_forms_gds",
    "django_celery_beat",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "supervision",
    "mappa",
]

MIDDLEWARE = [
    # First, so every response carries X-Request-ID and every log line of the request its reference.
    "caseworks.middleware.RequestIdMiddleware",
    "caseworks.middleware.ServiceUnavailableMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before any view: a control character in the path or query string is a 404 or 400, not a database error.
    "caseworks.middleware.ControlCharactersMiddleware",
    # Writes one audit row for each case-page view, change, export or refusal, once the response is known.
    "supervision.middleware.AuditMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After messages (it says why the session ended) and before LoginRequiredMiddleware, so an expired session
    # is signed out and sent to the sign-in page.
    "caseworks.security.SessionExpiryMiddleware",
    "caseworks.security.NoStoreMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "caseworks.urls"

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
                "supervision.context_processors.navigation",
            ],
        },
    },
]

WSGI_APPLICATION = "caseworks.wsgi.application"

# PostgreSQL in production and in tests; a SQLite file under var/ when nothing is configured.
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'caseworks.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        # A kept-alive connection the database has since dropped (a restart, a failover) is replaced before the
        # request uses it, rather than failing that request.
        conn_health_checks=True,
    )
}
# Behind PgBouncer in transaction pooling, a server-side cursor (QuerySet.iterator()) would outlive the
# transaction that holds its server connection: DATABASE_PGBOUNCER=true turns them off (docs/operations.md).
if env_bool("DATABASE_PGBOUNCER", False):
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compilation: the dashboards count thirty lists in one statement, whose estimated cost makes
    # PostgreSQL compile it to machine code first; for a region that took 6 s of a 7 s statement (0.8 s
    # without). Behind PgBouncer the startup option is refused: set it on the role instead
    # (`ALTER ROLE ... SET jit = off`, docs/operations.md).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes first: a locked-out account and address are refused before any password is checked.
AUTHENTICATION_BACKENDS = ["caseworks.security.SignInLockoutBackend", "django.contrib.auth.backends.ModelBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "j M Y"

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "var" / "staticfiles"))
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
# Tests render pages without running collectstatic first.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

# Secure by default; `make run` serves plain http on localhost and turns these off explicitly.
SECURE_COOKIES = env_bool("SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
CSRF_FAILURE_VIEW = "caseworks.views.csrf_failure"  # a GOV.UK page, not Django's bare "403 Forbidden"
SESSION_COOKIE_HTTPONLY = True
# Sessions end after 30 minutes without a request and 12 hours after sign-in, whatever the activity
# (caseworks/security.py checks both on the server); the cookie itself lasts no longer than the absolute limit.
SESSION_IDLE_SECONDS = int(os.environ.get("SESSION_IDLE_SECONDS", str(30 * 60)))
SESSION_ABSOLUTE_SECONDS = int(os.environ.get("SESSION_ABSOLUTE_SECONDS", str(12 * 60 * 60)))
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_SECONDS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY", False) else None
# HSTS: off unless set, because a browser remembers it for the whole period; production sets a year.
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", SECURE_HSTS_SECONDS > 0)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", SECURE_HSTS_SECONDS > 0)

# Content-Security-Policy (django-csp): only this origin's scripts, styles, images and fonts. The page's two
# inline scripts carry the per-request nonce (templates/base.html); nothing else inline runs.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}

# Sign-in hardening. django-axes: the 10th failed sign-in for one username from one address locks that pair.
# Failures are forgotten 15 minutes after the last one, and a lock lasts 15 minutes after the last failure, so
# guessing is held to 10 tries per quarter-hour at most. An administrator unlocks early in the admin.
AXES_FAILURE_LIMIT = 10
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "caseworks.security.client_ip"
AXES_USERNAME_FORM_FIELD = "username"
# Two-factor sign-in (django-otp): the name an authenticator app shows beside the code.
OTP_TOTP_ISSUER = "Caseworks"
# How long a password that was right waits for its second factor before the sign-in starts again.
TWO_FACTOR_PENDING_SECONDS = 5 * 60
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # a set-password link works for a day

# Celery: Redis in production and tests; kombu's filesystem transport when nothing is configured, so a
# newcomer gets a real worker and beat with no server. Its in and out folders must be the same folder.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or "filesystem://"
CELERY_BROKER_FOLDER = VAR_DIR / "celery-broker"
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_FOLDER.mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_FOLDER),
        "data_folder_out": str(CELERY_BROKER_FOLDER),
        "processed_folder": str(CELERY_BROKER_FOLDER),
        # Where the worker's control exchanges are kept; kombu's default is ./control in the working tree.
        "control_folder": str(CELERY_BROKER_FOLDER / "control"),
        "store_processed": False,
    }
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND") or None
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
# At-least-once delivery; every task's effect is guarded by a constraint or a claim, so a repeat adds nothing.
# Acknowledge a message when its task has finished, not when it starts: a worker that dies mid-task leaves it
# for another.
CELERY_TASK_ACKS_LATE = True
# A worker process killed mid-task (SIGKILL, out of memory) hands its message back at once rather than
# acknowledging it as done.
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# Hold one message at a time: with late acknowledgement a prefetched message would wait behind a long task,
# and be stranded with a dead worker until the visibility timeout.
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# The longest task (an outbox sweep of OUTBOX_SWEEP_BATCH e-mails, each up to EMAIL_TIMEOUT) is stopped at
# this hard limit, so it always ends before Redis would give its message to a second worker.
CELERY_TASK_TIME_LIMIT = int(os.environ.get("CELERY_TASK_TIME_LIMIT", "600"))
CELERY_TASK_SOFT_TIME_LIMIT = CELERY_TASK_TIME_LIMIT - 30
if CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    # Redis redelivers an unacknowledged message after this many seconds: longer than the longest task (the
    # time limit above), and 15 minutes rather than kombu's hour, so a dead worker's message waits no longer.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", str(CELERY_TASK_TIME_LIMIT + 300)))
    }
# The overdue-contacts sweep works in chunks of this many cases (one transaction and a fixed number of queries
# each; with a result backend the chunks are spread over the workers as a chord). docs/operations.md. 2,000:
# each chunk's fixed cost (its queries, its transaction) is paid ten times for a region, not forty, and a chunk's
# peak memory stays a few tens of MB (docs/performance.md).
OVERDUE_SCAN_CHUNK_SIZE = int(os.environ.get("OVERDUE_SCAN_CHUNK_SIZE", "2000"))
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(VAR_DIR / "sent-mail"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Caseworks <caseworks@localhost>")
# Seconds a mail server may take over each exchange before the attempt fails and is retried later; without
# it a hung server would hold a worker for ever.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
# The outbox (supervision.services.outbox): tries per e-mail before it is marked failed, the first retry's
# delay (doubling each time), how long a claim lasts before a vanished sender's e-mail is sent again (well
# beyond a send that takes EMAIL_TIMEOUT), and how many e-mails one sweep sends.
# A form's submission token is kept this long (then pruned daily); a form opened longer ago is refused, not
# saved twice (caseworks.submissions).
SUBMISSION_TOKEN_DAYS = int(os.environ.get("SUBMISSION_TOKEN_DAYS", "30"))
OUTBOX_MAX_ATTEMPTS = int(os.environ.get("OUTBOX_MAX_ATTEMPTS", "8"))
OUTBOX_RETRY_BASE_SECONDS = int(os.environ.get("OUTBOX_RETRY_BASE_SECONDS", "60"))
OUTBOX_CLAIM_SECONDS = int(os.environ.get("OUTBOX_CLAIM_SECONDS", "300"))
OUTBOX_SWEEP_BATCH = int(os.environ.get("OUTBOX_SWEEP_BATCH", "25"))
# Absolute links in e-mails.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Every line carries the request's reference (caseworks.middleware), the one shown on error pages: an operator
# searches for it to find the error and its traceback. JSON lines in production (caseworks/logging.py);
# LOG_FORMAT=text, the default with DEBUG (`make run`), for reading in a terminal.
LOG_FORMAT = os.environ.get("LOG_FORMAT") or ("text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "caseworks.middleware.RequestIdLogFilter"},
        "no_client_error_tracebacks": {"()": "caseworks.logging.ClientErrorTracebackFilter"},
        "no_query_strings": {"()": "caseworks.logging.QueryStringFilter"},
    },
    "formatters": {
        "text": {"format": "%(levelname)s %(name)s reference=%(request_id)s %(message)s"},
        "json": {"()": "caseworks.logging.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id", "no_client_error_tracebacks", "no_query_strings"],
            "formatter": "text" if LOG_FORMAT == "text" else "json",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own console handler (DEBUG only) would print each error a second time, without its reference.
        "django": {"handlers": [], "propagate": True},
        "django.db.backends": {"level": "WARNING"},
    },
}
# The worker and beat log through LOGGING above too (JSON lines, no query strings), not Celery's own root handler.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# MAPPA and multi-agency work (mappa app). Local policy values, set per deployment by environment
# variable rather than in the admin: they change rarely, and a change should be deliberate and reviewed.
# Working days for a manager to act on an escalated MAPPA rejection before it steps up a level.
MAPPA_ESCALATION_DUE_WORKING_DAYS = int(os.environ.get("MAPPA_ESCALATION_DUE_WORKING_DAYS", "5"))
# Calendar days within which a MAPPA meeting must be held once a rejection is overturned.
MAPPA_MEETING_CONVENE_WITHIN_DAYS = int(os.environ.get("MAPPA_MEETING_CONVENE_WITHIN_DAYS", "10"))
# Weeks between MAPPA meetings (the level's review period): level 2 at least every 16, level 3 every 8.
MAPPA_LEVEL_2_REVIEW_WEEKS = int(os.environ.get("MAPPA_LEVEL_2_REVIEW_WEEKS", "16"))
MAPPA_LEVEL_3_REVIEW_WEEKS = int(os.environ.get("MAPPA_LEVEL_3_REVIEW_WEEKS", "8"))
# Working days an agency is given to respond to a referral, when the officer does not set a date.
REFERRAL_RESPONSE_DUE_WORKING_DAYS = int(os.environ.get("REFERRAL_RESPONSE_DUE_WORKING_DAYS", "10"))

# Allegations of breach (supervision app), local policy like the values above: working days from receiving an
# allegation to the first response (starting the investigation), by urgency, when the officer sets no date.
ALLEGATION_FIRST_RESPONSE_WORKING_DAYS = {
    "IMMEDIATE": int(os.environ.get("ALLEGATION_FIRST_RESPONSE_DAYS_IMMEDIATE", "0")),
    "URGENT": int(os.environ.get("ALLEGATION_FIRST_RESPONSE_DAYS_URGENT", "1")),
    "ROUTINE": int(os.environ.get("ALLEGATION_FIRST_RESPONSE_DAYS_ROUTINE", "5")),
}

# The line manager's dashboard (supervision/dashboards): an officer holding more active cases than this is marked.
# Average caseloads are about 36 and quality falls above 50; local policy, like the values above.
CASELOAD_THRESHOLD = int(os.environ.get("CASELOAD_THRESHOLD", "50"))
