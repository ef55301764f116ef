"""Uploaded files in S3-compatible object storage (S3_BUCKET): report files and the files
waiting for an import's confirmation are kept in the bucket, which every app server reads,
privately; the public still reads a report file only through the archive, only while its report
is published. The store is moto's server, a process of its own reached over HTTP (tests/s3.py)."""

import hashlib
import io
import os
import re
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from pypdf import PdfWriter

from archive.models import ImportRecord
from ogparchive.settings import file_storages
from reports.models import PublicationStatus, Report, ReportFile
from reports.services import TRANSITIONS, move_report
from tests import factories as f
from tests.archive.report_files import REPORT_2023, source_pdf
from tests.archive.test_import_admin import ROSTER, confirm, import_url, preview
from tests.archive.test_report_drafts import FROM_PDF, form_data
from tests.archive.test_report_drafts import upload as upload_for_draft
from tests.reports.test_report_files import admin_url, file_form, upload

MANAGE = Path(__file__).resolve().parents[2] / "manage.py"
PUBLIC_GRANTEES = {
    "http://acs.amazonaws.com/groups/global/AllUsers",
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
}

pytestmark = pytest.mark.django_db


def files_under(folder):
    return sorted(str(path.relative_to(folder)) for path in Path(folder).rglob("*") if path.is_file())


def big_pdf(size):
    """A real PDF of about `size` bytes: one page of text and an attachment of random bytes."""
    writer = PdfWriter(clone_from=io.BytesIO(f.pdf_bytes("Open Government Partnership")))
    writer.add_attachment("annex.bin", os.urandom(size))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def file_url(report_file):
    return reverse("reports:report-file", args=[report_file.report.slug, report_file.pk])


# -- settings -------------------------------------------------------------------------------------

S3_ENVIRONMENT = {
    "S3_BUCKET": "ogp-archive",
    "S3_ENDPOINT_URL": "https://objects.example.tw:9000",
    "S3_REGION": "ap-northeast-1",
    "S3_ACCESS_KEY_ID": "archive-key",
    "S3_SECRET_ACCESS_KEY": "archive-secret",
}


def test_without_a_bucket_files_stay_on_this_machines_disk(tmp_path):
    storages = file_storages({"IMPORT_FILES_ROOT": str(tmp_path / "imports")})

    assert storages == {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "import_export": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "imports"},
        },
    }


def test_with_a_bucket_files_go_to_it_privately_each_storage_under_its_own_prefix():
    storages = file_storages(S3_ENVIRONMENT)

    options = {
        "bucket_name": "ogp-archive",
        "endpoint_url": "https://objects.example.tw:9000",
        "region_name": "ap-northeast-1",
        "access_key": "archive-key",
        "secret_key": "archive-secret",
        "addressing_style": "path",
        "default_acl": None,
        "querystring_auth": True,
        "file_overwrite": False,
    }
    assert storages == {
        "default": {
            "BACKEND": "core.object_storage.PrivateS3Storage",
            "OPTIONS": {**options, "location": "media"},
        },
        "import_export": {
            "BACKEND": "core.object_storage.PrivateS3Storage",
            "OPTIONS": {**options, "location": "imports"},
        },
    }


def test_on_aws_only_the_bucket_is_needed_and_boto3_finds_the_credentials():
    default = file_storages({"S3_BUCKET": "ogp-archive"})["default"]

    assert default["OPTIONS"] == {
        "bucket_name": "ogp-archive",
        "endpoint_url": None,
        "region_name": None,
        "access_key": None,
        "secret_key": None,
        "addressing_style": None,
        "default_acl": None,
        "querystring_auth": True,
        "file_overwrite": False,
        "location": "media",
    }


