"""A draft report from its file, as staff start one in the admin: upload, check what was read
(with the page it was read on), decide the roster's possible duplicates, save as a draft."""

import pathlib
import re

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from people.models import Organization, Person
from reports.models import Delegation, DelegationMember, PublicationStatus, Report

from .. import factories as f
from .report_files import source_pdf

SOURCES = pathlib.Path(__file__).resolve().parents[2] / "fixtures" / "sources"
REPORT_2016 = "000_462c873e76c2ee97.txt"
REPORT_2023 = "002_fae09a33d9b9a563.txt"
FROM_PDF = "admin:reports_report_from_pdf"

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client, django_user_model):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    user = django_user_model.objects.create_user(username="editor", password=None, is_staff=True)
    user.groups.add(Group.objects.get(name="編輯 Editor"))
    client.force_login(user)
    return user


def upload(client, name=REPORT_2016, data=None):
    data = (SOURCES / name).read_bytes() if data is None else data
    return client.post(reverse(FROM_PDF), {"file": SimpleUploadedFile(name, data)})


def form_data(response):
    """The preview's form as the browser would send it back: every field with its value."""
    html = response.content.decode()
    form = html[html.index('id="draft-form"') :]
    data = {}
    for tag in re.findall(r"<input[^>]*>", form):
        name = re.search(r'name="([^"]+)"', tag)
        if name is None or 'type="submit"' in tag or 'type="radio"' in tag:
            continue
        if 'type="checkbox"' in tag and "checked" not in tag:
            continue
        value = re.search(r'value="([^"]*)"', tag)
        data[name.group(1)] = _unescape(value.group(1)) if value else ""
    for name, value in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', form, re.S):
        data[name] = _unescape(value.lstrip("\n"))
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', body)
        data[name] = chosen.group(1) if chosen else ""
    return data


def _unescape(text):
    import html

    return html.unescape(text)


def test_the_preview_shows_what_was_read_with_its_page_and_writes_nothing(client, editor):
    reports, people = Report.objects.count(), Person.objects.count()
    response = upload(client)
    assert response.status_code == 200
    page = response.content.decode()
    assert "出席開放政府夥伴關係聯盟" in page
    assert "國家發展委員會" in page
    assert "Read on page" in page or "Read: " in page
    # The roster, read and checked: 19 rows, every one a new row of the new trip.
    assert page.count('name="traveller-') >= 19 * 7
    assert "唐鳳" in page and "林菊穗" in page
    assert Report.objects.count() == reports and Person.objects.count() == people
    assert not Delegation.objects.filter(title__contains="2016 年高峰會").exists()


