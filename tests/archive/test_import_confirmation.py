"""The admin's confirmation writes what the preview showed, or nothing; the preview of a badly
broken file stays readable; a published delegation's roster is closed to importers who may not
change it."""

import datetime
import io

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command

from archive.models import ImportRecord
from events.models import Event
from reports.models import DelegationMember, PublicationStatus
from tests import factories as f
from tests.archive.test_import_admin import (
    confirm,
    import_url,
    preview,
    process_url,
    stored_files,
    upload,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english", "import_folder")]

ROSTER = "序號,單位,姓名,職稱\n1,國家發展委員會,林菊穗,分析師\n2,行政院,唐鳳,政務委員\n"


@pytest.fixture
def importer(client, django_user_model):
    user = django_user_model.objects.create_user(username="importer", password=None, is_staff=True)
    codenames = [
        "view_delegation",
        "change_delegation",
        "view_delegationmember",
        "change_delegationmember",
        "import_roster",
        "view_event",
        "change_event",
        "import_programme",
    ]
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def test_a_confirmation_that_would_now_delete_a_row_the_preview_kept_writes_nothing(importer, import_folder):
    delegation = f.make_delegation()
    response = importer.post(
        import_url(),
        {"delegation": delegation.pk, "import_file": upload(ROSTER), "format": "0", "remove_missing": "on"},
    )
    assert "0 deleted" in response.text
    # A colleague adds a member between the preview and the confirmation.
    f.make_member(delegation=delegation, order=3, person=f.make_person(name_zh="高嘉良"))

    done = confirm(importer, response)
    page = importer.get(done.url)

    assert done.url == f"{import_url()}?delegation={delegation.pk}"
    assert [m.person.name_zh for m in delegation.members.all()] == ["高嘉良"]
    assert "The archive changed after the preview" in page.text
    assert "2 new, 0 updated, 0 unchanged, 1 deleted" in page.text
    record = ImportRecord.objects.get()
    assert record.outcome == "refused"
    assert record.messages.startswith("The archive changed after the preview")
    assert stored_files(import_folder) == []


def test_a_confirmation_of_the_same_plan_still_writes(importer):
    delegation = f.make_delegation()
    response = preview(importer, delegation, ROSTER)
    # A change the import does not touch leaves the plan as it was.
    f.make_person(name_zh="高嘉良")

    done = confirm(importer, response)

    assert done.status_code == 302
    assert delegation.members.count() == 2
    assert ImportRecord.objects.get().outcome == "imported"


def test_a_programme_confirmation_does_not_undo_a_colleagues_edit(importer):
    summit = f.make_summit(slug="paris")
    day = datetime.date(2016, 12, 7)
    kept = f.make_session(parent=summit, slug="paris-kept", title_en="Kept", start_date=day, end_date=day)
    edited = f.make_session(
        parent=summit, slug="paris-edited", title_en="Edited", start_date=day, end_date=day
    )
    agenda = "key,date,title_en\nkept,2016-12-07,Kept again\nedited,2016-12-07,Edited\n"
    response = importer.post(
        import_url("events/event"),
        {"summit": summit.pk, "import_file": upload(agenda, "agenda.csv"), "format": "0"},
    )
    assert "0 new, 1 updated, 1 unchanged" in response.text
    Event.objects.filter(pk=edited.pk).update(title_en="Edited by a colleague")

    form = response.context["confirm_form"]
    done = importer.post(process_url("events/event"), {name: form[name].value() for name in form.fields})

    assert done.status_code == 302
    assert Event.objects.get(pk=edited.pk).title_en == "Edited by a colleague"
    assert Event.objects.get(pk=kept.pk).title_en == "Kept"
    assert ImportRecord.objects.get().outcome == "refused"


def test_the_preview_of_a_file_of_many_bad_rows_shows_the_first_500_problems(importer):
    delegation = f.make_delegation()
    rows = "".join(f"{n},國發會,,科長\n" for n in range(1, 601))

    response = preview(importer, delegation, "序號,單位,姓名,職稱\n" + rows)

    assert response.text.count('<tr class="error">') == 500
    assert "… and 100 more problems, not shown." in response.text
    assert DelegationMember.objects.count() == 0


def test_a_csv_row_split_by_an_unquoted_comma_is_refused(importer):
    delegation = f.make_delegation()

    response = preview(importer, delegation, "序號,單位,姓名,職稱\n1,國發會,林菊穗,分析師,科長\n")

    assert "confirm_form" not in response.context
    assert "The row has 5 cells but the header only 4 columns" in response.text


@pytest.fixture
def editor(client, django_user_model):
    """May import rosters into draft reports' delegations, but not publish."""
    user = django_user_model.objects.create_user(username="editor", password=None, is_staff=True)
    codenames = ["view_delegation", "change_delegation", "view_delegationmember", "import_roster"]
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def test_a_published_delegation_offers_no_import_to_an_editor_who_may_not_change_it(editor):
    delegation = f.make_delegation()
    f.make_report(delegation=delegation, status=PublicationStatus.PUBLISHED)
    draft = f.make_delegation()
    f.make_report(delegation=draft, status=PublicationStatus.DRAFT)

    published_page = editor.get(f"/admin/reports/delegation/{delegation.pk}/change/")
    draft_page = editor.get(f"/admin/reports/delegation/{draft.pk}/change/")
    response = preview(editor, delegation, ROSTER)

    assert f"{import_url()}?delegation={delegation.pk}" not in published_page.text
    assert f"{import_url()}?delegation={draft.pk}" in draft_page.text
    assert "only a reviewer can change its roster" in response.text
    assert DelegationMember.objects.count() == 0


def test_opening_the_import_page_removes_abandoned_previews(importer, import_folder, settings):
    delegation = f.make_delegation()
    preview(importer, delegation, ROSTER)
    assert len(stored_files(import_folder)) == 1
    settings.IMPORT_PREVIEW_MAX_AGE = -1

    importer.get(import_url())

    assert stored_files(import_folder) == []


def test_a_timer_removes_abandoned_previews_without_the_admin(importer, import_folder, settings):
    delegation = f.make_delegation()
    preview(importer, delegation, ROSTER)
    preview(importer, delegation, ROSTER)
    settings.IMPORT_PREVIEW_MAX_AGE = -1
    out = io.StringIO()

    call_command("remove_abandoned_imports", stdout=out)

    assert out.getvalue() == "2 abandoned import files removed.\n"
    assert stored_files(import_folder) == []


def test_an_editor_opening_the_import_of_a_published_delegation_is_told_why(editor):
    delegation = f.make_delegation()
    f.make_report(delegation=delegation, status=PublicationStatus.PUBLISHED)

    page = editor.get(import_url(), {"delegation": delegation.pk}, HTTP_ACCEPT_LANGUAGE="zh-hant")

    assert "這個代表團的報告正在審查中或已公開：只有審查人員可以修改團員名單。" in page.text
