"""Error pages as a visitor sees them with DEBUG off: in the page's language, in the site's
look, and with nothing in them that the visitor may not see (no stack trace, no draft)."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from reports.models import PublicationStatus
from tests import factories as f
from tests.urls_failing import SECRET_IN_EXCEPTION

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def production_errors(settings):
    settings.DEBUG = False


def text(response):
    return response.content.decode()


@pytest.mark.parametrize(
    ("url", "heading", "home"),
    [
        ("/zh-hant/no-such-page/", "<h1>找不到頁面</h1>", '<a href="/zh-hant/">首頁</a>'),
        ("/en/no-such-page/", "<h1>Page not found</h1>", '<a href="/en/">Home</a>'),
    ],
)
def test_a_missing_page_says_so_in_the_language_of_its_address(client, url, heading, home):
    response = client.get(url)

    assert response.status_code == 404
    assert heading in text(response)
    assert home in text(response)
    assert 'class="site-header"' in text(response)


def test_a_draft_report_gets_the_same_404_as_a_report_that_does_not_exist(client):
    f.make_report(slug="published-report", status=PublicationStatus.PUBLISHED)
    draft = f.make_report(slug="a-draft", title="尚未公開的草稿報告", status=PublicationStatus.DRAFT)

    draft_response = client.get(reverse("reports:report-detail", args=[draft.slug]))
    missing_response = client.get(reverse("reports:report-detail", args=["no-such-report"]))

    assert draft_response.status_code == missing_response.status_code == 404
    assert draft.title not in text(draft_response)
    # Byte for byte the same page, once the address itself (in the language switch) is set aside.
    assert text(draft_response).replace("a-draft", "SLUG") == text(missing_response).replace(
        "no-such-report", "SLUG"
    )


def test_a_server_error_shows_the_static_bilingual_page_without_the_exception(settings):
    settings.ROOT_URLCONF = "tests.urls_failing"
    client = Client(raise_request_exception=False)

    response = client.get("/failing/")

    assert response.status_code == 500
    assert "<h1>伺服器錯誤</h1>" in text(response)
    assert "<h2>Server error</h2>" in text(response)
    assert SECRET_IN_EXCEPTION not in text(response)
    assert "Traceback" not in text(response)
    assert "RuntimeError" not in text(response)


def test_a_forbidden_admin_page_shows_the_403_page(client):
    clerk = get_user_model().objects.create_user(username="clerk", password=None, is_staff=True)
    client.force_login(clerk)

    response = client.get(reverse("admin:reports_report_add"), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 403
    assert "<h1>Access denied</h1>" in text(response)
    assert "You do not have permission to see this page." in text(response)


def test_a_form_without_its_csrf_token_shows_the_csrf_page_in_the_site_look():
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")

    response = client.post(reverse("admin:login"), {"username": "someone", "password": "x"})

    assert response.status_code == 403
    assert "<h1>The form could not be sent</h1>" in text(response)
    assert 'class="site-header"' in text(response)
    # Django's own page would explain the check in detail; ours names no reason.
    assert "CSRF" not in text(response)


def test_a_request_for_an_unknown_host_gets_the_400_page(client):
    response = client.get("/en/", HTTP_HOST="evil.example")

    assert response.status_code == 400
    assert "<h1>Bad request</h1>" in text(response)