@pytest.mark.parametrize(
    ("environment", "message"),
    [
        (
            {"S3_ENDPOINT_URL": "http://127.0.0.1:9000"},
            "S3_ENDPOINT_URL set without S3_BUCKET: set S3_BUCKET to keep uploaded files in object "
            "storage, or unset them to keep them on this machine's disk.",
        ),
        (
            {"S3_ACCESS_KEY_ID": "key", "S3_SECRET_ACCESS_KEY": "secret"},
            "S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY set without S3_BUCKET",
        ),
        (
            {"S3_BUCKET": "ogp-archive", "S3_ACCESS_KEY_ID": "key"},
            "S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together: set both or neither.",
        ),
        (
            {"S3_BUCKET": "ogp-archive", "S3_ENDPOINT_URL": "objects.example.tw:9000"},
            "S3_ENDPOINT_URL must be an http:// or https:// address.",
        ),
    ],
    ids=["endpoint-without-bucket", "keys-without-bucket", "key-without-secret", "endpoint-not-a-url"],
)
def test_an_incomplete_object_storage_setting_is_refused_with_what_to_do(environment, message):
    with pytest.raises(ImproperlyConfigured, match="^" + re.escape(message)):
        file_storages(environment)


def test_the_site_refuses_to_start_with_an_endpoint_but_no_bucket():
    environment = {key: value for key, value in os.environ.items() if not key.startswith("S3_")}
    done = subprocess.run(
        [sys.executable, str(MANAGE), "check"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**environment, "S3_ENDPOINT_URL": "http://127.0.0.1:9000"},
    )

    assert done.returncode != 0
    assert "S3_ENDPOINT_URL set without S3_BUCKET" in done.stderr


# -- report files -----------------------------------------------------------------------------------


def test_a_staff_upload_lands_in_the_bucket_and_not_on_disk(admin_client, object_storage, media_root):
    report = f.make_report()
    content = f.pdf_bytes("Open Parliament", "Recommendations")

    response = admin_client.post(
        admin_url(ReportFile, "add"), file_form(report, upload("2017 巴黎 OGP 報告.pdf", content))
    )

    assert response.status_code == 302
    report_file = ReportFile.objects.get(report=report)
    assert object_storage.object_keys() == [f"media/{report_file.file.name}"]
    assert object_storage.read(f"media/{report_file.file.name}") == content
    assert files_under(media_root) == []
    assert (report_file.original_name, report_file.size, report_file.extracted_text) == (
        "2017 巴黎 OGP 報告.pdf",
        len(content),
        "Open Parliament\nRecommendations",
    )


def test_a_visitor_downloads_a_published_reports_file_until_it_is_withdrawn(
    client, object_storage, superuser
):
    report = f.make_report(status=PublicationStatus.PUBLISHED)
    content = f.pdf_bytes("Open Parliament")
    report_file = f.make_report_file(report=report, file=ContentFile(content, name="2017 巴黎.pdf"))

    published = client.get(file_url(report_file))
    body = b"".join(published.streaming_content)
    move_report(report, TRANSITIONS["withdraw"], superuser, note="Errors in the roster.")
    withdrawn = client.get(file_url(report_file))

    assert published.status_code == 200
    assert body == content
    assert (published["Content-Type"], published["Content-Length"]) == ("application/pdf", str(len(content)))
    assert published["Content-Disposition"] == "inline; filename*=utf-8''2017%20%E5%B7%B4%E9%BB%8E.pdf"
    assert withdrawn.status_code == 410
    # Withdrawing hides the file (410 Gone); it stays in the bucket for when the report is published again.
    assert object_storage.object_keys() == [f"media/{report_file.file.name}"]


def test_a_drafts_file_in_the_bucket_is_the_same_404_as_no_file(client, object_storage):
    draft = f.make_report(status=PublicationStatus.DRAFT)
    report_file = f.make_report_file(report=draft)

    response = client.get(file_url(report_file))

    assert response.status_code == 404
    assert object_storage.object_keys() == [f"media/{report_file.file.name}"]


def test_a_published_file_missing_from_the_bucket_is_404(client, object_storage):
    report_file = f.make_report_file(report=f.make_report(status=PublicationStatus.PUBLISHED))
    object_storage.empty()

    assert client.get(file_url(report_file)).status_code == 404


