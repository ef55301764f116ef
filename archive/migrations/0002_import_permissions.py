# Each import permission lives on what it guards: importing a roster on delegations
# (reports.import_roster, reports 0018), importing a programme on events (events.import_programme,
# events 0013). Both were on the import records (reports.ImportRecord, then archive.ImportRecord
# after 0001). Here each new permission is made, given to every group and account that held the
# old one (the staff groups of reports 0010_workflow, by codename), and the old one removed.
# Running it on a database that has no old permission (they were never made) makes the new ones
# only. The logic is written out in full, so later changes to the project's code do not change
# what this does.

from django.conf import settings
from django.db import migrations

# codename, name, the model it lives on now
MOVED = [
    ("import_roster", "Can import rosters from spreadsheets", ("reports", "delegation")),
    ("import_programme", "Can import programmes from spreadsheets", ("events", "event")),
]
# Where they were: the import records' content type, under either app label.
OLD_MODEL = "importrecord"
OLD_APP_LABELS = ["reports", "archive"]


def _links(apps):
    """The through tables that give permissions: (model, its field naming the holder)."""
    group = apps.get_model("auth", "Group")
    user = apps.get_model(settings.AUTH_USER_MODEL)
    return [
        (group.permissions.through, "group_id"),
        (user.user_permissions.through, f"{user._meta.model_name}_id"),
    ]


def _hand_over(apps, db, old_permissions, new_permission):
    """Give `new_permission` to every holder of one of `old_permissions`, then remove those."""
    for through, holder in _links(apps):
        links = through.objects.using(db)
        holders = set(links.filter(permission__in=old_permissions).values_list(holder, flat=True))
        holders -= set(links.filter(permission=new_permission).values_list(holder, flat=True))
        links.bulk_create([through(**{holder: pk, "permission": new_permission}) for pk in sorted(holders)])
    old_permissions.delete()


def move_to_what_they_guard(apps, schema_editor):
    db = schema_editor.connection.alias
    content_type = apps.get_model("contenttypes", "ContentType")
    permission = apps.get_model("auth", "Permission")
    for codename, name, (app_label, model) in MOVED:
        home, _created = content_type.objects.using(db).get_or_create(app_label=app_label, model=model)
        new, _created = permission.objects.using(db).get_or_create(
            content_type=home, codename=codename, defaults={"name": name}
        )
        old = permission.objects.using(db).filter(
            codename=codename,
            content_type__app_label__in=OLD_APP_LABELS,
            content_type__model=OLD_MODEL,
        )
        _hand_over(apps, db, old, new)


def move_back_to_import_records(apps, schema_editor):
    db = schema_editor.connection.alias
    content_type = apps.get_model("contenttypes", "ContentType")
    permission = apps.get_model("auth", "Permission")
    records = content_type.objects.using(db).filter(app_label__in=OLD_APP_LABELS, model=OLD_MODEL)
    home = records.filter(app_label="archive").first() or records.first()
    if home is None:
        home = content_type.objects.using(db).create(app_label="archive", model=OLD_MODEL)
    for codename, name, (app_label, model) in MOVED:
        old, _created = permission.objects.using(db).get_or_create(
            content_type=home, codename=codename, defaults={"name": name}
        )
        new = permission.objects.using(db).filter(
            codename=codename, content_type__app_label=app_label, content_type__model=model
        )
        _hand_over(apps, db, new, old)


class Migration(migrations.Migration):

    dependencies = [
        ("archive", "0001_importrecord_from_reports"),
        ("reports", "0018_import_roster_permission"),
        ("events", "0013_import_programme_permission"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(move_to_what_they_guard, move_back_to_import_records),
    ]
