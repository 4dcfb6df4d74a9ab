"""Epdee settings: every value comes from the environment, with defaults that suit a laptop.

README.md ("Production") lists the same variables. Without DATABASE_URL Epdee uses SQLite in var/;
without REDIS_URL a local-memory cache and Celery tasks run in-process.
"""

import hashlib
from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key
from whitenoise.compress import Compressor as WhitenoiseCompressor
from xstatic.pkg import bootstrap as xstatic_bootstrap

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# Optional local overrides for a developer machine; the environment always wins.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# Writable state of a laptop install: SQLite database, generated secret key, media, collected static.
VAR_DIR = Path(env("EPDEE_VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

# Off unless asked for: production must never run with DEBUG by accident.
DEBUG = env.bool("DEBUG", default=False)


def _secret_key() -> str:
    """SECRET_KEY from the environment; with DEBUG, generated once into var/ so sessions survive restarts."""
    key = env("SECRET_KEY", default="")
    if key:
        return key
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=1 for local development).")
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(get_random_secret_key())
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()

# Host names this site answers to (tenant booking hosts included).
# On a laptop ".localhost" also serves the demo clinics' booking and portal hosts (de-linde.localhost):
# browsers resolve every *.localhost name to the loopback address.
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", ".localhost", "[::1]"] if DEBUG else [])
# Origins trusted for CSRF when they differ from the Host header (e.g. https://epdee.example).
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Proxy addresses (IPs or CIDRs) whose X-Forwarded-For is believed; everyone else's is ignored.
EPDEE_TRUSTED_PROXIES = env.list("EPDEE_TRUSTED_PROXIES", default=[])
# Outgoing webhooks may go to private and loopback addresses (always allowed with DEBUG); off in production (SSRF).
EPDEE_WEBHOOK_ALLOW_PRIVATE = env.bool("EPDEE_WEBHOOK_ALLOW_PRIVATE", default=False)
# Encrypts the CA private keys at rest. Required in production; with DEBUG it derives from SECRET_KEY.
EPDEE_CA_KEY_PASSPHRASE = env(
    "EPDEE_CA_KEY_PASSPHRASE",
    default=hashlib.sha256(f"ca-key:{SECRET_KEY}".encode()).hexdigest() if DEBUG else "",
)
# The nginx in front of the connector gateway: only requests from these addresses may carry the verified
# client certificate header (X-SSL-Client-Cert).
EPDEE_GATEWAY_PROXIES = env.list("EPDEE_GATEWAY_PROXIES", default=["127.0.0.1", "::1"])
# The public address of the site, for links in e-mails sent outside a request (tasks, admin actions).
EPDEE_SITE_URL = env("EPDEE_SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# Under CI (EPDEE_REQUIRE_SERVICES=1) a test that needs PostgreSQL, Redis or ../shared fails instead of skipping.
EPDEE_REQUIRE_SERVICES = env.bool("EPDEE_REQUIRE_SERVICES", default=False)
# The platform's own sandbox tenant and its development customer code (seed 001).
EPDEE_SANDBOX_CUSTOMER_CODE = "TE1002"

INSTALLED_APPS = [
    "epdee.core.apps.EpdeeAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "django_bootstrap5",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "axes",
    "csp",
    "oauth2_provider",
    "epdee.core",
    "epdee.clinic",
    "epdee.dataexit",
    "epdee.platform",
    "registry",
    # certificates adds the Certificates tab to connectors' version page through connectors/tabs.py (ready()).
    "certificates",
    "connectors",
]

# Google sign-in (seed 004) is offered only when its OAuth client is configured.
GOOGLE_CLIENT_ID = env("GOOGLE_CLIENT_ID", default="")
GOOGLE_CLIENT_SECRET = env("GOOGLE_CLIENT_SECRET", default="")
SOCIALACCOUNT_PROVIDERS = {}
if GOOGLE_CLIENT_ID:
    INSTALLED_APPS.append("allauth.socialaccount.providers.google")
    SOCIALACCOUNT_PROVIDERS["google"] = {
        "APPS": [{"client_id": GOOGLE_CLIENT_ID, "secret": GOOGLE_CLIENT_SECRET, "key": ""}],
        "SCOPE": ["profile", "email"],
        "AUTH_PARAMS": {"access_type": "online"},
        "EMAIL_AUTHENTICATION": True,
    }

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "epdee.core.middleware.AuditContextMiddleware",
    "epdee.core.middleware.TenantMiddleware",
    "epdee.core.middleware.ApplicationErrorMiddleware",
    # Last, so it sees the lockout flag set during authentication and answers with the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "epdee.urls"
WSGI_APPLICATION = "epdee.wsgi.application"

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
                "epdee.core.context_processors.navigation_context",
                "epdee.clinic.context_processors.notifications",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'epdee.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # Writers queue up instead of failing with "database is locked" (the audit chain reads then writes).
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["default"].setdefault("OPTIONS", {})
    # Seconds to wait for PostgreSQL before the request (and /api/status) reports it unreachable.
    DATABASES["default"]["OPTIONS"].setdefault("connect_timeout", env.int("DB_CONNECT_TIMEOUT", default=3))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and Celery -----------------------------------------------------------------------
# Redis: cache, rate limits, Celery broker. Unset on a laptop: local-memory cache, tasks run in-process.
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="epdee"),
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "epdee"}}

CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True  # a task lost with its worker runs again; tasks are idempotent
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "Europe/Amsterdam"
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# --- Accounts, sessions, login --------------------------------------------------------------
AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses locked-out credentials before any check
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

ACCOUNT_ADAPTER = "epdee.core.accounts.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "epdee.core.accounts.adapters.SocialAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SESSION_REMEMBER = False  # shared clinic computers: the session ends with the browser
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Epdee] "
# django-axes owns login lockout; allauth's own failed-login limit would pre-empt it with another message.
ACCOUNT_RATE_LIMITS = {"login_failed": False}
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# Wrong codes are limited, audited and counted toward the lockout (allauth's limit is off, see above).
MFA_FORMS = {"authenticate": "epdee.core.accounts.two_factor.TwoFactorAuthenticateForm"}
MFA_TOTP_ISSUER = env("MFA_TOTP_ISSUER", default="Epdee")
# A code also counts in the 30 seconds after it changed (RFC 6238's one step of delay): one typed as the app
# turned over is not refused. Wrong codes are limited (MFA_FORMS), so this leaves a guesser 3 codes in a million.
MFA_TOTP_TOLERANCE = 1

SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)  # one working day
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True

AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
# Username and address together: an attacker cannot lock a user out from elsewhere.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "core/lockout.html"
AXES_USERNAME_CALLABLE = "epdee.core.accounts.lockout.attempted_username"
AXES_CLIENT_IP_CALLABLE = "epdee.core.net.client_ip"

# --- Security ---------------------------------------------------------------------------------
# Production defaults (DEBUG off) are strict; each can be relaxed by its variable.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^api/status$"]  # load balancers probe health over plain HTTP
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

_form_action = [SELF]
if GOOGLE_CLIENT_ID:
    _form_action.append("https://accounts.google.com")  # the sign-in form redirects there
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "worker-src": [SELF, "blob:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": _form_action,
    }
}

# --- Internationalisation and time --------------------------------------------------------------
LANGUAGE_CODE = "en"
TIME_ZONE = "Europe/Amsterdam"  # on screen; the database holds UTC
USE_I18N = True
USE_TZ = True

# --- Static and media files -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(VAR_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns about a missing one before collectstatic
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", xstatic_bootstrap.BASE_DIR),
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Source maps are read only by a developer's browser tools: compressing them (a third of the static files'
# size) made collectstatic twice as slow for no visitor.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*WhitenoiseCompressor.SKIP_COMPRESS_EXTENSIONS, "map"]
# Every page links its static files through {% static %} (hashed names, cached for a year): the unhashed
# copies would only double the disk and collectstatic's compression time.
WHITENOISE_KEEP_ONLY_HASHED_FILES = True

