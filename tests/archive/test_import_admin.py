"""Rosters and programmes through the admin: upload, preview, confirm; permissions; temporary
files; the record of each import."""

import datetime
import os
import re

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from archive.models import ImportRecord
from core.spreadsheets.reading import read_table
from reports.models import DelegationMember
from tests import factories as f

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("import_folder")]

ROSTER = "序號,單位,姓名,職稱\n1,國家發展委員會,林菊穗,分析師\n2,行政院,唐鳳,政務委員\n"


def stored_files(folder):
    return sorted(p.name for p in folder.rglob("*") if p.is_file())


def upload(content, name="roster.csv"):
    data = content.encode("utf-8") if isinstance(content, str) else content
    return SimpleUploadedFile(name, data)


def import_url(model="reports/delegationmember"):
    app, name = model.split("/")
    return reverse(f"admin:{app}_{name}_import")


def process_url(model="reports/delegationmember"):
    app, name = model.split("/")
    return reverse(f"admin:{app}_{name}_process_import")


def preview(client, delegation, content, name="roster.csv", **headers):
    return client.post(
        import_url(),
        {"delegation": delegation.pk, "import_file": upload(content, name), "format": "0"},
        **headers,
    )


def confirm(client, response):
    form = response.context["confirm_form"]
    data = {name: form[name].value() for name in form.fields}
    return client.post(process_url(), {k: v for k, v in data.items() if v is not None})


@pytest.fixture
def clerk(client, django_user_model):
    """A staff member who may keep rosters (change permission) but not import them."""
    user = django_user_model.objects.create_user(username="clerk", password=None, is_staff=True)
    codenames = ["view_delegation", "change_delegation", "view_delegationmember", "change_delegationmember"]
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def importer(clerk):
    clerk.user.user_permissions.add(Permission.objects.get(codename="import_roster"))
    return clerk


def test_staff_imports_a_roster_after_a_preview(importer, import_folder):
    delegation = f.make_delegation()
    f.make_person(name_zh="林菊穗", name_en="Lin Chu-sui")

    response = preview(importer, delegation, ROSTER)

    assert response.status_code == 200
    assert DelegationMember.objects.count() == 0
    assert "confirm_form" in response.context
    assert len(stored_files(import_folder)) == 1
    assert "唐鳳" in response.text

    done = confirm(importer, response)

    assert done.status_code == 302
    assert done.url == reverse("admin:reports_delegation_change", args=[delegation.pk])
    rows = [(m.order, m.person.name_zh, m.title) for m in delegation.members.select_related("person")]
    assert rows == [(1, "林菊穗", "分析師"), (2, "唐鳳", "政務委員")]
    assert stored_files(import_folder) == []
    record = ImportRecord.objects.get()
    assert (record.outcome, record.rows_new, record.file_name, record.user) == (
        "imported",
        2,
        "roster.csv",
        importer.user,
    )
    assert record.file_sha256 == read_table(ROSTER.encode()).sha256


def test_staff_without_the_import_permission_see_no_button_and_get_403(clerk):
    delegation = f.make_delegation()
    page = clerk.get(reverse("admin:reports_delegation_change", args=[delegation.pk]))

    get = clerk.get(import_url(), {"delegation": delegation.pk})
    post = clerk.post(
        import_url(), {"delegation": delegation.pk, "import_file": upload(ROSTER), "format": "0"}
    )
    confirm_post = clerk.post(process_url(), {"delegation": delegation.pk, "import_file_name": "x"})
    changelist = clerk.get(reverse("admin:reports_delegationmember_changelist"))

    assert page.status_code == 200
    assert "Import roster" not in page.text and "匯入團員名單" not in page.text
    assert reverse("admin:reports_delegation_roster_export", args=[delegation.pk, "xlsx"]) in page.text
    assert (get.status_code, post.status_code, confirm_post.status_code) == (403, 403, 403)
    assert import_url() not in changelist.text
    assert DelegationMember.objects.count() == 0


def test_staff_with_the_import_permission_see_the_button(importer):
    delegation = f.make_delegation()

    page = importer.get(reverse("admin:reports_delegation_change", args=[delegation.pk]))
    form = importer.get(import_url(), {"delegation": delegation.pk})

    assert f"{import_url()}?delegation={delegation.pk}" in page.text
    assert form.status_code == 200
    assert "序號（order）、單位（organization）" in form.text  # the columns, in the staff's language


