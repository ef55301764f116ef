from django.contrib import admin

from core.admin import ArchiveModelAdmin

# The people and organisation admins with the merge and the duplicate checks (people_admin);
# the reports admin with "Start from a PDF" (report_admin).
from . import people_admin, report_admin  # noqa: F401
from .models import ImportRecord


@admin.register(ImportRecord)
class ImportRecordAdmin(ArchiveModelAdmin):
    """What each import did: read only, written by the importers."""

    list_display = [
        "created_at",
        "kind",
        "outcome",
        "target",
        "file_name",
        "user",
        "system_account",
        "source",
        "rows",
        "rows_new",
        "rows_updated",
        "rows_unchanged",
        "rows_deleted",
        "rows_with_errors",
    ]
    list_filter = ["kind", "outcome", "source"]
    list_select_related = ["user"]
    search_fields = ["file_name", "file_sha256", "target", "user__username", "system_account"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
