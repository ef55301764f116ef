"""What the archive app does when the apps below it say something happened."""

from django.dispatch import receiver

from core.import_admin import import_finished

from .models import ImportKind, ImportRecord


@receiver(import_finished, dispatch_uid="archive-import-record")
def write_import_record(sender, *, kind, target, user, source, file_name, system_account="", **facts):
    """The ImportRecord of an import that ran or was refused (core.import_admin.import_finished
    lists the facts), written in the importer's transaction."""
    facts.pop("signal", None)
    target_field = "delegation" if kind == ImportKind.ROSTER else "event"
    ImportRecord.objects.create(
        kind=kind,
        source=source,
        **{target_field: target},
        target=str(target)[:500],
        user=user,
        system_account=system_account[:150],
        file_name=file_name[:255],
        **facts,
    )
