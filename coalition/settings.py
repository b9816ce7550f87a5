"""Coalition settings: one file, every value from the environment (see .env.example).

Local defaults just work (SQLite under var/, console e-mail). ``COALITION_ENV`` picks one of
three modes:

- ``development`` (the default, ``make dev``): DEBUG on, static files straight from static/;
- ``local`` (``make run``): the site as its users meet it (DEBUG off, the app's own error
  pages, hashed static file names) over plain http on this machine;
- ``production``: local's behaviour over HTTPS only (redirect, HSTS, secure cookies), and
  the values that cannot have a safe default (SECRET_KEY, ALLOWED_HOSTS) become required.
"""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from coalition.lib.env import (
    env_bool,
    env_choice,
    env_database,
    env_int,
    env_list,
    env_signing_key,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("COALITION_VAR_DIR", str(BASE_DIR / "var")))

COALITION_ENV = env_choice("COALITION_ENV", "development", {"development", "local", "production"})
PRODUCTION = COALITION_ENV == "production"
DEVELOPMENT = COALITION_ENV == "development"

_DEV_SECRET = "django-insecure-development-only-key-never-use-in-production-0123456789"
SECRET_KEY = env_str("SECRET_KEY", required=PRODUCTION) or _DEV_SECRET
if PRODUCTION and (len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure")):
    raise ImproperlyConfigured("SECRET_KEY must be a random value of at least 50 characters.")

# The key of the court file numbers' hash (``sentences.models.court_file_hash``): the numbers
# are never stored, only this keyed hash, to find the same file entered twice. Changing the
# key makes every stored hash unmatchable: keep it with the database's backups.
_DEV_HASH_KEY = "development-only-court-file-key-never-use-in-production"
SENTENCE_HASH_KEY = env_str("SENTENCE_HASH_KEY", required=PRODUCTION) or _DEV_HASH_KEY
if PRODUCTION and (len(SENTENCE_HASH_KEY) < 32 or SENTENCE_HASH_KEY == _DEV_HASH_KEY):
    raise ImproperlyConfigured("SENTENCE_HASH_KEY must be a random value of 32 characters or more.")

DEBUG = env_bool("DEBUG", True) if DEVELOPMENT else False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", () if PRODUCTION else ("127.0.0.1", "localhost"))
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS is required in production (comma-separated).")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
CSRF_FAILURE_VIEW = "coalition.core.views.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "django_filters",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "coalition.core",
    "coalition.plans",
    "coalition.events",
    "coalition.directory",
    "coalition.mapping",
    "coalition.knowledge",
    "coalition.sentences",
    "coalition.indicators",
    "coalition.coordination",
    "coalition.public",
    "coalition.reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "coalition.core.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "coalition.core.middleware.TwoFactorRequiredMiddleware",
    "coalition.core.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "coalition.urls"
WSGI_APPLICATION = "coalition.wsgi.application"
AUTH_USER_MODEL = "core.User"

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
                "coalition.core.context_processors.shell",
            ],
        },
    },
]

DATABASES = {"default": env_database("DATABASE_URL", VAR_DIR / "coalition.sqlite3")}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses a locked-out user before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "public:home"

# Lockout: 5 failed attempts for one username (or from one address) within 15 minutes
# lock it for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
AXES_ENABLED = env_bool("AXES_ENABLED", True)
# Behind reverse proxies, the client's address comes from X-Forwarded-For (see lib/net.py);
# the lockout and the audit log use the same address.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)
AXES_CLIENT_IP_CALLABLE = "coalition.lib.net.client_ip"

# Idle sessions end after 30 minutes: the cookie age is renewed on every request.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 30, minimum=1) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

OTP_TOTP_ISSUER = "Coalition"
# The admin never shows a device's secret key or its QR code again after enrolment.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

