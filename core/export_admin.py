"""Spreadsheet exports in the admin: one record's rows (a delegation's roster, a summit's
programme) as CSV, XLSX or ODS, streamed (core.spreadsheets.writing), not built in memory as
django-import-export does. Imports are core.import_admin's."""

from django.core.exceptions import PermissionDenied
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.http import urlencode

from .downloads import content_disposition
from .spreadsheets.formats import CONTENT_TYPES, FORMATS
from .spreadsheets.writing import spreadsheet_chunks


class SpreadsheetExportMixin:
    """Streamed exports of one record's rows (a delegation's roster, a summit's programme) as
    CSV, XLSX or ODS, at <pk>/<export_name>/export/<format>/ of the record's admin. A subclass
    gives `export_name`, `export_title(obj)` and `export_table(obj)` -> (header, rows)."""

    export_name = ""

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                f"<path:object_id>/{self.export_name}/export/<str:file_format>/",
                self.admin_site.admin_view(self.spreadsheet_export_view),
                name=f"{opts.app_label}_{opts.model_name}_{self.export_name}_export",
            ),
            *super().get_urls(),
        ]

    def spreadsheet_export_view(self, request, object_id, file_format):
        obj = get_object_or_404(self.get_queryset(request), pk=object_id)
        if file_format not in FORMATS or not self.can_export(request, obj):
            raise PermissionDenied
        header, rows = self.export_table(obj, **self.export_options(request))
        response = StreamingHttpResponse(
            spreadsheet_chunks(file_format, header, rows, sheet_name=self.export_title(obj)),
            content_type=CONTENT_TYPES[file_format],
        )
        response["Content-Disposition"] = content_disposition(f"{self.export_title(obj)}.{file_format}")
        return response

    def export_options(self, request):
        """Keyword arguments for `export_table` from the request (a layout, say); none here."""
        return {}

    def can_export(self, request, obj):
        return self.has_view_permission(request, obj)

    def export_links(self, obj, **query):
        """(label, URL) of each format's export; `query` (a layout, say) goes in the URL."""
        opts = self.model._meta
        name = f"admin:{opts.app_label}_{opts.model_name}_{self.export_name}_export"
        suffix = f"?{urlencode(query)}" if query else ""
        return [
            (
                file_format.upper(),
                reverse(name, args=[obj.pk, file_format], current_app=self.admin_site.name) + suffix,
            )
            for file_format in FORMATS
        ]
