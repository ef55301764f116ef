import pytest
from django.core.cache import cache
from django.db import transaction
from django.utils import translation

from archive.demo_data import load_demo_data


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


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """After pytest-django's order (plain database tests, then transactional ones): the
    transactional tests without serialized rollback go last. A serialized-rollback test puts
    back the rows migrate made with their original ids, and fails on the unique content types
    if such a test ran before it and post_migrate made them again with new ids."""
    items.sort(key=_leaves_migrate_rows_behind)


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with nothing cached (the home page caches its figures)."""
    cache.clear()


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


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo data, loaded once per test module inside a transaction rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        stats = load_demo_data()
        yield stats
        transaction.set_rollback(True)
