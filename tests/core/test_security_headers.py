"""What a browser is told about every page: the Content Security Policy, framing, referrers, and
in production HTTPS only (HSTS, secure cookies, a redirect from http)."""

import json
import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def policy(response):
    """The enforced Content Security Policy as {directive: [sources]}."""
    return parse_policy(response["Content-Security-Policy"])


def parse_policy(header):
    directives = (part.split() for part in header.split(";") if part.strip())
    return {name: sources for name, *sources in directives}


STRICT_POLICY = {
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
}


@pytest.mark.parametrize("url", ["/zh-hant/", "/en/reports/", "/zh-hant/search/?q=國會"])
def test_public_pages_enforce_a_policy_without_inline_script(client, url):
    response = client.get(url)

    assert response.status_code == 200
    assert policy(response) == STRICT_POLICY
    assert "Content-Security-Policy-Report-Only" not in response
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.parametrize(
    "name", ["admin:index", "admin:reports_report_add", "admin:reports_report_changelist"]
)
def test_admin_pages_enforce_the_same_policy(admin_client, name):
    response = admin_client.get(reverse(name))

    assert response.status_code == 200
    assert policy(response) == STRICT_POLICY
    assert response["X-Frame-Options"] == "DENY"


def test_the_admin_login_enforces_the_same_policy(client):
    response = client.get(reverse("admin:login"))

    assert response.status_code == 200
    assert policy(response) == STRICT_POLICY
    assert response["X-Frame-Options"] == "DENY"


# Run in a fresh interpreter with the environment a production server has, so that what is
# checked is what settings.py makes of it. Nothing here opens the database (the URL points
# nowhere) or renders a template (production static files are collected at deployment).
PRODUCTION_PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client
health = Client(HTTP_HOST="archive.example.tw").get("/healthz/", secure=True)
plain = Client(HTTP_HOST="archive.example.tw").get("/zh-hant/reports/?year=2017")
proxied = Client(HTTP_HOST="archive.example.tw", HTTP_X_FORWARDED_PROTO="https").get("/healthz/")
print(json.dumps({
    "hsts": health.get("Strict-Transport-Security"),
    "csp": health.get("Content-Security-Policy"),
    "session_cookie_secure": settings.SESSION_COOKIE_SECURE,
    "csrf_cookie_secure": settings.CSRF_COOKIE_SECURE,
    "plain_status": plain.status_code,
    "plain_location": plain.get("Location"),
    "proxied_status": proxied.status_code,
    "proxied_hsts": proxied.get("Strict-Transport-Security"),
}))
"""


def production(**environment):
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "archive.example.tw",
        "DATABASE_URL": "postgres://nobody@127.0.0.1:1/unused",
        "DJANGO_SETTINGS_MODULE": "ogparchive.settings",
        **environment,
    }
    result = subprocess.run(
        [sys.executable, "-c", PRODUCTION_PROBE],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_settings_send_https_only_headers_and_secure_cookies():
    seen = production()

    assert seen["hsts"] == "max-age=31536000; includeSubDomains; preload"
    assert parse_policy(seen["csp"]) == STRICT_POLICY
    assert seen["session_cookie_secure"] is True
    assert seen["csrf_cookie_secure"] is True
    assert (seen["plain_status"], seen["plain_location"]) == (
        301,
        "https://archive.example.tw/zh-hant/reports/?year=2017",
    )
    # Without PROXY_COUNT a forwarded scheme is not believed: the request stays plain http.
    assert (seen["proxied_status"], seen["proxied_hsts"]) == (200, None)


def test_behind_a_tls_proxy_the_forwarded_scheme_counts():
    seen = production(PROXY_COUNT="1")

    assert seen["proxied_status"] == 200
    assert seen["proxied_hsts"] == "max-age=31536000; includeSubDomains; preload"


def test_the_health_check_answers_without_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz/")

    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Content-Type"] == "text/plain"
    assert "Set-Cookie" not in response
    assert "no-cache" in response["Cache-Control"]
