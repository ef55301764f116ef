"""The publication version: one number, kept in the database where every process reads it, that
grows after every committed write that can change what the public sees. Whatever is cached from
public data is cached under it (Django's cache `version`), so a publish, a withdrawal or an edit
made in any process makes every process's cached answers unreachable at once; clearing one
process's memory would not do, since each gunicorn worker has its own.

Writers call `publication_changed()`. The receivers in reports.receivers do on every save and
delete of the archive's records (and many-to-many change), and reports.publication's flag
refresh does, which every writer that skips save() (bulk_create, COPY, QuerySet.update())
already calls; the search index rebuild does when it changes a document.

When the number grows, and why then:
- Never before the write is visible (a bump on another connection, or in the cache): another
  process would cache the old answers under the new number, and no one would bump it again.
- Not inside the writing transaction either, although the bump would then show and roll back
  with the write: the one row would stay locked until commit, so every writer (an editor's save)
  would wait behind the longest one (an import, a restore), and two could deadlock.
- After the commit (transaction.on_commit), which is what it does. Answers cached between the
  commit and the bump are the new ones under the old number, which nobody reads afterwards. A
  rolled-back write (or savepoint) runs no bump, and changed nothing anyone else saw. One bump
  serves a whole transaction, however many rows it writes.
- The one reader that could still go wrong is the writing transaction itself: it sees its own
  uncommitted rows, and if it cached them under the current number and then rolled back, they
  would stay valid. So nothing is cached while this connection has a bump waiting.
A bump lost to a crash between commit and bump leaves answers stale until their time limit.
"""

import contextvars
import datetime
from typing import NamedTuple

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Case, DateTimeField, F, Value, When
from django.utils import timezone

from .models import PublicationVersion

# The version read for the current request (set up by PublicationVersionMiddleware): a page that
# asks for several cached answers reads it once.
_read_in_request = contextvars.ContextVar("publication_version", default=None)


def current_version():
    """The publication version now (0 before the first write ever counted)."""
    return current_change().number


class Change(NamedTuple):
    number: int
    # None before the first write ever counted.
    at: datetime.datetime | None


READ_CHANGE = f"SELECT number, changed_at FROM {PublicationVersion._meta.db_table} WHERE id = %s"


def _aware(moment):
    # SQLite gives the stored UTC time without its zone.
    return moment if moment is None or timezone.is_aware(moment) else moment.replace(tzinfo=datetime.UTC)


def current_change():
    """The publication version now and when it last grew, read at most once per request."""
    memo = _read_in_request.get()
    if memo is not None and "change" in memo:
        return memo["change"]
    # Every cached page reads this: one plain query, without the ORM's per-query work (a third
    # of the time a page from the cache takes).
    with connection.cursor() as cursor:
        cursor.execute(READ_CHANGE, [PublicationVersion.ROW])
        row = cursor.fetchone()
    change = Change(row[0], _aware(row[1])) if row else Change(0, None)
    if memo is not None:
        memo["change"] = change
    return change


def _bump():
    # changed_at moves to now in whole seconds, or one second past its last value when that is
    # not earlier: each number has its own second (see PublicationVersion.changed_at).
    now = timezone.now().replace(microsecond=0)
    grown = {
        "number": F("number") + 1,
        "changed_at": Case(
            When(changed_at__gte=now, then=F("changed_at") + datetime.timedelta(seconds=1)),
            default=Value(now),
            output_field=DateTimeField(),
        ),
    }
    if not PublicationVersion.objects.filter(pk=PublicationVersion.ROW).update(**grown):
        # The first write ever, or a flushed table; get_or_create copes with a racing process.
        first = {"changed_at": now - datetime.timedelta(seconds=1)}
        PublicationVersion.objects.get_or_create(pk=PublicationVersion.ROW, defaults=first)
        PublicationVersion.objects.filter(pk=PublicationVersion.ROW).update(**grown)
    memo = _read_in_request.get()
    if memo is not None:  # this request's later answers go under the new number
        memo.clear()


def changes_waiting():
    """Whether this connection's transaction has written public data and not yet committed."""
    # Django keeps what waits for the commit in run_on_commit, and drops from it what a
    # rolled-back savepoint registered.
    return any(func is _bump for _savepoints, func, _robust in connection.run_on_commit)


def publication_changed():
    """Bump the publication version once the current transaction commits (at once outside one).
    Cheap to call on every row: a transaction registers one bump. A waiting bump registered in
    an enclosing savepoint, or in a released one, is only dropped by a rollback that undoes
    this write too."""
    if changes_waiting():
        return
    # robust: the write is committed; a failing bump is logged, not shown as an error page.
    transaction.on_commit(_bump, robust=True)


def cached(key, compute, seconds):
    """`compute()`'s answer, cached under `key` for the current publication version."""
    if changes_waiting():  # this transaction's own rows may yet be rolled back: share nothing
        return compute()
    return cache.get_or_set(key, compute, seconds, version=current_version())


class PublicationVersionMiddleware:
    """Lets a request read the publication version at most once, and only if it caches."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _read_in_request.set({})
        try:
            return self.get_response(request)
        finally:
            _read_in_request.reset(token)