def test_a_file_with_errors_shows_them_by_row_and_column_and_is_not_kept(importer, import_folder):
    delegation = f.make_delegation()
    content = "序號,單位,姓名,職稱\n1,國發會,林菊穗,分析師\n2,國發會,,科長\n1,國發會,唐鳳,政務委員\n"

    response = preview(importer, delegation, content.encode("cp950"), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert "confirm_form" not in response.context
    assert "Nothing was written." in response.text
    assert "姓名 is empty: every roster row needs a name." in response.text
    assert "序號 1 repeats row 2." in response.text
    assert stored_files(import_folder) == []
    assert DelegationMember.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("photo.png", b"\x89PNG\r\n\x1a\n....", "This is a PNG file, not a spreadsheet"),
        ("roster.xlsx", b"PK\x03\x04....", "The file is damaged"),
        ("roster.csv", "名單\n".encode("cp950"), "The file has no “單位” (or “organization”) column"),
    ],
)
def test_a_file_that_is_no_roster_gets_a_clear_message(importer, import_folder, name, data, message):
    delegation = f.make_delegation()

    response = preview(importer, delegation, data, name=name, HTTP_ACCEPT_LANGUAGE="en")

    assert message in response.text
    assert "encountered while trying to read file" not in response.text
    assert stored_files(import_folder) == []


def test_a_file_over_the_size_limit_is_refused_before_it_is_stored(importer, import_folder, settings):
    settings.IMPORT_MAX_UPLOAD_SIZE = 100
    delegation = f.make_delegation()

    response = preview(importer, delegation, ROSTER * 10, HTTP_ACCEPT_LANGUAGE="en")

    assert "files of at most 100\xa0bytes can be imported." in response.text
    assert stored_files(import_folder) == []


def test_abandoned_previews_are_removed_at_the_next_upload(importer, import_folder):
    delegation = f.make_delegation()
    preview(importer, delegation, ROSTER)
    [abandoned] = stored_files(import_folder)
    old = (datetime.datetime.now() - datetime.timedelta(hours=2)).timestamp()
    os.utime(import_folder / "previews" / abandoned, (old, old))

    preview(importer, delegation, ROSTER)

    assert abandoned not in stored_files(import_folder)
    assert len(stored_files(import_folder)) == 1


def test_a_confirmation_whose_file_is_gone_asks_for_it_again(importer, import_folder):
    delegation = f.make_delegation()
    response = preview(importer, delegation, ROSTER)
    for path in (import_folder / "previews").iterdir():
        path.unlink()

    done = confirm(importer, response)

    assert done.status_code == 302
    assert done.url == f"{import_url()}?delegation={delegation.pk}"
    assert DelegationMember.objects.count() == 0


def test_a_confirmation_after_the_archive_changed_writes_nothing_and_is_recorded(importer, import_folder):
    delegation = f.make_delegation()
    response = preview(importer, delegation, ROSTER)
    f.make_member(delegation=delegation, order=9, person=f.make_person(name_zh="唐鳳"))

    done = confirm(importer, response)

    assert done.status_code == 302
    assert delegation.members.count() == 1
    assert ImportRecord.objects.get().outcome == "refused"
    assert stored_files(import_folder) == []


def test_roster_export_from_the_delegation_page_is_streamed_and_safe(clerk):
    delegation = f.make_delegation(slug="trip")
    person = f.make_person(name_zh="林菊穗", name_en="")
    f.make_member(delegation=delegation, order=1, person=person, title="=1+1")

    response = clerk.get(reverse("admin:reports_delegation_roster_export", args=[delegation.pk, "csv"]))

    assert response.streaming
    assert response["Content-Disposition"] == 'attachment; filename="trip-roster.csv"'
    assert b"".join(response.streaming_content).decode("utf-8").splitlines()[1] == "1,,林菊穗,'=1+1,,,"


def test_import_records_are_read_only_in_the_admin(importer, superuser):
    delegation = f.make_delegation()
    confirm(importer, preview(importer, delegation, ROSTER))
    record = ImportRecord.objects.get()
    admin_client = Client()
    admin_client.force_login(superuser)

    changelist = admin_client.get(reverse("admin:archive_importrecord_changelist"))
    change = admin_client.get(reverse("admin:archive_importrecord_change", args=[record.pk]))
    add = admin_client.get(reverse("admin:archive_importrecord_add"))

    assert (changelist.status_code, change.status_code, add.status_code) == (200, 200, 403)
    assert record.file_sha256 in change.text
    assert 'name="_save"' not in change.text


PROGRAMME = (
    "key,date,start,end,title_en,speakers\nopening,2016-12-07,09:00,10:00,Opening,Audrey Tang (speaker)\n"
)


def test_staff_import_a_programme_into_a_summit(client, django_user_model, import_folder):
    user = django_user_model.objects.create_user(username="editor", password=None, is_staff=True)
    codenames = ["view_event", "change_event", "import_programme"]
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    client.force_login(user)
    summit = f.make_summit(slug="paris", time_zone="Europe/Paris")

    page = client.get(reverse("admin:events_event_change", args=[summit.pk]))
    response = client.post(
        import_url("events/event"),
        {"summit": summit.pk, "import_file": upload(PROGRAMME, "agenda.csv"), "format": "0"},
    )
    form = response.context["confirm_form"]
    done = client.post(process_url("events/event"), {name: form[name].value() for name in form.fields})

    assert f"{import_url('events/event')}?summit={summit.pk}" in page.text
    assert reverse("admin:events_event_programme_export", args=[summit.pk, "ods"]) in page.text
    assert done.status_code == 302
    session = summit.programme.get()
    assert (session.slug, session.local_start.strftime("%H:%M")) == ("paris-opening", "09:00")
    assert ImportRecord.objects.get().event == summit
    assert stored_files(import_folder) == []


