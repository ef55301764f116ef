"""What moved between apps (issue 14, the layers) keeps every permission: the import records
from reports to archive, the import permissions to what they guard (reports.import_roster on
delegations, events.import_programme on events). Staff groups and accounts hold the same
permissions, by codename, on a fresh database and on one migrated before the moves."""

import json
import zipfile
from collections import defaultdict
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.utils import translation

from archive.backup import MOVED_MODELS, MOVED_PERMISSIONS
from tests.migration_snapshot import as_default, migrate, new_database

EDITOR, REVIEWER = "編輯 Editor", "審核 Reviewer"
# Made by the code before the moves (tests/data/backups/README.md): its staff groups are the ones
# that code's migrations made.
BEFORE_LAYERS = Path(settings.BASE_DIR) / "tests" / "data" / "backups" / "before-layers.zip"
# The migrations before the moves: reports and events as they were, no archive model (the
# migrations of the other apps in between moved nothing that groups hold).
BEFORE_THE_MOVES = [
    ("reports", "0016_public_rule_own_visits_and_contacts"),
    ("events", "0012_session_duration"),
    ("archive", None),
]


def groups_before_the_moves():
    """{group name: {permission natural key}} as the previous code's migrations made them."""
    with zipfile.ZipFile(BEFORE_LAYERS) as backup:
        groups = {
            row["pk"]: row["fields"]["name"]
            for row in map(json.loads, backup.read("data/auth.group.jsonl").splitlines())
        }
        held = defaultdict(set)
        for line in backup.read("data/auth.group_permissions.jsonl").splitlines():
            fields = json.loads(line)["fields"]
            held[groups[fields["group"]]].add(tuple(fields["permission"]))
    return dict(held)


# Permissions given to a group since the moves, by later migrations: the merge (archive 0003).
GIVEN_SINCE = {REVIEWER: {("merge_records", "archive", "merge"), ("view_merge", "archive", "merge")}}


def plus_given_since(groups):
    return {name: keys | GIVEN_SINCE.get(name, set()) for name, keys in groups.items()}


def groups_now():
    return {
        group.name: {permission.natural_key() for permission in group.permissions.all()}
        for group in Group.objects.prefetch_related("permissions__content_type")
    }


def where_it_lives_now(key):
    """The natural key a permission of the previous code has now."""
    if key in MOVED_PERMISSIONS:
        return MOVED_PERMISSIONS[key]
    codename, app_label, model = key
    return (codename, *MOVED_MODELS.get(f"{app_label}.{model}", f"{app_label}.{model}").split("."))


def codenames(groups):
    return {name: {key[0] for key in keys} for name, keys in groups.items()}


@pytest.mark.django_db
def test_a_fresh_database_gives_the_staff_groups_the_permissions_the_previous_code_gave():
    before, now = groups_before_the_moves(), groups_now()

    assert set(before) == {EDITOR, REVIEWER}
    assert codenames(now) == codenames(plus_given_since(before))
    assert now == plus_given_since(
        {name: {where_it_lives_now(key) for key in keys} for name, keys in before.items()}
    )
    editor = now[EDITOR]
    assert {("import_roster", "reports", "delegation"), ("import_programme", "events", "event")} <= editor
    assert ("view_importrecord", "archive", "importrecord") in editor


@pytest.mark.django_db
def test_each_import_permission_lives_on_what_it_guards_once():
    imports = Permission.objects.filter(codename__startswith="import_")

    assert sorted(permission.natural_key() for permission in imports) == [
        ("import_programme", "events", "event"),
        ("import_roster", "reports", "delegation"),
    ]
    assert not ContentType.objects.filter(app_label="reports", model="importrecord").exists()


@pytest.mark.django_db
def test_a_database_migrated_before_the_moves_keeps_every_permission_after_them(django_user_model):
    # On a database of its own (tests/migration_snapshot.py), migrated from zero to before the
    # moves, then on, then back and on again (the moves' reverse steps).
    with new_database() as database, as_default(database), translation.override(None):
        migrate(database, BEFORE_THE_MOVES)
        before = groups_now()
        # An account holding the old permission of its own, not through a group.
        clerk = django_user_model.objects.create_user(username="clerk", password=None, is_staff=True)
        clerk.user_permissions.add(Permission.objects.get(codename="import_programme"))

        migrate(database)
        ContentType.objects.clear_cache()
        after = groups_now()
        clerk = django_user_model.objects.get(pk=clerk.pk)
        clerk_can = clerk.has_perm("events.import_programme")
        clerk_holds = [permission.natural_key() for permission in clerk.user_permissions.all()]
        import_permissions = sorted(
            p.natural_key() for p in Permission.objects.filter(codename__startswith="import_")
        )

        migrate(database, BEFORE_THE_MOVES)
        ContentType.objects.clear_cache()
        back = groups_now()
        migrate(database)
        ContentType.objects.clear_cache()
        again = groups_now()

    assert {
        ("import_roster", "reports", "importrecord"),
        ("import_programme", "reports", "importrecord"),
        ("view_importrecord", "reports", "importrecord"),
    } <= before[EDITOR]
    assert after == plus_given_since(
        {name: {where_it_lives_now(key) for key in keys} for name, keys in before.items()}
    )
    assert codenames(after) == codenames(plus_given_since(groups_before_the_moves()))
    assert clerk_can
    assert clerk_holds == [("import_programme", "events", "event")]
    assert import_permissions == [
        ("import_programme", "events", "event"),
        ("import_roster", "reports", "delegation"),
    ]
    assert (back, again) == (before, after)
