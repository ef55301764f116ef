"""Report files: only real PDFs are accepted, stored under names that tell nothing, and read by
the public through the report only while it is published; stored files go with their rows."""

import hashlib
import io
import re
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from pypdf import PdfWriter

from reports.models import PublicationStatus, Report, ReportFile
from reports.pdf import safe_download_name
from reports.services import TRANSITIONS, move_report
from tests import factories as f
from tests.admin_forms import report_form

STORED_NAME = re.compile(r"^reports/[0-9a-f]{32}\.pdf$")
ENGLISH = {"accept-language": "en"}


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def stored_names():
    if not default_storage.exists("reports"):
        return []
    return sorted(f"reports/{name}" for name in default_storage.listdir("reports")[1])


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def docx_bytes():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def encrypted_pdf_bytes():
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pageless_pdf_bytes():
    out = io.BytesIO()
    PdfWriter().write(out)
    return out.getvalue()


def file_form(report, file, **fields):
    return {"report": report.pk, "kind": "report", "title": "", "file": file, **fields}


# -- uploads in the admin -------------------------------------------------------------------------


@pytest.mark.django_db
def test_admin_upload_stores_pdf_under_a_random_name_with_its_facts(admin_client):
    report = f.make_report()
    content = f.pdf_bytes("Open Parliament", "Recommendations")

    response = admin_client.post(
        admin_url(ReportFile, "add"), file_form(report, upload("2017 巴黎 OGP 報告.pdf", content))
    )

    assert response.status_code == 302
    report_file = ReportFile.objects.get(report=report)
    assert STORED_NAME.match(report_file.file.name)
    assert stored_names() == [report_file.file.name]
    assert (report_file.original_name, report_file.size, report_file.sha256) == (
        "2017 巴黎 OGP 報告.pdf",
        len(content),
        hashlib.sha256(content).hexdigest(),
    )
    assert report_file.extracted_text == "Open Parliament\nRecommendations"
    with default_storage.open(report_file.file.name, "rb") as stored:
        assert stored.read() == content


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + bytes(200), "This file is not a PDF."),
        ("report.pdf", docx_bytes(), "This file is not a PDF."),
        ("report.docx", docx_bytes(), "This file is not a PDF."),
        ("report.pdf", f.pdf_bytes("Open Parliament")[:300], "This PDF is damaged or incomplete"),
        ("report.pdf", b"%PDF-1.7\n" + bytes(500), "This PDF is damaged or incomplete"),
        ("report.pdf", encrypted_pdf_bytes(), "This PDF is encrypted or password-protected."),
        ("report.pdf", pageless_pdf_bytes(), "This PDF has no pages."),
    ],
    ids=["renamed-exe", "renamed-docx", "docx", "truncated", "garbage", "encrypted", "no-pages"],
)
@pytest.mark.django_db
def test_admin_refuses_a_file_that_is_no_readable_pdf(admin_client, name, content, message):
    report = f.make_report()

    response = admin_client.post(
        admin_url(ReportFile, "add"), file_form(report, upload(name, content)), headers=ENGLISH
    )

    assert response.status_code == 200
    assert message in response.text
    assert ReportFile.objects.count() == 0
    assert stored_names() == []


@pytest.mark.django_db
def test_admin_refuses_a_file_over_the_size_limit(admin_client, settings):
    settings.REPORT_FILE_MAX_SIZE = 1000
    report = f.make_report()
    content = f.pdf_bytes("Open Parliament") + b" " * 1000

    response = admin_client.post(
        admin_url(ReportFile, "add"), file_form(report, upload("report.pdf", content)), headers=ENGLISH
    )

    assert response.status_code == 200
    assert "a report file may be at most 1000\xa0bytes" in response.text
    assert ReportFile.objects.count() == 0
    assert stored_names() == []


