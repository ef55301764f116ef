"""The reports admin as the archive layer completes it: the reports app's own, with "Start from
a PDF" (report_draft_admin), which reads the report and matches its people (reports cannot
know the archive's reader)."""

from django.contrib import admin

from reports.admin import ReportAdmin
from reports.models import Report

from .report_draft_admin import DraftFromPdfAdmin

admin.site.unregister(Report)


@admin.register(Report)
class ArchiveReportAdmin(DraftFromPdfAdmin, ReportAdmin):
    pass
