"""Staff accounts: failed logins lock a user out from one address only, the admin can live at
another path, and weak passwords are refused when staff set them."""

import importlib
import secrets

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, override_settings
from django.urls import clear_url_caches, reverse

import ogparchive.urls

pytestmark = pytest.mark.django_db

OFFICE = "198.51.100.7"
HOME = "203.0.113.20"


@pytest.fixture(autouse=True)
def failure_limit(settings):
    settings.AXES_FAILURE_LIMIT = 3


def make_staff(username):
    """A staff member with a fresh random password (nothing secret is committed); returns it."""
    password = secrets.token_urlsafe(16)
    get_user_model().objects.create_user(username=username, password=password, is_staff=True)
    return password


def log_in(username, password, **headers):
    """A login through the admin's form, in English, as a browser at the given address sends it."""
    client = Client(HTTP_ACCEPT_LANGUAGE="en", **headers)
    return client.post(reverse("admin:login"), {"username": username, "password": password})


def fail_logins(username, times, **headers):
    return [log_in(username, "not-the-password", **headers).status_code for _ in range(times)]


def test_failed_logins_lock_the_user_out_from_that_address_only():
    alice_password = make_staff("alice")
    bob_password = make_staff("bob")

    # The login form comes back twice, then the third failure locks alice out at the office.
    assert fail_logins("alice", 3, REMOTE_ADDR=OFFICE) == [200, 200, 429]

    locked = log_in("alice", alice_password, REMOTE_ADDR=OFFICE)
    assert locked.status_code == 429
    assert "Too many failed logins for this account from your address. Try again in 15 minutes." in (
        locked.content.decode()
    )
    # Her colleague at the same office address logs in, and so does she from home.
    assert log_in("bob", bob_password, REMOTE_ADDR=OFFICE).status_code == 302
    assert log_in("alice", alice_password, REMOTE_ADDR=HOME).status_code == 302


def test_failures_below_the_limit_are_forgotten_after_a_successful_login():
    alice_password = make_staff("alice")

    assert fail_logins("alice", 2, REMOTE_ADDR=OFFICE) == [200, 200]
    assert log_in("alice", alice_password, REMOTE_ADDR=OFFICE).status_code == 302
    assert fail_logins("alice", 2, REMOTE_ADDR=OFFICE) == [200, 200]
    assert log_in("alice", alice_password, REMOTE_ADDR=OFFICE).status_code == 302


def test_behind_a_proxy_the_client_address_is_the_one_the_proxy_saw(settings):
    settings.PROXY_COUNT = 1
    alice_password = make_staff("alice")
    proxy = {"REMOTE_ADDR": "127.0.0.1"}

    assert fail_logins("alice", 3, HTTP_X_FORWARDED_FOR=OFFICE, **proxy)[-1] == 429

    # Through the same proxy from another address, alice logs in.
    assert log_in("alice", alice_password, HTTP_X_FORWARDED_FOR=HOME, **proxy).status_code == 302
    # Addresses a client writes into the header itself come before the proxy's and change nothing.
    forged = f"{HOME}, {OFFICE}"
    assert log_in("alice", alice_password, HTTP_X_FORWARDED_FOR=forged, **proxy).status_code == 429


@pytest.fixture
def admin_moved():
    """The site as started with ADMIN_PATH=office-staff/ (the URLconf reads it when loaded)."""
    with override_settings(ADMIN_PATH="office-staff/"):
        importlib.reload(ogparchive.urls)
        clear_url_caches()
        yield
    importlib.reload(ogparchive.urls)
    clear_url_caches()


def test_the_admin_answers_only_at_its_configured_path(client, admin_moved):
    assert client.get("/office-staff/").url == "/office-staff/login/?next=/office-staff/"
    assert client.get("/office-staff/login/").status_code == 200
    assert client.get("/admin/").status_code == 404
    assert client.get("/admin/login/").status_code == 404


WEAK_PASSWORDS = {
    "password1234": "這個密碼太常見了。",
    "73915028461937": "這個密碼只包含數字。",
    "k2#Lm": "密碼太短，必須至少 12 個字元。",
}


@pytest.mark.parametrize(("password", "message"), WEAK_PASSWORDS.items())
def test_the_admin_refuses_a_weak_password_for_a_new_user(admin_client, password, message):
    response = admin_client.post(
        reverse("admin:auth_user_add"),
        {"username": "newcomer", "usable_password": "true", "password1": password, "password2": password},
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not get_user_model().objects.filter(username="newcomer").exists()


@pytest.mark.parametrize(("password", "message"), WEAK_PASSWORDS.items())
def test_the_admin_refuses_a_weak_password_when_changing_one(admin_client, password, message):
    alice_password = make_staff("alice")
    alice = get_user_model().objects.get(username="alice")

    response = admin_client.post(
        reverse("admin:auth_user_password_change", args=[alice.pk]),
        {"password1": password, "password2": password},
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    alice.refresh_from_db()
    assert alice.check_password(alice_password)