# --- E-mail -------------------------------------------------------------------------------------
# smtp+tls://user:password@host:587 in production; printed to the console on a laptop.
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Epdee <noreply@epdee.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Who receives operational alerts (a broken audit chain, errors): comma-separated e-mail addresses.
ADMINS = [(address, address) for address in env.list("ADMINS", default=[])]

# --- REST APIs ----------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Token first: its WWW-Authenticate header makes a missing or bad credential a 401 rather than a 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "epdee.core.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "epdee.core.api.authentication.TokenScopeAllows",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # A body too deep or too large for JSON is a 400 or 413 (DRF's parser let a deep one become a 500).
    "DEFAULT_PARSER_CLASSES": [
        "epdee.core.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    # Services refuse with epdee.core.errors.ApplicationError; this renders it in DRF's error format.
    "EXCEPTION_HANDLER": "epdee.core.api.exceptions.exception_handler",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Epdee API",
    "DESCRIPTION": "The Epdee REST APIs: status, tenant data, connectors and the ZorgAPIs registry.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Path ids of the registry are validated in the views (a malformed one is a 400 ApiError).
    "PATH_CONVERTER_OVERRIDES": {"id": str},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "epdee.core.api.schema.add_error_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "ProductLifecycleStateEnum": "registry.models.choices.ProductLifecycleState",
        "ApiLifecycleStateEnum": "registry.models.choices.ApiLifecycleState",
    },
}

# --- OAuth2 (the registry API) ---------------------------------------------------------------------
REGISTRY_SCOPE_FAMILIES = [
    "users",
    "organizations",
    "api-requirements-versions",
    "api-specifications",
    "communication-standards",
    "information-standards",
    "trust-frameworks",
]
OAUTH2_PROVIDER = {
    # The spec's scopes, including the standards' families its securitySchemes block leaves out.
    "SCOPES": {
        f"{family}:{access}": f"{access.capitalize()} access to {family.replace('-', ' ')}"
        for family in REGISTRY_SCOPE_FAMILIES
        for access in ("read", "write")
    },
    "DEFAULT_SCOPES": [f"{family}:read" for family in REGISTRY_SCOPE_FAMILIES],
    "PKCE_REQUIRED": True,
    "OAUTH2_SERVER_CLASS": "registry.api.oauth_server.S256OnlyServer",  # refuses "plain" before the consent page
    "ACCESS_TOKEN_EXPIRE_SECONDS": env.int("OAUTH2_ACCESS_TOKEN_SECONDS", default=3600),
    "REFRESH_TOKEN_EXPIRE_SECONDS": env.int("OAUTH2_REFRESH_TOKEN_SECONDS", default=30 * 24 * 3600),
    "ROTATE_REFRESH_TOKEN": True,
    "ALLOWED_REDIRECT_URI_SCHEMES": ["https", "http"] if DEBUG else ["https"],
    # The OAuth 2.0 Security BCP (RFC 9700): no implicit or password grant, S256 PKCE only, bearer tokens
    # only in the Authorization header, `iss` in authorization responses, tokens stored hashed, and a
    # replayed refresh token revokes its whole family.
    "COMPLIANT_BCP_RFC9700_IMPLICIT_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PASSWORD_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PKCE_METHOD": True,
    "COMPLIANT_BCP_RFC9700_ACCESS_TOKEN_TRANSPORT": True,
    "COMPLIANT_BCP_RFC9700_AUTHZ_RESPONSE_ISS": True,
    "COMPLIANT_BCP_RFC9700_TOKEN_STORAGE": True,
    "COMPLIANT_BCP_RFC9700_REFRESH_TOKEN": True,
    "REFRESH_TOKEN_REUSE_PROTECTION": True,
}
# Requests per user to the registry API (DRF throttle rate, counted in the cache).
REGISTRY_RATE_LIMIT = env("REGISTRY_RATE_LIMIT", default="1200/min")

# --- Logging ------------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