@pytest.mark.django_db
def test_report_page_inline_takes_a_pdf_and_refuses_anything_else(admin_client):
    report = f.make_report()
    data = report_form(report, **{"files-TOTAL_FORMS": "1", "files-0-kind": "report"})

    refused = admin_client.post(
        admin_url(Report, "change", report.pk),
        {**data, "files-0-file": upload("report.pdf", docx_bytes())},
        headers=ENGLISH,
    )
    accepted = admin_client.post(
        admin_url(Report, "change", report.pk),
        {**data, "files-0-file": upload("report.pdf", f.pdf_bytes("Open Parliament"))},
    )

    assert refused.status_code == 200
    assert "This file is not a PDF." in refused.text
    assert accepted.status_code == 302
    assert [(file.original_name, file.extracted_text) for file in report.files.all()] == [
        ("report.pdf", "Open Parliament")
    ]


@pytest.mark.django_db
def test_admin_change_page_links_the_file_through_the_admin_not_media(admin_client):
    report_file = f.make_report_file()

    change = admin_client.get(admin_url(ReportFile, "change", report_file.pk))
    download = admin_client.get(reverse("admin:reports_reportfile_download", args=[report_file.pk]))

    assert reverse("admin:reports_reportfile_download", args=[report_file.pk]) in change.text
    assert "報告.pdf" in change.text
    assert "/media/" not in change.text
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == report_file.file.open("rb").read()


@pytest.mark.django_db
def test_admin_download_needs_view_permission(client, django_user_model):
    report_file = f.make_report_file()
    staff = django_user_model.objects.create_user(username="clerk", password=None, is_staff=True)
    client.force_login(staff)

    response = client.get(reverse("admin:reports_reportfile_download", args=[report_file.pk]))

    assert response.status_code == 403


