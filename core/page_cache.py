"""The public page cache, and the HTTP caching headers of public pages and downloads.

A visitor's page is the same for every visitor until public data changes, so it is rendered
once and kept in the shared cache (Redis in production: every worker and server reads what
any one of them rendered), keyed by

- the build of the code (core.release), so a deploy never serves what the old code rendered;
- the canonical URL: scheme, host, path (which carries the language) and the query string's
  parameters sorted, empty ones dropped;
- and, as the cache's version, the publication version, which every committed write that can
  change public output bumps (core.publication_version). A publish or withdrawal through any
  server makes every server's kept pages unreachable at once; the time limit only frees them.

What is kept, and what is not:
- Only views that say they are public pages (PublicPage) and name the parameters their URL may
  carry. A URL with any other parameter, and an answer whose parameters the view could not use
  (`not_kept`, e.g. an unknown programme day), is rendered and not kept: a crafted URL cannot
  fill the cache with copies of one page.
- Only 200 answers to GET. Not a 4xx, not a redirect, not a streamed download, nor any answer
  over PAGE_CACHE_MAX_BYTES (a whole archive's Popolo file): too large to hold, they are made
  afresh, with the same headers below.
- Nothing for a visitor with a session (staff logged in, or anyone mid-login) or with messages
  waiting: they neither read nor fill the cache, and their pages are marked private.
- No answer that holds something of one visitor's: one that sets a cookie, holds a CSRF token,
  changed the session, added a message, or that the view marked private.
- Nothing while the current transaction has uncommitted writes (a test, a management command
  rendering pages): what it sees may yet roll back.

HTTP caching: every answer the cache could keep, and every streamed download of such a view,
carries an ETag and a Last-Modified made from the publication version (and the page's key),
so a conditional request is answered 304 before anything is rendered, and a Cache-Control
that lets a proxy or CDN keep it briefly. Pages with a session or a token are private.
"""

import hashlib
import logging

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.crypto import salted_hmac
from django.utils.http import http_date

from .publication_version import changes_waiting, current_change
from .release import release

logger = logging.getLogger(__name__)

HIT, MISS = "hit", "miss"
# What the middleware decided of a public page's request, besides a Page to keep: answered
# from the cache (or 304); one visitor's own; one the cache does not vouch for (unknown
# parameters, or the transaction has uncommitted writes).
SERVED, PERSONAL, UNVOUCHED = "served", "personal", "unvouched"


class PublicPage:
    """A view whose answers are the same for every visitor: the page cache may keep them.
    `page_parameters` names the query parameters its URL may carry."""

    page_parameters = frozenset()

    @classmethod
    def cached_parameters(cls):
        return cls.page_parameters


def not_kept(request):
    """The view was asked for something it could not use (and shows something else): this
    answer is served but not kept, so every such URL does not become a copy of a page."""
    request.page_cache_refused = True


def has_visitor_state(request):
    """Whether the request carries something of one visitor's: a session (staff logged in, a
    login under way) or messages waiting to be shown."""
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME in cookies or CookieStorage.cookie_name in cookies


def canonical_query(query):
    """The query parameters in one order (by name; a name's values in the order given), empty
    values dropped: every way of writing the same page has one key."""
    return sorted(
        ((name, value) for name, values in query.lists() for value in values if value), key=_by_name
    )


def _by_name(item):
    return item[0]


class Page:
    """What the cache knows of a request it may answer."""

    def __init__(self, request, change):
        self.change = change
        url = f"{request.scheme}://{request.get_host()}{request.path}?{canonical_query(request.GET)}"
        self.key = "page:" + hashlib.sha256(f"{release()}|{url}".encode()).hexdigest()
        # Keyed with the secret key: an ETag nobody can make up for a page they were not given.
        signature = salted_hmac("page-cache-etag", f"{self.key}|{change.number}").hexdigest()[:32]
        self.etag = f'"{signature}"'
        self.last_modified = int(change.at.timestamp()) if change.at else None

    def add_headers(self, response):
        response["ETag"] = self.etag
        if self.last_modified is not None:
            response["Last-Modified"] = http_date(self.last_modified)
        patch_cache_control(
            response,
            public=True,
            max_age=settings.HTTP_CACHE_MAX_AGE,
            stale_while_revalidate=settings.HTTP_CACHE_STALE_WHILE_REVALIDATE,
        )
        return response


class PublicPageCacheMiddleware:
    """Serves and keeps public pages (see the module's text). Comes after the session,
    authentication, message and publication-version middleware, so it sees what they set."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        page = getattr(request, "public_page", None)
        if page is None or page is SERVED:
            return response
        if page is PERSONAL:
            patch_cache_control(response, private=True, no_cache=True)
            return response
        if page is UNVOUCHED or response.status_code != 200 or getattr(request, "page_cache_refused", False):
            # A shared cache asks again each time: the page may be gone by then.
            patch_cache_control(response, no_cache=True)
            return response
        if self.holds_visitor_state(request, response):
            patch_cache_control(response, private=True, no_cache=True)
            return response
        if self.may_keep(request, response):
            self.keep(page, response)
            response["X-Page-Cache"] = MISS
        return page.add_headers(response)

    def process_view(self, request, view_func, view_args, view_kwargs):
        parameters = getattr(getattr(view_func, "view_class", None), "cached_parameters", None)
        if parameters is None or request.method not in ("GET", "HEAD"):
            return None
        if has_visitor_state(request):
            request.public_page = PERSONAL
            return None
        if not set(request.GET).issubset(parameters()) or changes_waiting():
            request.public_page = UNVOUCHED
            return None
        page = Page(request, current_change())
        answered = get_conditional_response(request, etag=page.etag, last_modified=page.last_modified)
        if answered is not None:  # 304 Not Modified (or 412 to a failed If-Match)
            request.public_page = SERVED
            return page.add_headers(answered)
        if settings.PAGE_CACHE:
            kept = self.read(page)
            if kept is not None:
                content, headers = kept
                response = HttpResponse(content)
                for name, value in headers:
                    response[name] = value
                response["X-Page-Cache"] = HIT
                request.public_page = SERVED
                return page.add_headers(response)
        request.public_page = page
        return None

    def holds_visitor_state(self, request, response):
        session = getattr(request, "session", None)
        messages = getattr(request, "_messages", None)
        return bool(
            response.cookies
            or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            or (session is not None and session.modified)
            or (messages is not None and messages.added_new)
            or "private" in response.get("Cache-Control", "")
        )

    def may_keep(self, request, response):
        return (
            settings.PAGE_CACHE
            and request.method == "GET"
            and not response.streaming
            and len(response.content) <= settings.PAGE_CACHE_MAX_BYTES
            and "no-store" not in response.get("Cache-Control", "")
        )

    # The page cache only saves work: when the cache server fails, pages are rendered and
    # served as if nothing were kept, and the failure is logged.
    def read(self, page):
        try:
            return cache.get(page.key, version=page.change.number)
        except Exception:
            logger.exception("The page cache could not be read.")
            return None

    def keep(self, page, response):
        try:
            cache.set(
                page.key,
                (response.content, list(response.items())),
                settings.PAGE_CACHE_SECONDS,
                version=page.change.number,
            )
        except Exception:
            logger.exception("The page cache could not be written.")
