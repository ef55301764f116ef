"""Settings for ogparchive, read from the environment.

Local development needs nothing set: DEBUG defaults to on and the database to an SQLite file
in var/ (git-ignored). Production sets DEBUG=0, SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("OGPARCHIVE_VAR_DIR", BASE_DIR / "var"))


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    value = os.environ.get(name, "")
    return [item.strip() for item in value.split(",") if item.strip()] or default


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    # Only ever used with DEBUG on, on a developer's machine; says so in its value.
    SECRET_KEY = "insecure-local-development-key-do-not-deploy"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "core.apps.ArchiveAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # The sitemap's templates (archive.sitemaps); the feeds need no app (archive.feeds).
    "django.contrib.sitemaps",
    "django_filters",
    # Country names in both languages for the ISO codes the archive stores (display only).
    "django_countries",
    "import_export",
    "axes",
    "csp",
    "simple_history",
    # The layers, bottom to top; each imports only from those listed before it
    # (the contract is in .importlinter, checked by `make lint`).
    "core",
    "people",
    "events",
    "reports",
    "archive",
    # Development tools, not the product: the synthetic archive generator, benchmarks, load test.
    "devtools",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The change history (core.history) names the logged-in user.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # What a page caches is keyed by the publication version, read at most once per request.
    "core.publication_version.PublicationVersionMiddleware",
    # Public pages from the shared cache, and their HTTP caching headers; after the session,
    # authentication and messages, which it reads to leave each visitor's own pages alone.
    "core.page_cache.PublicPageCacheMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ogparchive.urls"

# Error pages: Django's own error views render templates/400.html, 403.html, 403_csrf.html,
# 404.html and 500.html; the 500 page is plain HTML with no template tags, so it renders even when
# the database or the translations are what failed.

# Where the staff admin lives; a deployment may move it off the well-known path.
ADMIN_PATH = os.environ.get("ADMIN_PATH", "admin/").strip("/") + "/"

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

WSGI_APPLICATION = "ogparchive.wsgi.application"

DATABASE_URL = os.environ.get("DATABASE_URL", "")
if not DATABASE_URL:
    # The embedded default: an SQLite file in the git-ignored var/ folder, made on first use.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASE_URL = f"sqlite:///{VAR_DIR / 'db.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(DATABASE_URL, conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")))
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite waits for a write lock instead of failing at once under a second writer. A
    # transaction takes the write lock when it begins (IMMEDIATE): one that began by reading
    # and then wanted to write while another held the lock failed at once ("database is
    # locked") whatever the timeout, as two of three simultaneous import confirmations did.
    DATABASES["default"].setdefault("OPTIONS", {}).update(timeout=20, transaction_mode="IMMEDIATE")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Only answers derived from public data are cached (filter choices, the home page's figures),
# each under the publication version, which lives in the database: a publish, withdrawal or edit
# in any process makes every process's cached answers unreachable at once. So a per-process
# cache is enough; several servers may share one (Redis) to compute each answer once. What
# one process writes for another to read (the progress of a report being read, which the upload
# page asks for) needs the shared one when there are several processes.
# CACHE_URL: unset for the embedded default (this process's memory), or redis://host:port/db
# (rediss:// with TLS, unix:///path.sock) for Django's own Redis backend.
CACHE_URL = os.environ.get("CACHE_URL", "")
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "ogparchive",
        }
    }
elif CACHE_URL:
    raise ImproperlyConfigured("CACHE_URL must be a redis://, rediss:// or unix:// address, or unset.")
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "ogparchive",
            # Room for the pages of a small archive (one copy in each process).
            "OPTIONS": {"MAX_ENTRIES": 1000},
        }
    }

# The public page cache (core.page_cache): PAGE_CACHE=0 renders every page afresh (the HTTP
# caching headers stay). A kept page is dropped at once when public data changes (by the
# publication version), and its memory freed after PAGE_CACHE_SECONDS in any case.
PAGE_CACHE = env_bool("PAGE_CACHE", True)
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", 60 * 60))
# A larger answer (a big archive's Popolo file) is made afresh each time rather than held.
PAGE_CACHE_MAX_BYTES = int(os.environ.get("PAGE_CACHE_MAX_BYTES", 2 * 1024 * 1024))
# How long a browser, proxy or CDN may keep a public page without asking again, and serve it
# stale while it asks: short, since a withdrawn report must leave soon (see the README).
HTTP_CACHE_MAX_AGE = int(os.environ.get("HTTP_CACHE_MAX_AGE", 60))
HTTP_CACHE_STALE_WHILE_REVALIDATE = int(os.environ.get("HTTP_CACHE_STALE_WHILE_REVALIDATE", 60))
# URLs in one sitemap file (archive.sitemaps); the sitemap protocol allows 50,000. A URL with its
# language alternates is some 400-450 bytes, so a file of 4,000 stays under PAGE_CACHE_MAX_BYTES
# and is kept; one of 50,000 (some 20 MB) took 5-7 s to make at each request on a 100,000-report
# archive. Raise both together.
SITEMAP_URLS_PER_FILE = int(os.environ.get("SITEMAP_URLS_PER_FILE", 4_000))
# The build being served (core.release); unset, a digest of the code names it.
RELEASE = os.environ.get("RELEASE", "")

# Staff accounts ---------------------------------------------------------------------------------
# django-axes counts failed logins per (user name, client address) pair: a guessed password
# locks that user out from that address only, so colleagues behind a shared office address keep
# logging in, and the same user can still log in from elsewhere. Staff unlock someone early by
# deleting the "access attempts" in the admin, or with `manage.py axes_reset_username NAME`.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", 15)))
AXES_RESET_ON_SUCCESS = True
# The lockout page, in the admin's look and the reader's language (core.security).
AXES_LOCKOUT_CALLABLE = "core.security.lockout_response"
# The client address: the connection's own, or behind PROXY_COUNT reverse proxies the address the
# outermost proxy saw (core.security.client_address).
AXES_CLIENT_IP_CALLABLE = "core.security.client_address"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hant"
LANGUAGES = [
    ("zh-hant", "繁體中文"),
    ("en", "English"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Taipei"
USE_I18N = True
USE_TZ = True


def file_storages(environ):
    """STORAGES["default"] (report files) and STORAGES["import_export"] (files waiting for an
    import's confirmation) from the environment: folders on this machine's disk, or, when
    S3_BUCKET is set, one bucket of an S3-compatible object store, which every app server reads.

      S3_BUCKET              the bucket, made beforehand and private (no public policy or ACL)
      S3_ENDPOINT_URL        the store's address when it is not AWS: MinIO, Ceph, a test's moto
      S3_REGION              the bucket's region (AWS; most other stores take any)
      S3_ACCESS_KEY_ID       the credentials, both or neither; with neither, boto3 finds its own
      S3_SECRET_ACCESS_KEY   (an instance's role, AWS_* variables, ~/.aws)

    Why names of our own, and not django-storages' (AWS_STORAGE_BUCKET_NAME, AWS_S3_ENDPOINT_URL…):
    those are Django settings, not variables, and AWS_* variables are read by boto3 and by every
    other AWS tool on the machine as well. The five S3_* names are read here only, passed to the
    two storages as options, and say all of the archive's object storage in one place."""
    bucket = environ.get("S3_BUCKET", "").strip()
    endpoint = environ.get("S3_ENDPOINT_URL", "").strip()
    region = environ.get("S3_REGION", "").strip()
    access_key = environ.get("S3_ACCESS_KEY_ID", "").strip()
    secret_key = environ.get("S3_SECRET_ACCESS_KEY", "").strip()
    if not bucket:
        given = [
            name
            for name in ("S3_ENDPOINT_URL", "S3_REGION", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY")
            if environ.get(name, "").strip()
        ]
        if given:
            raise ImproperlyConfigured(
                f"{', '.join(given)} set without S3_BUCKET: set S3_BUCKET to keep uploaded files in "
                "object storage, or unset them to keep them on this machine's disk."
            )
        return {
            # MEDIA_ROOT, read when the storage is first used.
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "import_export": {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": Path(environ.get("IMPORT_FILES_ROOT", VAR_DIR / "imports"))},
            },
        }
    if bool(access_key) != bool(secret_key):
        raise ImproperlyConfigured(
            "S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together: set both or neither."
        )
    if endpoint and not endpoint.startswith(("https://", "http://")):
        raise ImproperlyConfigured("S3_ENDPOINT_URL must be an http:// or https:// address.")
    options = {
        "bucket_name": bucket,
        "endpoint_url": endpoint or None,
        "region_name": region or None,
        "access_key": access_key or None,
        "secret_key": secret_key or None,
        # The stores other than AWS answer at one address for every bucket (path style); AWS
        # wants the bucket in the host name, which boto3 picks by itself.
        "addressing_style": "path" if endpoint else None,
        # No ACL is sent: each object is as private as the bucket, whose owner alone reads it.
        "default_acl": None,
        # Were an address ever made for a file, it would be signed and expire (core.object_storage
        # makes none: files are served through the archive).
        "querystring_auth": True,
        # A name is never reused for other content: a backup's restore checks the file it finds.
        "file_overwrite": False,
    }
    return {
        # The two storages apart in the bucket, as var/media and var/imports are on disk.
        "default": {
            "BACKEND": "core.object_storage.PrivateS3Storage",
            "OPTIONS": {**options, "location": "media"},
        },
        "import_export": {
            "BACKEND": "core.object_storage.PrivateS3Storage",
            "OPTIONS": {**options, "location": "imports"},
        },
    }


STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded report files live in the default storage (a folder here, or object storage: see
# file_storages). They are never served from MEDIA_URL or from the bucket: the public reads a
# file through reports:report-file, and only while its report is published. No URL pattern
# serves MEDIA_URL, in development either.
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    **file_storages(os.environ),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# The largest report file (PDF) staff may upload, in bytes.
REPORT_FILE_MAX_SIZE = int(os.environ.get("REPORT_FILE_MAX_SIZE", 50 * 1024 * 1024))
# Reading a report from its PDF (archive.report_reading): what a file may hold before it is
# refused as a "PDF bomb", and how long reading it may take. A long 出國報告 has 200 pages; a
# 100-page report reads in about 2 s here.
REPORT_READING_MAX_PAGES = int(os.environ.get("REPORT_READING_MAX_PAGES", 500))
REPORT_READING_MAX_OBJECTS = int(os.environ.get("REPORT_READING_MAX_OBJECTS", 200_000))
REPORT_READING_MAX_CONTENT = int(os.environ.get("REPORT_READING_MAX_CONTENT", 100 * 1024 * 1024))
REPORT_READING_MAX_CHARACTERS = int(os.environ.get("REPORT_READING_MAX_CHARACTERS", 3_000_000))
REPORT_READING_SECONDS = int(os.environ.get("REPORT_READING_SECONDS", 60))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

ARCHIVE_NAME = _("OGP Trip Report Archive")
# The permission that lets a role change what published material shows (the workflow's
# reviewer permission, reports.services.PUBLISH_PERMISSION): the admin's base classes in core
# read it here, since the base layer imports no app above it.
ARCHIVE_REVIEWER_PERMISSION = "reports.publish_report"

# Taiwan's own usage (臺灣, and not django-countries' long English form).
COUNTRIES_OVERRIDE = {"TW": _("Taiwan")}

# The empty choice of every filter select reads as a word, not "---------".
FILTERS_EMPTY_CHOICE_LABEL = _("Any")

# Spreadsheet imports and exports (rosters and programmes; core.import_admin, core.export_admin).
# Any admin using django-import-export's ImportMixin needs an "import_<model>" permission (closed
# by default); the roster and programme imports check reports.import_roster / events.import_programme.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "import"
# Each import is recorded as an archive.ImportRecord rather than as a LogEntry per row.
IMPORT_EXPORT_SKIP_ADMIN_LOG = True
# Uploaded files wait for their confirmation in STORAGES["import_export"] (file_storages): a
# private folder or bucket prefix, never served, emptied as each import ends; previews abandoned
# for IMPORT_PREVIEW_MAX_AGE seconds go at the next upload.
IMPORT_EXPORT_TMP_STORAGE_CLASS = "core.import_admin.PreviewStorage"
IMPORT_MAX_UPLOAD_SIZE = int(os.environ.get("IMPORT_MAX_UPLOAD_SIZE", 5 * 1024 * 1024))
# The command line is for the big files a browser upload should not carry; what a file may
# unfold to is still bounded by the rows and cells a sheet may hold (core.spreadsheets.limits).
IMPORT_COMMAND_MAX_SIZE = int(os.environ.get("IMPORT_COMMAND_MAX_SIZE", 50 * 1024 * 1024))
IMPORT_PREVIEW_MAX_AGE = int(os.environ.get("IMPORT_PREVIEW_MAX_AGE", 3600))

# HTTPS, cookies and response headers ------------------------------------------------------------
# Every value is the production one when DEBUG is off; each can be changed from the environment.
# `manage.py check --deploy` passes with DEBUG=0, SECRET_KEY and ALLOWED_HOSTS set (.ci/check-deploy).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# A load balancer's health check may come over plain HTTP from inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# A year of HTTPS-only, subdomains included, and consent to the browsers' preload list.
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# No page is ever shown in a frame (also frame-ancestors 'none' below, for current browsers).
X_FRAME_OPTIONS = "DENY"
# Behind PROXY_COUNT reverse proxies (nginx, a load balancer) that terminate TLS, the request's
# scheme comes from X-Forwarded-Proto and the client address from X-Forwarded-For. Only set it
# when every request passes through those proxies: otherwise a client could forge both headers.
PROXY_COUNT = int(os.environ.get("PROXY_COUNT", 0))
if PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content Security Policy (django-csp) -----------------------------------------------------------
# Enforced on every page, the public site and the admin alike: scripts, styles, images and fonts
# from this site only, no inline script or style, no plugins, no framing. Checked against the
# templates we serve (Django 5.2's admin, django-import-export 4.4's import pages, django-axes'
# admin): none has inline script, and the admin's one inline <style> (change_list.html) appears
# only for a ModelAdmin with actions neither on top nor at the bottom, which none of ours is.
# django-import-export's own export page (export.html: an onchange="" handler, style="" attributes)
# would need 'unsafe-inline', but it is not mounted: our exports are SpreadsheetExportMixin's. An
# admin that adds ExportMixin must give that page a report-only policy first.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# The possible-duplicates list (archive.duplicates): a matching key held by more records than
# this (a common name) is reported as too common to list, so the work stays bounded.
POSSIBLE_DUPLICATES_MAX_BLOCK = int(os.environ.get("POSSIBLE_DUPLICATES_MAX_BLOCK", 50))