def test_a_large_file_is_streamed_from_the_bucket_not_held_in_memory(client, object_storage):
    content = big_pdf(8 * 1024 * 1024)
    report_file = f.make_report_file(
        report=f.make_report(status=PublicationStatus.PUBLISHED), file=ContentFile(content, name="big.pdf")
    )
    digest, received = hashlib.sha256(), 0

    tracemalloc.start()
    try:
        response = client.get(file_url(report_file))
        for chunk in response.streaming_content:
            digest.update(chunk)
            received += len(chunk)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert (received, digest.hexdigest()) == (len(content), hashlib.sha256(content).hexdigest())
    assert response["Content-Length"] == str(len(content))
    # Sent as it arrives from the store: never more than a small part of the file in memory.
    assert peak < len(content) / 8


def test_staff_open_a_file_through_the_admin_which_names_no_bucket_address(admin_client, object_storage):
    report_file = f.make_report_file(report=f.make_report(status=PublicationStatus.DRAFT))

    change = admin_client.get(admin_url(ReportFile, "change", report_file.pk))
    download = admin_client.get(reverse("admin:reports_reportfile_download", args=[report_file.pk]))

    assert change.status_code == 200
    assert reverse("admin:reports_reportfile_download", args=[report_file.pk]) in change.text
    assert object_storage.server.endpoint_url not in change.text
    assert object_storage.name not in change.text
    assert b"".join(download.streaming_content) == object_storage.read(f"media/{report_file.file.name}")


def test_the_stored_files_and_the_bucket_grant_nothing_to_the_public(object_storage):
    report_file = f.make_report_file()
    client = object_storage.client

    object_acl = client.get_object_acl(Bucket=object_storage.name, Key=f"media/{report_file.file.name}")
    bucket_acl = client.get_bucket_acl(Bucket=object_storage.name)
    with pytest.raises(client.exceptions.ClientError) as no_policy:
        client.get_bucket_policy(Bucket=object_storage.name)

    grantees = {grant["Grantee"].get("URI") for grant in object_acl["Grants"] + bucket_acl["Grants"]}
    assert grantees.isdisjoint(PUBLIC_GRANTEES)
    assert [grant["Permission"] for grant in object_acl["Grants"]] == ["FULL_CONTROL"]
    assert object_acl["Grants"][0]["Grantee"]["ID"] == object_acl["Owner"]["ID"]
    assert no_policy.value.response["Error"]["Code"] == "NoSuchBucketPolicy"


def test_replacing_and_deleting_a_file_removes_it_from_the_bucket(
    object_storage, django_capture_on_commit_callbacks
):
    report_file = f.make_report_file()
    first = report_file.file.name

    with django_capture_on_commit_callbacks(execute=True):
        report_file.file = ContentFile(f.pdf_bytes("Second edition"), name="second.pdf")
        report_file.save()
    after_replacing = object_storage.object_keys()
    with django_capture_on_commit_callbacks(execute=True):
        report_file.delete()

    assert report_file.file.name != first
    assert after_replacing == [f"media/{report_file.file.name}"]
    assert object_storage.object_keys() == []


