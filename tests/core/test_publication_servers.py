"""Two server processes (gunicorn, one worker each), each with its own local-memory cache, on the
test database: a report withdrawn through one of them leaves nothing behind in either one's
filter choices or home-page figures. Clearing one process's memory could not do that; only the
publication version in the database can."""

import os
import secrets
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import translation

from tests import factories as f
from tests.core.test_publication_version import home_report_figure

# The servers read and write the rows this test commits.
pytestmark = pytest.mark.django_db(transaction=True)

SERVER_START_SECONDS = 120


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_for_servers(folder):
    """The DATABASE_URL of the test database as it stands, for other processes. PostgreSQL's is
    the test database itself. SQLite's lives in this process's memory: the servers get a file
    copy of it, so from then on every write must go through them."""
    database = connection.settings_dict
    if connection.vendor == "sqlite":
        path = folder / "servers.sqlite3"
        connection.ensure_connection()
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
        return f"sqlite:///{path}"
    user = urllib.parse.quote(database["USER"] or "")
    if database["PASSWORD"]:
        user += ":" + urllib.parse.quote(database["PASSWORD"])
    host = f"{database['HOST'] or 'localhost'}:{database['PORT'] or 5432}"
    return f"postgres://{user}@{host}/{database['NAME']}"


def stop(process):
    """Stop the server's whole process group (gunicorn's master and worker)."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
    except ProcessLookupError:
        pass
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


# Straight to the local servers: no proxy from the environment, no redirect followed.
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), NoRedirect)


def fetch(url, cookie="", form=None):
    """(status, text) of a GET, or of a POST of `form`."""
    data = urllib.parse.urlencode(form).encode() if form is not None else None
    request = urllib.request.Request(url, data=data, headers={"Cookie": cookie} if cookie else {})
    try:
        with opener.open(request, timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.fixture
def start_servers(tmp_path, request):
    """Starts gunicorn servers on free local ports against `database_url`; returns their base
    URLs once each answers. They are stopped after the test, whatever happens."""

    def start(database_url, count):
        servers = []
        for number in range(count):
            port = free_port()
            env = {
                **os.environ,
                "DATABASE_URL": database_url,
                "DEBUG": "1",
                "SECRET_KEY": settings.SECRET_KEY,  # the test's session cookie is signed with it
                "OGPARCHIVE_VAR_DIR": str(tmp_path / f"var-{number}"),
                "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            }
            log = tmp_path / f"server-{number}.log"
            command = [sys.executable, "-m", "gunicorn", "--workers", "1", "--bind", f"127.0.0.1:{port}"]
            with log.open("wb") as output:
                process = subprocess.Popen(
                    [*command, "ogparchive.wsgi"],
                    cwd=settings.BASE_DIR,
                    env=env,
                    stdout=output,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,  # its own process group, stopped as one
                )
            request.addfinalizer(lambda process=process: stop(process))
            servers.append((f"http://127.0.0.1:{port}", process, log))
        deadline = time.monotonic() + SERVER_START_SECONDS
        for base, process, log in servers:
            while True:
                try:
                    if fetch(f"{base}/healthz/")[0] == 200:
                        break
                except OSError:
                    pass
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"The server at {base} did not start:\n{log.read_text()}")
                time.sleep(0.2)
        return [base for base, _process, _log in servers]

    return start


def english_path(name):
    with translation.override("en"):
        return reverse(name)


def what_a_visitor_sees(base):
    """Whether the reports list's filters offer the withdrawn report's agency, summit and
    country, and the home page's count of reports."""
    status, listing = fetch(base + english_path("reports:report-list"))
    assert status == 200
    status, home = fetch(base + english_path("home"))
    assert status == 200
    figure = home_report_figure(home)
    return {
        "agency": "Withdrawn Agency" in listing,
        "summit": "Tallinn Test Summit" in listing,
        "country": "Estonia" in listing,
        "reports": figure,
    }


def test_withdrawal_through_one_server_leaves_nothing_cached_in_either(
    client, superuser, start_servers, tmp_path
):
    f.make_published_trip("Kept Agency", "Paris Test Summit", "FR")
    withdrawn = f.make_published_trip("Withdrawn Agency", "Tallinn Test Summit", "EE")
    # A staff session (in the database) and a CSRF secret of our own, as a browser would hold.
    client.force_login(superuser)
    csrf = secrets.token_hex(16)
    cookie = f"sessionid={client.cookies['sessionid'].value}; csrftoken={csrf}"
    first, second = start_servers(database_for_servers(tmp_path), count=2)

    published = {"agency": True, "summit": True, "country": True, "reports": 2}
    # Each server computes and caches the choices and figures.
    assert (what_a_visitor_sees(first), what_a_visitor_sees(second)) == (published, published)

    transition = reverse("admin:reports_report_transition", args=[withdrawn.pk])
    status, _page = fetch(first + transition, cookie, {"transition": "withdraw", "csrfmiddlewaretoken": csrf})
    assert status == 302

    gone = {"agency": False, "summit": False, "country": False, "reports": 1}
    assert (what_a_visitor_sees(first), what_a_visitor_sees(second)) == (gone, gone)