def test_saving_makes_a_draft_with_its_sections_recommendations_roster_and_authors(client, editor):
    response = upload(client, REPORT_2023)
    data = form_data(response)
    data["save"] = "1"
    response = client.post(reverse(FROM_PDF), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    report = Report.objects.get(title__contains="2023年高峰會")
    assert response.url == reverse("admin:reports_report_change", args=[report.pk])
    assert report.status == PublicationStatus.DRAFT
    assert report.agency.name_zh == "國家發展委員會"
    assert str(report.report_date) == "2023-12-01" and report.report_date_precision == "month"
    assert (str(report.delegation.departure_date), str(report.delegation.return_date)) == (
        "2023-09-04",
        "2023-09-10",
    )
    assert [d.country for d in report.delegation.destinations.all()] == ["EE"]
    assert report.sections.count() > 10
    assert report.recommendations.count() == 5
    names = list(report.delegation.members.order_by("order").values_list("name_as_printed", flat=True))
    assert len(names) == 9 and "高仙桂" in names
    assert str(report.authors.order_by("order").first().person).startswith("高仙桂")
    # A draft is not public: its page answers 404 to the public.
    client.logout()
    assert client.get(report.get_absolute_url()).status_code == 404


def test_a_possible_duplicate_on_the_roster_waits_for_a_choice(client, editor):
    known = f.make_person(name_zh="", name_en="Kao Hsien-kuei", slug="kao-hsien-kuei")
    response = upload(client, REPORT_2023)
    page = response.content.decode()
    assert "Possibly people already in the archive" in page
    key = re.search(rf'name="(duplicate-\d+)" value="{known.pk}"', page).group(1)
    data = form_data(response)
    data["save"] = "1"
    refused = client.post(reverse(FROM_PDF), data)
    assert refused.status_code == 200
    assert "The draft was not saved" in refused.content.decode()
    assert not Report.objects.filter(title__contains="2023年高峰會").exists()
    assert not Delegation.objects.filter(title__contains="2023年高峰會").exists()

    data[key] = str(known.pk)
    saved = client.post(reverse(FROM_PDF), data)
    assert saved.status_code == 302
    member = DelegationMember.objects.get(
        name_as_printed="高仙桂", delegation__title__contains="2023年高峰會"
    )
    assert member.person == known


def test_corrections_in_the_preview_are_what_is_saved(client, editor):
    data = form_data(upload(client, REPORT_2023))
    data["title"] = "出席 OGP 2023 年高峰會（更正）"
    data["keywords"] = "開放政府、公民參與"
    data["contact_phone"] = "02-2316-5300"
    # A traveller the file did not list, added in the roster's blank row.
    blank = int(data["traveller-TOTAL_FORMS"]) - 1
    data.update(
        {
            f"traveller-{blank}-order": "10",
            f"traveller-{blank}-name": "王小明",
            f"traveller-{blank}-unit": "國家發展委員會",
            f"traveller-{blank}-title": "專員",
        }
    )
    data["save"] = "1"
    assert client.post(reverse(FROM_PDF), data).status_code == 302
    report = Report.objects.get(title="出席 OGP 2023 年高峰會（更正）")
    assert sorted(report.keywords.values_list("name", flat=True)) == ["公民參與", "開放政府"]
    assert report.delegation.contact_phone == "02-2316-5300"
    added = report.delegation.members.get(order=10)
    assert (added.name_as_printed, added.title) == (
        "王小明",
        "專員",
    ) and report.delegation.members.count() == 10
    # The contact phone is private: never in what search reads.
    assert "2316" not in report.search_document


def test_a_file_that_cannot_be_read_is_refused_and_nothing_is_kept(client, editor):
    response = upload(client, "scan.pdf", b"%PDF-1.4\n not really a pdf")
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    assert Report.objects.count() == 0


def test_a_text_that_is_not_a_report_says_what_is_missing(client, editor):
    response = upload(client, "menu.txt", "今日菜單\n牛肉麵 120 元\n".encode())
    page = response.content.decode()
    assert response.status_code == 200
    assert 'class="errorlist' in page
    assert Report.objects.count() == 0


def test_a_forged_or_foreign_token_is_refused(client, editor):
    data = form_data(upload(client, REPORT_2023))
    data["token"] = data["token"][:-2] + "xx"
    data["save"] = "1"
    response = client.post(reverse(FROM_PDF), data)
    assert response.status_code == 302 and response.url == reverse(FROM_PDF)
    assert Report.objects.count() == 0


def test_staff_without_the_import_permission_cannot_start_a_draft(client, django_user_model):
    user = django_user_model.objects.create_user(username="reader", password=None, is_staff=True)
    client.force_login(user)
    assert client.get(reverse(FROM_PDF)).status_code == 403
    assert upload(client).status_code == 403
    assert Organization.objects.count() == 0


def test_a_pdf_is_attached_and_each_section_keeps_its_page(client, editor):
    pdf = source_pdf(SOURCES / REPORT_2016)
    data = form_data(upload(client, "report-2016.pdf", pdf))
    data["system_id"] = ""  # the demo archive is not loaded here; kept empty all the same
    data["save"] = "1"
    assert client.post(reverse(FROM_PDF), data).status_code == 302
    report = Report.objects.get(title__contains="2016 年高峰會")
    attached = report.files.get()
    assert attached.original_name == "report-2016.pdf" and attached.size == len(pdf)
    assert "開放政府" in attached.extracted_text
    pages = [section.page for section in report.sections.order_by("order")]
    assert all(pages) and pages == sorted(pages) and pages[0] > 1


def test_the_command_saves_the_draft_as_read(tmp_path, capsys):
    path = tmp_path / "report-2023.txt"
    path.write_bytes((SOURCES / REPORT_2023).read_bytes())
    call_command("ingest_report", str(path), "--language", "en")
    report = Report.objects.get(title__contains="2023年高峰會")
    assert report.status == PublicationStatus.DRAFT
    assert report.delegation.members.count() == 9 and report.recommendations.count() == 5
    assert "Saved as a draft" in capsys.readouterr().out


def test_the_command_stops_at_a_possible_duplicate_unless_told(tmp_path, capsys):
    known = f.make_person(name_zh="", name_en="Kao Hsien-kuei", slug="kao-hsien-kuei")
    path = tmp_path / "report-2023.txt"
    path.write_bytes((SOURCES / REPORT_2023).read_bytes())
    with pytest.raises(CommandError, match="Nothing was saved"):
        call_command("ingest_report", str(path), "--language", "en")
    assert "Kao Hsien-kuei" in capsys.readouterr().out
    assert not Report.objects.exists() and not Delegation.objects.exists()

    call_command("ingest_report", str(path), "--possible-duplicates", "best", "--language", "en")
    member = DelegationMember.objects.get(name_as_printed="高仙桂")
    assert member.person == known


@pytest.mark.cache
def test_the_upload_page_can_ask_how_far_the_reading_is(client, editor):
    form = client.get(reverse(FROM_PDF)).content.decode()
    job = re.search(r'name="job" value="([0-9a-f-]+)"', form).group(1)
    progress_url = reverse("admin:reports_report_from_pdf_progress", args=[job])
    assert f'data-progress-url="{progress_url}"' in form
    assert client.get(progress_url).json() == {}
    pdf = source_pdf(SOURCES / REPORT_2023)
    client.post(reverse(FROM_PDF), {"file": SimpleUploadedFile("r.pdf", pdf), "job": job})
    progress = client.get(progress_url).json()
    assert progress["done"] == progress["total"] > 1
    # Another staff member's upload id tells nothing.
    other = type(editor).objects.create_user(username="other", password=None, is_staff=True)
    other.groups.add(Group.objects.get(name="編輯 Editor"))
    client.force_login(other)
    assert client.get(progress_url).json() == {}