def test_another_process_with_the_same_settings_reads_what_this_one_stored(object_storage):
    name = default_storage.save("reports/shared.pdf", ContentFile(b"%PDF-1.7 shared"))
    code = (
        "from django.core.files.storage import default_storage; "
        f"print(default_storage.open({name!r}).read().decode())"
    )

    done = subprocess.run(
        [sys.executable, str(MANAGE), "shell", "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **object_storage.environment()},
    )

    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "%PDF-1.7 shared"


# -- the storage itself --------------------------------------------------------------------------------


def test_a_stored_file_reads_from_any_position_as_a_file_on_disk_does(object_storage):
    content = bytes(range(256)) * 64
    name = default_storage.save("reports/positions.pdf", ContentFile(content))

    with default_storage.open(name) as stored:
        start = stored.read(100)
        stored.seek(5000)
        middle = stored.read(100)
        stored.seek(-10, io.SEEK_END)
        end = stored.read()
        at_end = stored.tell()
        stored.seek(100)
        rest = stored.read()

    assert (start, middle, end, at_end) == (content[:100], content[5000:5100], content[-10:], len(content))
    assert rest == content[100:]
    assert stored.size == len(content)


def test_a_file_gone_from_the_bucket_is_file_not_found_as_on_disk(object_storage):
    with pytest.raises(FileNotFoundError):
        default_storage.open("reports/gone.pdf")
    with pytest.raises(FileNotFoundError):
        default_storage.get_modified_time("reports/gone.pdf")


# -- files waiting for confirmation ------------------------------------------------------------------


@pytest.fixture
def importer(client, django_user_model):
    user = django_user_model.objects.create_user(username="importer", password=None, is_staff=True)
    codenames = ["view_delegation", "change_delegation", "view_delegationmember", "change_delegationmember"]
    user.user_permissions.set(Permission.objects.filter(codename__in=[*codenames, "import_roster"]))
    client.force_login(user)
    client.user = user
    return client


def test_a_roster_import_keeps_its_file_in_the_bucket_until_confirmed(importer, object_storage, tmp_path):
    delegation = f.make_delegation()

    previewed = preview(importer, delegation, ROSTER)
    waiting = object_storage.object_keys()
    done = confirm(importer, previewed)

    assert previewed.status_code == 200
    assert "唐鳳" in previewed.text
    assert len(waiting) == 1 and waiting[0].startswith("imports/previews/")
    assert done.status_code == 302
    assert list(delegation.members.order_by("order").values_list("person__name_zh", "title")) == [
        ("林菊穗", "分析師"),
        ("唐鳳", "政務委員"),
    ]
    assert ImportRecord.objects.get().outcome == "imported"
    assert object_storage.object_keys() == []


def test_a_confirmation_whose_file_left_the_bucket_asks_for_it_again(importer, object_storage):
    delegation = f.make_delegation()
    previewed = preview(importer, delegation, ROSTER)
    object_storage.empty()

    done = confirm(importer, previewed)

    assert done.status_code == 302
    assert done.url == f"{import_url()}?delegation={delegation.pk}"
    assert delegation.members.count() == 0


def test_abandoned_previews_leave_the_bucket_from_the_admin_and_from_the_timer(
    importer, object_storage, settings
):
    delegation = f.make_delegation()
    preview(importer, delegation, ROSTER)
    preview(importer, delegation, ROSTER)
    waiting = object_storage.object_keys()
    settings.IMPORT_PREVIEW_MAX_AGE = -1

    importer.get(import_url())
    after_admin = object_storage.object_keys()
    preview(importer, delegation, ROSTER)
    out = io.StringIO()
    with translation.override("en"):
        call_command("remove_abandoned_imports", stdout=out)

    assert len(waiting) == 2
    assert after_admin == []
    assert object_storage.object_keys() == []
    assert out.getvalue().strip() == "1 abandoned import file removed."


def test_a_report_started_from_its_pdf_waits_in_the_bucket_and_its_pdf_is_kept_there(
    client, django_user_model, object_storage
):
    editor = django_user_model.objects.create_user(username="editor", password=None, is_staff=True)
    editor.groups.add(Group.objects.get(name="編輯 Editor"))
    client.force_login(editor)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    pdf = source_pdf(REPORT_2023)

    previewed = upload_for_draft(client, "report-2023.pdf", pdf)
    waiting = object_storage.object_keys()
    data = form_data(previewed)
    data["save"] = "1"
    saved = client.post(reverse(FROM_PDF), data)

    assert previewed.status_code == 200
    assert len(waiting) == 1 and waiting[0].startswith("imports/previews/")
    assert saved.status_code == 302
    report = Report.objects.get(title__contains="2023年高峰會")
    attached = report.files.get()
    assert object_storage.object_keys() == [f"media/{attached.file.name}"]
    assert object_storage.read(f"media/{attached.file.name}") == pdf