LANGUAGE_CODE = "es"
LANGUAGES = [("es", _("Spanish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "coalition_language"
TIME_ZONE = env_str("TIME_ZONE", "America/Costa_Rica")
USE_I18N = True
USE_TZ = True
# One unambiguous way to write dates per language ("2 dic 2026" / "2 Dec 2026").
FORMAT_MODULE_PATH = ["coalition.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
_STATIC_STORAGES = {
    # Files under their own names, read where they are (no collectstatic needed).
    "development": "django.contrib.staticfiles.storage.StaticFilesStorage",
    # Hashed names, so browsers may keep a file for good. Not compressed: on this machine
    # it saves nothing, and brotli over the vendor files takes half a minute.
    "local": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage",
    "production": "whitenoise.storage.CompressedManifestStaticFilesStorage",
}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": _STATIC_STORAGES[COALITION_ENV]},
}
# In development WhiteNoise serves straight from static/; otherwise only what
# `coalition collectstatic` put in STATIC_ROOT.
WHITENOISE_USE_FINDERS = DEVELOPMENT
WHITENOISE_AUTOREFRESH = DEBUG
# Uploaded evidence is private: it lives outside the static root and is never served
# directly, only through permission-checked views.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Coalition <no-reply@coalition.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("Set only one of EMAIL_USE_TLS and EMAIL_USE_SSL.")
# Address of the site as users reach it: links in e-mails sent outside a request
# (deadline reminders) are built from it.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
# Days a directory "still correct" link (send_verification_requests) stays valid.
DIRECTORY_VERIFY_LINK_DAYS = env_int("DIRECTORY_VERIFY_LINK_DAYS", 30, minimum=1)
# An optional tile server for the map's background ("https://tiles.example.org/{z}/{x}/{y}.png").
# Unset, the map draws boundaries from local files only and requests nothing elsewhere.
MAP_TILES_URL = env_str("MAP_TILES_URL", "")
# Where the public site's "quick exit" sends a visitor at once: a neutral site.
QUICK_EXIT_URL = env_str("QUICK_EXIT_URL", "https://www.google.com/search?q=weather")
MAP_TILES_ATTRIBUTION = env_str("MAP_TILES_ATTRIBUTION", "")
# Figures about people (victims, defendants) that leave their country's scope show counts
# below this as "<k", with complementary suppression (coalition/lib/disclosure.py).
DISCLOSURE_MIN_COUNT = env_int("DISCLOSURE_MIN_COUNT", 5, minimum=1)

# The Ed25519 key that signs share packages (lib/sharepack.py): PEM, or the base64 of its
# 32-byte seed. Required in production, where every partner checks packages against its
# published public half; elsewhere a key is generated once into SHARE_SIGNING_KEY_FILE.
SHARE_SIGNING_KEY = env_signing_key("SHARE_SIGNING_KEY", required=PRODUCTION)
SHARE_SIGNING_KEY_FILE = VAR_DIR / "share-signing-key.pem"
# Days a generated share package can be downloaded.
SHARE_PACKAGE_DAYS = env_int("SHARE_PACKAGE_DAYS", 7, minimum=1)

# Referrals between offices: the free text (summary, notes, messages) of a referral closed
# more than this many days ago is purged by ``coalition purge_closed_referrals``.
REFERRAL_RETENTION_DAYS = env_int("REFERRAL_RETENTION_DAYS", 180, minimum=1)

# Background work (large imports, PDFs, e-mail sends): Django's tasks API, queued in the
# database and run by `coalition db_worker` (started by `make run`; a systemd unit in
# production). Tests run tasks at once unless they choose the database backend.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Live progress of a background job is kept here, outside the database: an import writes in
# one transaction that nobody else sees until it ends. The web server and the worker share it.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "jobs": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "jobs"),
        "TIMEOUT": 24 * 3600,
    },
    # The public site's rendered pages, per address and language (``public.cache``), shared by
    # the server's processes and dropped whole when data they show changes.
    "public": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "public-pages"),
        "TIMEOUT": 24 * 3600,
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
}

# Filter dropdowns offer "All" rather than a row of dashes.
FILTERS_EMPTY_CHOICE_LABEL = _("All")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["coalition.core.access.ApiMemberPermission"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "coalition.core.schema.AutoSchema",
    "EXCEPTION_HANDLER": "coalition.core.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": _("Coalition API"),
    "DESCRIPTION": _("REST API of the Regional Coalition against Trafficking in Persons."),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SWAGGER_UI_DIST": "/static/vendor/swagger-ui",
    "SWAGGER_UI_FAVICON_HREF": "/static/img/favicon.svg",
    "COMPONENT_SPLIT_REQUEST": True,
    # Plans and progress both have a "status": name each value list after its model.
    "ENUM_NAME_OVERRIDES": {
        "PlanStatusEnum": "coalition.plans.choices.PlanStatus",
        "ProgressStatusEnum": "coalition.plans.choices.ProgressStatus",
        "ContactKindEnum": "coalition.directory.choices.ContactKind",
        "OrganizationKindEnum": "coalition.core.choices.OrganizationKind",
        "RecordKindEnum": "coalition.directory.choices.RECORD_KINDS",
        "EventKindEnum": "coalition.events.choices.EventKind",
        # GeoJSON's "type" members (mapping's API): one name per set of values.
        "FeatureTypeEnum": "coalition.mapping.api.FEATURE_TYPES",
        "FeatureCollectionTypeEnum": "coalition.mapping.api.COLLECTION_TYPES",
        # Knowledge: one value list under several field names (axis/axes, language/languages).
        "AxisEnum": "coalition.core.choices.Axis",
        "LanguageEnum": "coalition.knowledge.choices.Language",
        "ChannelEnum": "coalition.knowledge.choices.Channel",
        "AudienceEnum": "coalition.knowledge.choices.Audience",
        "ExploitationEnum": "coalition.sentences.choices.Exploitation",
        # Coordination: referrals have their own type, status and age groups.
        "ReferralKindEnum": "coalition.coordination.choices.ReferralKind",
        "ReferralStatusEnum": "coalition.coordination.choices.Status",
        "ReferralAgeGroupEnum": "coalition.coordination.choices.AgeGroup",
        "AgeGroupEnum": "coalition.sentences.choices.AgeGroup",
        "SpokenLanguageEnum": "coalition.core.choices.Language",
    },
}

# Content Security Policy: everything comes from this server, nothing inline.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
if MAP_TILES_URL:
    # The tile server's origin, and nothing else, may serve images ("{s}" subdomains: "*").
    _tiles = urlsplit(MAP_TILES_URL)
    if _tiles.scheme not in ("http", "https") or not _tiles.netloc:
        raise ImproperlyConfigured("MAP_TILES_URL must be an http(s) URL template.")
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(
        f"{_tiles.scheme}://{_tiles.netloc.replace('{s}', '*')}"
    )

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    if env_bool("TRUST_X_FORWARDED_PROTO", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {
        "handlers": ["console"],
        "level": env_choice(
            "LOG_LEVEL", "WARNING", {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}
        ),
    },
    "loggers": {"axes": {"level": "ERROR"}},
}

# Where the shared reference data (seed plan, boundaries) sits for tests; optional.
COALITION_SHARED_DIR = Path(env_str("COALITION_SHARED_DIR", str(BASE_DIR.parent / "shared")))
