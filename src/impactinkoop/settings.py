"""Settings, read from the environment so one build runs as demo, test and production."""

import importlib.util
import os
import sys
from pathlib import Path

import csp.constants as csp
import dj_database_url
import platformdirs
from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}


def env_bool(name: str, default: bool = False) -> bool:
    """A yes/no setting. A word that is neither (`ture`) is an error naming the setting, never a
    silent False: with debug off, a typo would otherwise switch a security setting off."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    word = value.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name}={value!r} is not a yes/no value: use 1, true, yes or on, or 0, false, no or off."
    )


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def default_data_dir(package_dir: Path = PACKAGE_DIR) -> Path:
    """Where the database and the generated secret key live unless DATA_DIR says otherwise: `var/`
    of a checkout (src/impactinkoop beside pyproject.toml, as `make demo` runs it), else the
    user's data folder (~/.local/share/impactinkoop on Linux), never a folder beside
    site-packages."""
    checkout = package_dir.parent.parent
    if package_dir.parent.name == "src" and (checkout / "pyproject.toml").is_file():
        return checkout / "var"
    return Path(platformdirs.user_data_dir("impactinkoop", appauthor=False))


def secret_key_from_file(path: Path) -> tuple[str, bool]:
    """The key kept in `path`, made on first use: (key, whether it was made now). The file is
    created readable by its owner only, and exclusively, so two processes starting at once
    agree on one key."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        key = path.read_text().strip()
        if not key:
            raise ImproperlyConfigured(f"{path} is empty: delete it or set SECRET_KEY.") from None
        return key, False
    key = get_random_secret_key()
    with os.fdopen(descriptor, "w") as file:
        file.write(key + "\n")
    return key, True


DATA_DIR = Path(os.environ.get("DATA_DIR") or default_data_dir())
DEBUG = env_bool("DEBUG")

# Without SECRET_KEY (one machine, `pip install` and go) the key is made once and kept in the
# data folder; every machine of a deployment must share one key, so there it must be set, and
# `check --deploy` says so (core.checks, impactinkoop.W001).
SECRET_KEY = os.environ.get("SECRET_KEY", "")
SECRET_KEY_FILE: Path | None = None
if not SECRET_KEY:
    if DEBUG:
        SECRET_KEY = "insecure-local-development-key-only-for-debug-mode-" + "x" * 20
    else:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        SECRET_KEY_FILE = DATA_DIR / "secret_key"
        SECRET_KEY, made = secret_key_from_file(SECRET_KEY_FILE)
        if made:
            sys.stderr.write(
                f"impactinkoop: no SECRET_KEY set, so one was made and kept in {SECRET_KEY_FILE}. "
                "That is fine on one machine; a deployment with more than one machine must set "
                "the same SECRET_KEY on each.\n"
            )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Where the source and its security policy live, and whom to tell of a vulnerability: served as
# /.well-known/security.txt (RFC 9116). An operator may name their own contacts (comma-separated
# `mailto:` or `https:` addresses) and policy.
PROJECT_URL = "https://github.com/impactinkoop/impactinkoop"
SECURITY_CONTACTS = env_list("SECURITY_CONTACT", f"{PROJECT_URL}/security/advisories/new")
SECURITY_POLICY_URL = os.environ.get("SECURITY_POLICY_URL", f"{PROJECT_URL}/blob/main/SECURITY.md")
# security.txt expires this many days after the day it is served (RFC 9116: less than a year).
SECURITY_TXT_VALID_DAYS = env_int("SECURITY_TXT_VALID_DAYS", 180)

INSTALLED_APPS = [
    "impactinkoop.core",
    "impactinkoop.accounts",
    "impactinkoop.signin",
    "impactinkoop.sso",
    "impactinkoop.registry",
    "impactinkoop.spend",
    "impactinkoop.catalogue",
    "impactinkoop.contracts",
    "impactinkoop.sroi",
    "impactinkoop.plans",
    "impactinkoop.tenderboard",
    "impactinkoop.conversations",
    "impactinkoop.reports",
    "impactinkoop.peers",
    "impactinkoop.portal",
    "impactinkoop.api",
    "django.contrib.auth",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "impactinkoop.core.middleware.LanguageMiddleware",
    "impactinkoop.core.middleware.NoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    # After the language and messages: the second-factor page it sends people to is translated.
    "impactinkoop.signin.middleware.SignInMiddleware",
    # After it: an organisation with its own provider is entered through that provider.
    "impactinkoop.sso.middleware.ProviderMiddleware",
]