# -- the public download ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_published_report_file_is_served_as_pdf_under_its_original_name(client):
    report = f.make_report(status=PublicationStatus.PUBLISHED)
    content = f.pdf_bytes("Open Parliament")
    report_file = f.make_report_file(report=report, file=ContentFile(content, name="2017 巴黎 OGP 報告.pdf"))

    response = client.get(reverse("reports:report-file", args=[report.slug, report_file.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "inline; filename*=utf-8''2017%20%E5%B7%B4%E9%BB%8E%20OGP%20%E5%A0%B1%E5%91%8A.pdf"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "no-cache"


@pytest.mark.django_db
def test_report_page_links_its_files_through_the_report(client):
    report = f.make_report(status=PublicationStatus.PUBLISHED)
    report_file = f.make_report_file(report=report, title="出國報告全文")

    page = client.get(report.get_absolute_url())

    assert f'href="{reverse("reports:report-file", args=[report.slug, report_file.pk])}"' in page.text
    assert "出國報告全文" in page.text
    assert report_file.file.name not in page.text


@pytest.mark.django_db
def test_draft_report_file_is_the_same_404_as_no_file(client):
    draft = f.make_report(status=PublicationStatus.DRAFT)
    report_file = f.make_report_file(report=draft)
    published = f.make_report(status=PublicationStatus.PUBLISHED)

    draft_url = reverse("reports:report-file", args=[draft.slug, report_file.pk])
    missing_url = reverse("reports:report-file", args=[draft.slug, report_file.pk + 100])
    draft_file, missing = client.get(draft_url), client.get(missing_url)
    other_report = client.get(reverse("reports:report-file", args=[published.slug, report_file.pk]))

    assert (draft_file.status_code, missing.status_code, other_report.status_code) == (404, 404, 404)
    # The same page but for the address itself (in the language switch's links).
    assert draft_file.text == missing.text.replace(missing_url.split("/", 2)[2], draft_url.split("/", 2)[2])


@pytest.mark.django_db
def test_withdrawn_report_file_is_no_longer_served(client, superuser):
    """Withdrawn, the file is gone (410); returned to draft, it is a draft's (404)."""
    report = f.make_report(status=PublicationStatus.PUBLISHED)
    report_file = f.make_report_file(report=report)
    url = reverse("reports:report-file", args=[report.slug, report_file.pk])
    before = client.get(url)

    move_report(report, TRANSITIONS["withdraw"], superuser, note="檔案有誤")
    withdrawn = client.get(url)
    move_report(report, TRANSITIONS["return"], superuser)

    assert (before.status_code, withdrawn.status_code, client.get(url).status_code) == (200, 410, 404)
    assert "檔案有誤" in withdrawn.content.decode()


@pytest.mark.django_db
def test_media_url_serves_no_report_file(client):
    draft_file = f.make_report_file(report=f.make_report(status=PublicationStatus.DRAFT))
    published_file = f.make_report_file(report=f.make_report(status=PublicationStatus.PUBLISHED))

    for report_file in (draft_file, published_file):
        assert default_storage.exists(report_file.file.name)
        assert client.get(report_file.file.url).status_code == 404


@pytest.mark.django_db
def test_published_report_file_missing_from_storage_is_404(client):
    report = f.make_report(status=PublicationStatus.PUBLISHED)
    report_file = f.make_report_file(report=report)
    default_storage.delete(report_file.file.name)

    response = client.get(reverse("reports:report-file", args=[report.slug, report_file.pk]))

    assert response.status_code == 404


# -- stored files go with their rows ---------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_deleting_a_report_file_removes_the_stored_file_after_commit():
    report_file = f.make_report_file()
    name = report_file.file.name

    with transaction.atomic():
        report_file.delete()
        still_there = default_storage.exists(name)

    assert (still_there, default_storage.exists(name)) == (True, False)


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_delete_keeps_the_stored_file():
    report_file = f.make_report_file()
    pk, name = report_file.pk, report_file.file.name

    with transaction.atomic():
        report_file.delete()
        transaction.set_rollback(True)

    assert ReportFile.objects.filter(pk=pk).exists()
    assert default_storage.exists(name)


@pytest.mark.django_db(transaction=True)
def test_deleting_a_report_removes_its_stored_files():
    report = f.make_report()
    names = [f.make_report_file(report=report).file.name for _ in range(2)]

    report.delete()

    assert [default_storage.exists(name) for name in names] == [False, False]
    assert stored_names() == []


@pytest.mark.django_db(transaction=True)
def test_replacing_a_file_removes_the_old_one(admin_client):
    report_file = f.make_report_file()
    old_name = report_file.file.name
    content = f.pdf_bytes("Second edition")

    response = admin_client.post(
        admin_url(ReportFile, "change", report_file.pk),
        file_form(report_file.report, upload("second.pdf", content)),
    )

    assert response.status_code == 302
    report_file.refresh_from_db()
    assert stored_names() == [report_file.file.name]
    assert report_file.file.name != old_name
    assert (report_file.original_name, report_file.extracted_text) == ("second.pdf", "Second edition")


@pytest.mark.django_db(transaction=True)
def test_editing_a_file_title_keeps_the_stored_file(admin_client):
    report_file = f.make_report_file()

    response = admin_client.post(
        admin_url(ReportFile, "change", report_file.pk), file_form(report_file.report, "", title="全文")
    )

    assert response.status_code == 302
    report_file.refresh_from_db()
    assert (report_file.title, stored_names()) == ("全文", [report_file.file.name])


@pytest.mark.django_db
def test_file_saved_outside_the_admin_is_checked_too():
    with translation.override("en"), pytest.raises(ValidationError, match="not a PDF"):
        f.make_report_file(file=ContentFile(docx_bytes(), name="report.pdf"))

    assert stored_names() == []


@pytest.mark.parametrize(
    ("uploaded", "offered"),
    [
        ("../../etc/passwd", "passwd.pdf"),
        ('C:\\Users\\me\\報告 "final".PDF', "報告 final.pdf"),
        ("a\r\nContent-Type: text\thtml", "a Content-Type text html.pdf"),
        ("", "report.pdf"),
    ],
)
def test_download_name_is_sanitised(uploaded, offered):
    assert safe_download_name(uploaded) == offered
