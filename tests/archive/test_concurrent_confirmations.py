"""Three staff members confirm the same roster import at the same moment: one confirmation
writes, the others are told the archive changed after their preview, each one recorded, and
none gets a server error, on SQLite as on PostgreSQL."""

import sqlite3
import threading

import pytest
from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.management import create_contenttypes
from django.db import connection
from django.test import Client

from archive.models import ImportRecord
from reports.models import DelegationMember
from tests import factories as f
from tests.archive.test_import_admin import import_url, process_url, upload

pytestmark = [pytest.mark.usefixtures("english", "import_folder")]

ROSTER = "序號,單位,姓名,職稱\n1,國家發展委員會,林菊穗,分析師\n2,行政院,唐鳳,政務委員\n"
CONFIRMATIONS = 3


@pytest.fixture
def permissions_from_migrate():
    """The content types and permissions migrate makes. A transactional test before this one
    may leave them gone (a serialized-rollback test empties every table when it ends); made
    here again, whatever ran before."""
    for config in apps.get_app_configs():
        create_contenttypes(config, verbosity=0)
        create_permissions(config, verbosity=0)


@pytest.fixture
def shared_database(tmp_path):
    """The test database, open to connections from other threads. PostgreSQL's is. SQLite's
    test database lives in memory, which only this thread's connection sees: it is copied to a
    file for the test, and every connection opened meanwhile opens the file."""
    if connection.vendor != "sqlite":
        yield
        return
    path = tmp_path / "shared.sqlite3"
    connection.ensure_connection()
    memory = connection.connection
    with sqlite3.connect(path) as copy:
        memory.backup(copy)
    copy.close()
    name = connection.settings_dict["NAME"]
    connection.settings_dict["NAME"] = str(path)
    # The in-memory database stays open (it would vanish with its last connection).
    connection.connection = None
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["NAME"] = name
        connection.connection = memory


def confirmation_form(client, delegation):
    """A preview of the roster, and the form that confirms it."""
    response = client.post(
        import_url(), {"delegation": delegation.pk, "import_file": upload(ROSTER), "format": "0"}
    )
    form = response.context["confirm_form"]
    return {name: form[name].value() for name in form.fields if form[name].value() is not None}


def confirm_together(clients, forms):
    """Post every confirmation at once, each from a thread of its own (with its own database
    connection); their responses, or the exceptions they raised."""
    start = threading.Barrier(len(clients))
    outcomes = [None] * len(clients)

    def confirm(index):
        try:
            start.wait()
            outcomes[index] = clients[index].post(process_url(), forms[index])
        except Exception as error:  # any failure is reported as it is
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=confirm, args=(index,)) for index in range(len(clients))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("permissions_from_migrate", "shared_database")
def test_simultaneous_confirmations_of_one_import_write_once_and_tell_the_others(django_user_model):
    delegation = f.make_delegation()
    permissions = Permission.objects.filter(
        codename__in=["view_delegation", "change_delegation", "view_delegationmember", "import_roster"]
    )
    clients = []
    for number in range(CONFIRMATIONS):
        user = django_user_model.objects.create_user(username=f"editor{number}", password=None, is_staff=True)
        user.user_permissions.set(permissions)
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(user)
        clients.append(client)
    forms = [confirmation_form(client, delegation) for client in clients]

    outcomes = confirm_together(clients, forms)

    assert [getattr(outcome, "status_code", outcome) for outcome in outcomes] == [302] * CONFIRMATIONS
    assert sorted(m.person.name_zh for m in DelegationMember.objects.filter(delegation=delegation)) == [
        "唐鳳",
        "林菊穗",
    ]
    records = ImportRecord.objects.order_by("outcome")
    assert [record.outcome for record in records] == ["imported", "refused", "refused"]
    for record in records[1:]:
        assert record.messages.startswith("The archive changed after the preview")
        assert "0 new, 0 updated, 2 unchanged" in record.messages
    pages = [client.get(outcome.url).text for client, outcome in zip(clients, outcomes, strict=True)]
    assert sum("The archive changed after the preview" in page for page in pages) == CONFIRMATIONS - 1