ROOT_URLCONF = "impactinkoop.urls"
WSGI_APPLICATION = "impactinkoop.wsgi.application"

# Form fields in the NL Design System class conventions (decision 0017).
FORM_RENDERER = "impactinkoop.core.forms_rendering.ComponentFormRenderer"

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
                "impactinkoop.portal.context_processors.navigation",
            ],
        },
    },
]

if "DATABASE_URL" not in os.environ:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'impactinkoop.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web process and the task worker write at the same time: WAL lets readers go on, and
    # IMMEDIATE transactions with a busy timeout queue writers instead of failing with "locked".
    # Connections are kept between requests like PostgreSQL's: opening one costs 3-4 ms of CPU
    # (the PRAGMAs, the schema) and starts with a cold page cache, every request.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = False
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Axes first, so a locked-out login is refused before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "impactinkoop.accounts.security.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:start"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# Rate-limited login: five failures for one e-mail address from one IP lock that pair out.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("LOGIN_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# A second, higher limit per IP address across all accounts (a password spray), high enough
# that an office behind one NAT address is not paused by normal typing mistakes.
LOGIN_FAILURE_LIMIT_PER_ADDRESS = env_int("LOGIN_FAILURE_LIMIT_PER_ADDRESS", 30)
AXES_HANDLER = "impactinkoop.accounts.security.LoginLimitHandler"
AXES_LOCKOUT_CALLABLE = "impactinkoop.accounts.security.locked_out"
# Attempts while paused are not counted, so the time the lockout page names holds.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_USERNAME_CALLABLE = "impactinkoop.accounts.security.login_username"
AXES_ENABLE_ADMIN = False

INVITATION_VALID_DAYS = env_int("INVITATION_VALID_DAYS", 14)

# --- The second factor and sessions (decision 0027) -------------------------------------------
# Administrators of an organisation and platform staff (curators) sign in with a code from an
# authenticator app as well as their password, as the BIO asks; an organisation may ask it of
# everyone (its settings page). Off only for development and tests that log in without it.
TWO_FACTOR_FOR_ADMINS = env_bool("TWO_FACTOR_FOR_ADMINS", True)
# "Remember this browser": no code asked again in that browser for this many days (0: never).
TWO_FACTOR_REMEMBER_DAYS = env_int("TWO_FACTOR_REMEMBER_DAYS", 30)
# The name the authenticator app shows next to the codes.
TWO_FACTOR_ISSUER = os.environ.get("TWO_FACTOR_ISSUER", "Impactinkoop")
OTP_TOTP_ISSUER = TWO_FACTOR_ISSUER
FILTERS_EMPTY_CHOICE_LABEL = _("all")

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
FORMAT_MODULE_PATH = ["impactinkoop.formats"]  # dates and numbers follow the reader's language
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Where the matching engine keeps the register's index between imports and commands (built again
# only when the register changes); empty: built for every run.
MATCHING_INDEX_DIR = os.environ.get("MATCHING_INDEX_DIR", str(DATA_DIR / "matching"))

STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", DATA_DIR / "static"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Impactinkoop <noreply@impactinkoop.example>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Jobs queue in the database by default: no broker to run. For many workers, RQ with Redis
# (TASK_BACKEND=django_tasks_rq.RQBackend, REDIS_URL; docs/operations.md shows both).
TASK_BACKEND = os.environ.get("TASK_BACKEND", "django_tasks_db.DatabaseBackend")
TASKS = {"default": {"BACKEND": TASK_BACKEND, "QUEUES": ["default"]}}
if TASK_BACKEND.startswith("django_tasks_rq."):
    if importlib.util.find_spec("django_tasks_rq") is None:
        raise ImproperlyConfigured(
            "TASK_BACKEND names RQ, which is not installed: pip install 'impactinkoop[rq]'."
        )
    INSTALLED_APPS += ["django_rq"]
    RQ_QUEUES = {
        "default": {
            "URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
            # RQ stops a job that runs longer; its own default, 3 minutes, is short for an import.
            "DEFAULT_TIMEOUT": env_int("RQ_JOB_TIMEOUT_SECONDS", 60 * 60),
        }
    }

