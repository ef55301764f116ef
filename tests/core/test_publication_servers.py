"""Two server processes (gunicorn, one worker each), each with its own local-memory cache, on the
test database: a report withdrawn through one of them leaves nothing behind in either one's
filter choices or home-page figures. Clearing one process's memory could not do that; only the
publication version in the database can."""

import os
import re
import secrets
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
import requests
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import translation

from reports.models import PublicationStatus
from tests import factories as f
from tests.core.test_publication_version import home_report_figure
from tests.s3 import free_port

# The servers read and write the rows this test commits.
pytestmark = pytest.mark.django_db(transaction=True)

SERVER_START_SECONDS = 120


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


def fetch(url, cookie="", form=None, headers=None):
    """(status, text) of a GET, or of a POST of `form`."""
    return fetch_response(url, cookie, form, headers)[:2]


def fetch_response(url, cookie="", form=None, headers=None):
    """(status, text, headers) of a GET, or of a POST of `form`."""
    data = urllib.parse.urlencode(form).encode() if form is not None else None
    headers = {**(headers or {}), **({"Cookie": cookie} if cookie else {})}
    request = urllib.request.Request(url, data=data, headers=headers)
    try:
        with opener.open(request, timeout=60) as response:
            return response.status, response.read().decode(errors="replace"), response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace"), error.headers


@pytest.fixture
def start_servers(tmp_path, request):
    """Starts gunicorn servers on free local ports against `database_url`; returns their base
    URLs once each answers. They are stopped after the test, whatever happens."""

    def start(database_url, count, environment=None):
        servers = []
        for number in range(count):
            port = free_port()
            env = {
                **os.environ,
                **(environment or {}),
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
    status, _page = fetch(
        first + transition,
        cookie,
        {"transition": "withdraw", "note": "Errors in the roster.", "csrfmiddlewaretoken": csrf},
    )
    assert status == 302

    gone = {"agency": False, "summit": False, "country": False, "reports": 1}
    assert (what_a_visitor_sees(first), what_a_visitor_sees(second)) == (gone, gone)


# Two servers of one archive, as behind a proxy: one public host name, one database, one cache
# (Redis when CACHE_URL names one, as `.ci/run`'s second pass does; else each server's memory,
# which the publication version keeps honest all the same) and one bucket of files.
HOST = "archive.test"
FAILURE_LIMIT = 3


def on(base, path, cookie="", form=None):
    """(status, text with the server's own address taken out, headers) from `base`, asked for
    by the archive's public host name."""
    status, text, headers = fetch_response(base + path, cookie, form, headers={"Host": HOST})
    return status, text.replace(base, "").replace(f"http://{HOST}", ""), headers


def upload_report_file(base, cookie, csrf, report, content):
    """A staff member's upload of a PDF through the admin's add form of report files."""
    with requests.Session() as browser:
        browser.trust_env = False  # straight to the local server, no proxy from the environment
        response = browser.post(
            base + reverse("admin:reports_reportfile_add"),
            data={"report": report.pk, "kind": "report", "csrfmiddlewaretoken": csrf, "_save": "Save"},
            files={"file": ("報告.pdf", content, "application/pdf")},
            headers={"Host": HOST, "Cookie": cookie},
            allow_redirects=False,
            timeout=60,
        )
    return response.status_code


def file_link(page):
    """The first report file link on a report page."""
    return re.search(r'href="(/[^"]+/files/\d+/)"', page)[1]


@pytest.mark.cache
def test_two_servers_one_archive(client, superuser, start_servers, tmp_path, s3_bucket):
    kept = f.make_published_trip("Kept Agency", "Paris Test Summit", "FR")
    coming = f.make_report(
        slug="coming-report",
        title="即將公開的報告",
        delegation=kept.delegation,
        agency=kept.agency,
        status=PublicationStatus.IN_REVIEW,
    )
    client.force_login(superuser)
    csrf = secrets.token_hex(16)
    cookie = f"sessionid={client.cookies['sessionid'].value}; csrftoken={csrf}"
    shared_cache = bool(os.environ.get("CACHE_URL"))
    first, second = start_servers(
        database_for_servers(tmp_path),
        count=2,
        environment={
            **s3_bucket.environment(),
            "ALLOWED_HOSTS": f"{HOST},127.0.0.1",
            "LOGIN_FAILURE_LIMIT": str(FAILURE_LIMIT),
        },
    )
    listing = english_path("reports:report-list")
    with translation.override("en"):
        report_page = reverse("reports:report-detail", args=[coming.slug])

    # Visitors of both servers read the list; each answer is kept (in Redis, once for both).
    assert on(first, listing)[2]["X-Page-Cache"] == "miss"
    assert on(second, listing)[2]["X-Page-Cache"] == ("hit" if shared_cache else "miss")
    assert on(first, report_page)[0] == on(second, report_page)[0] == 404

    # Published through the first server: the second shows it at once.
    transition = reverse("admin:reports_report_transition", args=[coming.pk])
    assert on(first, transition, cookie, {"transition": "publish", "csrfmiddlewaretoken": csrf})[0] == 302
    status, page, _headers = on(second, report_page)
    assert (status, "即將公開的報告" in page) == (200, True)
    assert "即將公開的報告" in on(second, listing)[1]

    # A file uploaded through the first server downloads from the second, byte for byte.
    content = f.pdf_bytes("Uploaded through the first server")
    assert upload_report_file(first, cookie, csrf, coming, content) == 302
    link = file_link(on(second, report_page)[1])
    request = urllib.request.Request(second + link, headers={"Host": HOST})
    with opener.open(request, timeout=60) as response:
        assert response.read() == content
    assert any(key.endswith(".pdf") for key in s3_bucket.object_keys())

    # Both servers have kept the published pages; withdrawn through the second server, the
    # first server's visitors get exactly what the second's get, at once.
    for base in (first, second):
        on(base, listing), on(base, report_page)
    assert (
        on(
            second,
            transition,
            cookie,
            {"transition": "withdraw", "note": "Errors in the roster.", "csrfmiddlewaretoken": csrf},
        )[0]
        == 302
    )
    for path in (listing, report_page, link, english_path("home")):
        from_first, from_second = on(first, path), on(second, path)
        assert from_first[:2] == from_second[:2], path
    # Withdrawn: its page and its file are gone (410), saying when and why, from either server.
    assert on(first, report_page)[0] == on(first, link)[0] == 410
    assert "Errors in the roster." in on(second, report_page)[1]
    assert "即將公開的報告" not in on(first, listing)[1]

    # Login throttling counts the failures made through either server.
    login = reverse("admin:login")
    form = {"username": "admin", "password": "wrong", "csrfmiddlewaretoken": csrf}
    statuses = [on((first, second)[attempt % 2], login, f"csrftoken={csrf}", form)[0] for attempt in range(3)]
    assert statuses == [200, 200, 429]  # the third failure, through either server, locks
    assert on(first, login, f"csrftoken={csrf}", form)[0] == 429
    assert on(second, login, f"csrftoken={csrf}", form)[0] == 429
