import hashlib
import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from reports.models import ReportFile

from .factories import pdf_bytes


@pytest.mark.django_db
def test_models_and_migrations_agree():
    out = io.StringIO()

    call_command("makemigrations", "--check", "--dry-run", stdout=out)

    assert "No changes detected" in out.getvalue()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_report_file_migration_describes_files_stored_before():
    # A file uploaded before report files were checked keeps its stored name and gets its
    # original name, size and SHA-256; a row whose file is gone keeps working without them.
    before, after = [("reports", "0011_history")], [("reports", "0012_report_file_checks")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old_apps = executor.loader.project_state(before).apps
    OldReport = old_apps.get_model("reports", "Report")
    OldReportFile = old_apps.get_model("reports", "ReportFile")
    report = OldReport.objects.create(
        slug="old",
        title="舊報告",
        category="other",
        report_date="2017-02-21",
        agency=make_organization_for(old_apps),
    )
    content = pdf_bytes("Open Parliament")
    stored = default_storage.save("reports/2017/出國報告.pdf", ContentFile(content))
    kept = OldReportFile.objects.create(report=report, file=stored)
    gone = OldReportFile.objects.create(report=report, file="reports/2016/gone.pdf")

    executor = MigrationExecutor(connection)
    executor.migrate(after)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    kept, gone = ReportFile.objects.get(pk=kept.pk), ReportFile.objects.get(pk=gone.pk)
    assert (kept.file.name, kept.original_name, kept.size, kept.sha256) == (
        "reports/2017/出國報告.pdf",
        "出國報告.pdf",
        len(content),
        hashlib.sha256(content).hexdigest(),
    )
    assert (gone.original_name, gone.size, gone.sha256) == ("gone.pdf", None, "")


def make_organization_for(old_apps):
    return old_apps.get_model("people", "Organization").objects.create(slug="ndc", name_zh="國家發展委員會")