CSRF_FAILURE_VIEW = "impactinkoop.core.views.csrf_failure"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    # Production runs behind TLS; a proxy that terminates it must set X-Forwarded-Proto.
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^health/$"]  # load balancers probe over plain HTTP
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

# --- Web security: Content-Security-Policy (decision 0009) ------------------------------------
# Scripts only from our own static files (or an inline one carrying the request's nonce:
# `<script nonce="{{ request.csp_nonce }}">`), never inline code or event handlers. Inline styles
# stay allowed: the server-drawn SVG charts use style attributes. A response that sets its own
# policy (stored evidence: `default-src 'none'`) keeps it.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.NONE],
        "script-src": [csp.SELF, csp.NONCE],
        "style-src": [csp.SELF, csp.UNSAFE_INLINE],
        "img-src": [csp.SELF],
        "font-src": [csp.SELF],
        "connect-src": [csp.SELF],
        "form-action": [csp.SELF],
        "base-uri": [csp.SELF],
        "frame-ancestors": [csp.NONE],
        "object-src": [csp.NONE],
    }
}
# --- end of web security ---------------------------------------------------------------------

# --- The REST API (decision 0026) ------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["impactinkoop.api.authentication.BearerTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": [],  # the views check the token, the tenant and the scope
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "impactinkoop.api.pagination.Pages",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "impactinkoop.api.problems.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "COERCE_DECIMAL_TO_STRING": True,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Impactinkoop API",
    "DESCRIPTION": "Ledgers, figures, contracts and social return of one organisation; "
    "the public catalogue and impact figures. Tokens are made on the API tokens page.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Operations are grouped by what follows the organisation (baseline, contracts, ...), or by
    # contractor and public.
    "SCHEMA_PATH_PREFIX": r"/api/v1(/o/\{org_slug\})?",
    "SWAGGER_UI_DIST": "SIDECAR",  # served from our own static files: no CDN
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Fields called `state` or `status` mean different things per area: each its own name.
    "ENUM_NAME_OVERRIDES": {
        "ImportStateEnum": "impactinkoop.core.imports.ImportState",
        "ObligationStateEnum": "impactinkoop.api.serializers_sroi.STATES",
        "ReviewStatusEnum": "impactinkoop.api.serializers_sroi.STATUSES",
    },
}
# Calls per token per minute, counted in the database (shared by every process).
API_RATE_LIMIT_PER_MINUTE = env_int("API_RATE_LIMIT_PER_MINUTE", 600)
API_TOKEN_MAX_DAYS = env_int("API_TOKEN_MAX_DAYS", 366)
# How long a web process reuses the baseline figures it read for the API (0: never).
API_FIGURES_FRESH_SECONDS = env_int("API_FIGURES_FRESH_SECONDS", 1)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "ERROR"}},
}

