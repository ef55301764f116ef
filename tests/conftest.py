import itertools

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import transaction
from django.utils import translation

from archive.demo_data import load_demo_data

from .row_copy import RowCopy
from .s3 import object_storage, s3_bucket, s3_server  # noqa: F401  (fixtures, see tests/s3.py)


def _transactional(item):
    """Whether pytest-django runs the test as a TransactionTestCase (committing, tables emptied
    at its end)."""
    marker = item.get_closest_marker("django_db")
    fixtures = item.fixturenames
    return (
        bool(marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")))
        or "transactional_db" in fixtures
        or "live_server" in fixtures
    )


def _leaves_migrate_rows_behind(item):
    """A transactional test without serialized rollback: flushed at its end, the database gets
    new content types and permissions from post_migrate, with new ids."""
    marker = item.get_closest_marker("django_db")
    fixtures = item.fixturenames
    transactional = bool(marker and marker.kwargs.get("transaction")) or "transactional_db" in fixtures
    serialized = bool(marker and marker.kwargs.get("serialized_rollback")) or (
        "django_db_serialized_rollback" in fixtures
    )
    return transactional and not serialized


def _uses_demo(item):
    return "demo" in item.fixturenames


def pytest_configure(config):
    """With pytest-xdist, only `--dist load` (what `-n` picks) keeps the order below on every
    worker: it hands each worker tests in the order collected. The modes that hand out whole
    files or steal tests run a file's transactional tests before other files' plain ones (which
    then find the tables emptied), or put tests back out of order."""
    dist = getattr(config.option, "dist", "no")
    if dist not in ("no", "load"):
        raise pytest.UsageError(f"--dist {dist}: this suite runs in order, use --dist load (the default)")


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """After pytest-django's order (plain database tests, then transactional ones): the
    transactional tests without serialized rollback go last. A serialized-rollback test puts
    back the rows migrate made with their original ids, and fails on the unique content types
    if such a test ran before it and post_migrate made them again with new ids.

    Then, within each run of one module's tests of one kind, the tests that use the demo data
    go last: its transaction stays open from the first of them to the module's end, and is
    rolled back (and copied in again) whenever a test without it comes (pytest_runtest_setup)."""
    items.sort(key=_leaves_migrate_rows_behind)
    runs = itertools.groupby(
        items, key=lambda item: (item.path, _transactional(item), _leaves_migrate_rows_behind(item))
    )
    items[:] = [item for _key, run in runs for item in sorted(run, key=_uses_demo)]


class DemoTransaction:
    """The demo data copied in, inside a transaction held open over the tests that use it: opened
    by the module's `demo` fixture, rolled back at the module's end and before any test that does
    not use it (which must see an empty archive), opened again for the next test that does."""

    def __init__(self):
        self.copy = self.blocker = self.module = self.atomic = self.stats = None

    def open(self):
        if self.atomic is None:
            with self.blocker.unblock():
                self.atomic = transaction.atomic()
                self.atomic.__enter__()
                self.stats = self.copy.restore()
        return self.stats

    def close(self):
        if self.atomic is not None:
            atomic, self.atomic = self.atomic, None
            with self.blocker.unblock():
                transaction.set_rollback(True)
                atomic.__exit__(None, None, None)


DEMO = DemoTransaction()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    """Before the test's fixtures: the demo data's transaction rolled back for a test that does
    not use it, opened again for one that does in a module whose `demo` fixture is set up."""
    if not _uses_demo(item):
        DEMO.close()
    elif DEMO.module == item.getparent(pytest.Module).nodeid:
        DEMO.open()
    return (yield)


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with nothing cached (the home page caches its figures)."""
    cache.clear()


@pytest.fixture(autouse=True)
def content_types_of_this_database(request):
    """A transactional test starts with Django's cache of content types empty: the test before it
    may have emptied the tables (a serialized rollback's flush makes no content type anew), and a
    cached id would name a row that is gone."""
    if _transactional(request.node):
        ContentType.objects.clear_cache()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path_factory):
    """Each test stores files in a folder of its own, removed by pytest."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the site's default language: a request to an /en/ page that ends in
    an error page leaves English active in the thread after it."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def no_terminal_locale(monkeypatch):
    """The import and export commands speak the terminal's locale: tests start without one, so
    a command speaks the language the test has active."""
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


@pytest.fixture
def import_folder(settings, tmp_path):
    """Files uploaded for an import wait in a folder of the test's own."""
    folder = tmp_path / "imports"
    settings.STORAGES = {
        **settings.STORAGES,
        "import_export": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": folder},
        },
    }
    return folder


@pytest.fixture
def english():
    """Messages in English, for modules that assert them word for word
    (pytestmark = pytest.mark.usefixtures("english"))."""
    with translation.override("en"):
        yield


@pytest.fixture
def superuser(django_user_model):
    # No password at all (unusable): tests log in with force_login, nothing secret is committed.
    return django_user_model.objects.create_superuser(
        username="admin", email="admin@example.org", password=None
    )


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture(scope="session")
def demo_copy(django_db_setup, django_db_blocker):
    """The demo data, loaded once per test session (per xdist worker), kept to be copied in
    (`demo_copy.restore()`, which returns the loader's counts)."""
    with django_db_blocker.unblock():
        [copy] = RowCopy.record(load_demo_data)
        return copy


@pytest.fixture(scope="module")
def demo(request, demo_copy, django_db_blocker):
    """The demo data (loaded once per session, copied in here) in a transaction rolled back after
    the module, or before a test of it that does not use it (DemoTransaction); the loader's counts."""
    DEMO.copy, DEMO.blocker, DEMO.module = demo_copy, django_db_blocker, request.node.nodeid
    yield DEMO.open()
    DEMO.close()
    DEMO.module = None