def test_programme_import_needs_its_own_permission(clerk):
    summit = f.make_summit()

    response = clerk.get(import_url("events/event"), {"summit": summit.pk})

    assert response.status_code == 403


# -- in Traditional Chinese ----------------------------------------------------------------

# Row 4 repeats row 2's 序號 and row 3 has no name.
ROSTER_WITH_ERRORS = "序號,單位,姓名,職稱\n1,國發會,林菊穗,分析師\n2,國發會,,科長\n1,國發會,唐鳳,政務委員\n"
ROSTER_WITHOUT_TITLES = "序號,單位,姓名\n1,國發會,林菊穗\n"
# django-import-export's words on its import page; its package has no Traditional Chinese.
IMPORT_EXPORT_ENGLISH = (
    "Import",
    "This importer will import the following fields",
    "Submit",
    "Format",
    "Below is a preview of data to be imported",
    "Confirm import",
    "Reports",
)


def words_shown(html):
    """The text a staff member reads on a page: its title, text and buttons, without markup."""
    html = re.sub(r"(?s)<script.*?</script>|<style.*?</style>", " ", html)
    buttons = re.findall(r'<input type="submit"[^>]*value="([^"]*)"', html)
    return " ".join([re.sub(r"<[^>]+>", " ", html), *buttons])


def test_the_import_page_is_in_chinese(importer):
    delegation = f.make_delegation()

    page = importer.get(import_url(), {"delegation": delegation.pk}, HTTP_ACCEPT_LANGUAGE="zh-hant")

    shown = words_shown(page.text)
    assert "<title>匯入 | " in page.text
    assert "出國報告 &rsaquo; 團員名單 &rsaquo; 匯入" in " ".join(shown.split())
    assert "此匯入將讀取下列欄位：" in shown
    assert "檔案格式" in shown
    assert '<input type="submit" class="default" value="送出">' in page.text
    assert [word for word in IMPORT_EXPORT_ENGLISH if word in shown] == []


def test_the_preview_page_is_in_chinese(importer):
    delegation = f.make_delegation()

    response = preview(importer, delegation, ROSTER, HTTP_ACCEPT_LANGUAGE="zh-hant")

    shown = words_shown(response.text)
    assert "以下是將匯入資料的預覽。確認無誤後，請按「確認匯入」。" in shown
    assert '<input type="submit" class="default" name="confirm" value="確認匯入">' in response.text
    assert "新增 2 列、更新 0 列、未變更 0 列、刪除 0 列、錯誤 0 列" in shown
    assert [word for word in IMPORT_EXPORT_ENGLISH if word in shown] == []


def test_the_admin_names_each_problem_in_chinese(importer):
    delegation = f.make_delegation()

    response = preview(
        importer, delegation, ROSTER_WITH_ERRORS.encode("cp950"), HTTP_ACCEPT_LANGUAGE="zh-hant"
    )

    assert "此檔案無法匯入" in response.text
    assert "未寫入任何資料。請修正檔案中的下列問題後重新上傳。" in response.text
    assert "姓名 為空白：每一列團員都需要姓名。" in response.text
    assert "序號 1 與第 2 列重複。" in response.text
    assert "Nothing was written" not in response.text
    assert "repeats row" not in response.text
    assert DelegationMember.objects.count() == 0


def test_the_admin_names_a_missing_column_in_chinese(importer):
    delegation = f.make_delegation()

    response = preview(importer, delegation, ROSTER_WITHOUT_TITLES, HTTP_ACCEPT_LANGUAGE="zh-hant")

    assert "檔案缺少「職稱」欄（或「title」）：標題列（第 1 列）必須有此欄。" in response.text
    assert DelegationMember.objects.count() == 0


def test_the_preview_names_updated_rows_and_english_headers_in_chinese(importer):
    delegation = f.make_delegation()
    f.make_member(delegation=delegation, order=1, name_as_printed="林菊穗", title="分析師")
    english_roster = "ORDER,UNIT,NAME,TITLE\n1,國家發展委員會,林菊穗,專門委員\n"

    response = preview(importer, delegation, english_roster, HTTP_ACCEPT_LANGUAGE="zh-hant")

    header = re.search(
        r'(?s)<table class="import-preview" id="import-preview">\s*<thead>(.*?)</thead>', response.text
    )
    assert re.findall(r"<th[^>]*>([^<]*)</th>", header.group(1)) == [
        "狀態",
        "列",
        "序號",
        "單位",
        "姓名",
        "職稱",
        "備註",
    ]
    assert '<td class="import-type">更新</td>' in response.text
    assert "更新時間" not in response.text