# Uploads are read into memory and kept in the database: cap them per kind of import.
REGISTER_IMPORT_MAX_BYTES = env_int("REGISTER_IMPORT_MAX_MB", 20) * 1_000_000
EVIDENCE_MAX_BYTES = env_int("EVIDENCE_MAX_MB", 10) * 1_000_000
LOGO_MAX_BYTES = env_int("LOGO_MAX_KB", 1000) * 1000
# An organisation's logo sits in the header of every page: small is enough.
THEME_LOGO_MAX_BYTES = env_int("THEME_LOGO_MAX_KB", 512) * 1000
# A case story's photos, checked like logos (reports.stories).
STORY_PHOTO_MAX_BYTES = env_int("STORY_PHOTO_MAX_KB", 2000) * 1000
# An own document in the knowledge of a step (peers.knowledge).
KNOWLEDGE_DOCUMENT_MAX_BYTES = env_int("KNOWLEDGE_DOCUMENT_MAX_MB", 10) * 1_000_000
# Quote requests per requester per hour: enough for real work, too few for a runaway script.
QUOTE_REQUESTS_PER_HOUR = env_int("QUOTE_REQUESTS_PER_HOUR", 10)
LEDGER_IMPORT_MAX_BYTES = env_int("LEDGER_IMPORT_MAX_MB", 250) * 1_000_000
# An XLSX is a zip: refuse one that unpacks to more than this (a zip bomb stays a small upload).
LEDGER_IMPORT_MAX_UNPACKED_BYTES = env_int("LEDGER_IMPORT_MAX_UNPACKED_MB", 600) * 1_000_000
REGISTER_IMPORT_MAX_UNPACKED_BYTES = env_int("REGISTER_IMPORT_MAX_UNPACKED_MB", 200) * 1_000_000
# Rows and cells any import reads from one file (a spreadsheet also stops at its own 1,048,576).
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 3_000_000)
# Size and unpacked size of an import without limits of its own (`core.tabular.Limits`).
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_MB", 20) * 1_000_000
# An OCDS file is read as a stream, but the fields we use of each release are held until the file
# ends (to compile them): the cap bounds that memory.
OCDS_IMPORT_MAX_BYTES = env_int("OCDS_IMPORT_MAX_MB", 100) * 1_000_000
IMPORT_MAX_UNPACKED_BYTES = env_int("IMPORT_MAX_UNPACKED_MB", 200) * 1_000_000
# Months after an obligation's end after which its realisations' participant data (code, age
# band, residence) are emptied and only the counts remain (`reduce_sroi_participants`): seven
# years, the fiscal retention period of the records the figures rest on.
SROI_RETENTION_MONTHS = env_int("SROI_RETENTION_MONTHS", 84)
IMPORT_MAX_CELLS = env_int("IMPORT_MAX_CELLS", 60_000_000)
# A running job's lease: its worker renews it every quarter of this; a job whose lease ran out
# has lost its worker and is marked failed.
JOB_LEASE_SECONDS = env_int("JOB_LEASE_SECONDS", 120)
# Work that may run twice (the linking after an import) is tried again after this, times the try.
JOB_RETRY_DELAY_SECONDS = env_int("JOB_RETRY_DELAY_SECONDS", 30)
# Periodic work (`core.schedule`): a worker that runs a periodic function holds it this long;
# past it, the worker is taken to be gone and another may run the function.
PERIODIC_LEASE_SECONDS = env_int("PERIODIC_LEASE_SECONDS", 3600)
# Social-return reminders (`sroi.reminders`): days before a report deadline, and days after it
# when nothing was reported.
SROI_REMINDER_DAYS_BEFORE = env_int("SROI_REMINDER_DAYS_BEFORE", 14)
SROI_REMINDER_DAYS_AFTER = env_int("SROI_REMINDER_DAYS_AFTER", 7)
# Downloads of up to this many ledger lines come at once; larger ones run as a background job,
# so a year of lines never holds a web worker.
EXPORT_DIRECT_MAX_LINES = env_int("EXPORT_DIRECT_MAX_LINES", 5000)

# Size of the demo municipality's generated ledger (a year of invoice lines).
DEMO_LEDGER_LINES = env_int("DEMO_LEDGER_LINES", 200_000)

# --- Single sign-on (decision 0027) ---
# Organisations sign their members in through their own OpenID Connect provider (the `sso` app,
# set up per organisation on its settings page). The client secrets are stored encrypted with
# these Fernet keys (comma-separated): the first encrypts, every one decrypts. To rotate, put a
# new key first, run `manage.py rotate_sso_secrets`, then drop the old key. Unset: a key derived
# from SECRET_KEY (changing SECRET_KEY then makes the stored secrets unreadable).
SSO_SECRET_KEYS = env_list("SSO_SECRET_KEYS")
# Seconds to wait for a provider (discovery, token, userinfo, keys).
SSO_HTTP_TIMEOUT_SECONDS = env_int("SSO_HTTP_TIMEOUT_SECONDS", 10)
# How long a provider's discovery document is kept before it is read again.
SSO_DISCOVERY_CACHE_SECONDS = env_int("SSO_DISCOVERY_CACHE_SECONDS", 3600)
AUTHENTICATION_BACKENDS = [
    *AUTHENTICATION_BACKENDS,
    "impactinkoop.sso.backend.OrganisationProviderBackend",
]
