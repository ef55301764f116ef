"""The change history (core.history): who changed what and when, shown in the admin with
the fields each version changed, reverted from the admin, and written by bulk imports too."""

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from core.spreadsheets.reading import read_table
from events.models import Event, SessionRole
from events.programme_io.plan import ProgrammeImport
from people.models import Person, PersonName
from reports.models import DelegationMember, PublicationStatus, Report
from reports.roster_io import RosterImport
from reports.services import TRANSITIONS, move_report
from tests import factories as f
from tests.events.test_programme_import import PROGRAMME

pytestmark = pytest.mark.django_db


def history_url(record, *version):
    opts = record._meta
    view = "simple_history" if version else "history"
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[record.pk, *version])


def person_form(person, **changes):
    return {
        "name_zh": person.name_zh,
        "name_en": person.name_en,
        "slug": person.slug,
        "biography": person.biography,
        "other_names-TOTAL_FORMS": "0",
        "other_names-INITIAL_FORMS": "0",
        "reports-sourcenote-content_type-object_id-TOTAL_FORMS": "0",
        "reports-sourcenote-content_type-object_id-INITIAL_FORMS": "0",
        **changes,
    }


def test_admin_change_is_kept_with_who_and_the_changed_fields(admin_client, superuser):
    person = f.make_person(name_zh="高仙桂", name_en="Kao Shien Quey")

    response = admin_client.post(
        reverse("admin:people_person_change", args=[person.pk]),
        person_form(person, name_en="Kao Shien-Quey"),
    )
    page = admin_client.get(history_url(person))

    assert response.status_code == 302
    latest = person.history.first()
    assert (latest.history_type, latest.history_user, latest.name_en) == ("~", superuser, "Kao Shien-Quey")
    assert [change.field for change in latest.diff_against(latest.prev_record).changes] == ["name_en"]
    assert page.status_code == 200
    # The version lists the field it changed, old → new.
    assert "Kao Shien Quey\n" in page.text
    assert "&nbsp;&rarr;&nbsp;&nbsp;Kao Shien-Quey" in page.text
    assert superuser.username in page.text


def test_change_is_reverted_from_the_admin(admin_client):
    person = f.make_person(name_zh="高仙桂", name_en="Kao Shien-Quey", biography="國發會副主委")
    first = person.history.get()
    person.name_en, person.biography = "Wrong Name", "誤植"
    person.save()

    form = admin_client.get(history_url(person, first.history_id))
    response = admin_client.post(history_url(person, first.history_id), person_form(first.instance))

    person.refresh_from_db()
    assert form.status_code == 200
    assert response.status_code == 302
    assert (person.name_en, person.biography) == ("Kao Shien-Quey", "國發會副主委")
    assert [record.history_type for record in person.history.all()] == ["~", "~", "+"]


def test_editor_cannot_revert_a_published_report(client, django_user_model):
    editor = django_user_model.objects.create_user(username="editor", password=None, is_staff=True)
    editor.groups.add(Group.objects.get(name="編輯 Editor"))
    report = f.make_report(title="原來的標題", status=PublicationStatus.PUBLISHED)
    first = report.history.get()
    report.title = "審核過的標題"
    report.save()
    client.force_login(editor)

    response = client.post(history_url(report, first.history_id), {"title": "原來的標題"})

    report.refresh_from_db()
    assert response.status_code == 403
    assert report.title == "審核過的標題"


def test_revert_keeps_the_status_the_workflow_gave(admin_client, superuser):
    report = f.make_report(title="草稿標題")
    draft_version = report.history.get()
    for step in ("submit", "publish"):
        move_report(report, TRANSITIONS[step], superuser)
    data = {
        "title": "草稿標題",
        "title_en": "",
        "slug": report.slug,
        "agency": report.agency.pk,
        "category": report.category,
        "category_detail": "",
        "report_date": report.report_date.isoformat(),
        "report_date_precision": "day",
        "access_level": "public",
    }

    response = admin_client.post(history_url(report, draft_version.history_id), data)

    report.refresh_from_db()
    assert response.status_code == 302
    assert report.status == PublicationStatus.PUBLISHED
    assert report.published_at is not None


def test_public_flags_and_search_documents_are_not_history(superuser):
    delegation = f.make_delegation()
    person = f.make_person()
    f.make_member(delegation=delegation, person=person)
    report = f.make_report(delegation=delegation)
    before = person.history.count()

    for step in ("submit", "publish"):
        move_report(report, TRANSITIONS[step], superuser)

    person.refresh_from_db()
    assert person.is_public
    assert person.history.count() == before
    assert "is_public" not in [field.name for field in Person.history.model._meta.fields]
    assert "search_document" not in [field.name for field in Report.history.model._meta.fields]
    assert [(r.history_type, r.status) for r in report.history.all()[:2]] == [
        ("~", PublicationStatus.PUBLISHED),
        ("~", PublicationStatus.IN_REVIEW),
    ]


def test_roster_import_records_history_with_user_and_reason(django_user_model):
    clerk = django_user_model.objects.create_user(username="clerk", password=None, is_staff=True)
    delegation = f.make_delegation()
    f.make_organization(name_zh="國家發展委員會", slug="ndc")
    known = f.make_person(name_zh="高仙桂", name_en="")
    table = (
        "序號,單位,姓名,職稱,英文姓名\n"
        "1,國家發展委員會,高仙桂,副主任委員,Kao Shien-Quey\n"
        "2,國家發展委員會,林菊穗,分析師,\n"
    )

    with translation.override("en"):
        plan = RosterImport(delegation).run(
            read_table(table.encode()), dry_run=False, user=clerk, file_name="roster-2016.csv"
        )

    assert plan.committed
    reason = f"Import of “roster-2016.csv” into {delegation}"
    rows = DelegationMember.history.filter(delegation_id=delegation.pk)
    assert sorted(
        (r.history_type, r.name_as_printed, r.history_user, r.history_change_reason) for r in rows
    ) == [
        ("+", "林菊穗", clerk, reason),
        ("+", "高仙桂", clerk, reason),
    ]
    created = Person.objects.get(name_zh="林菊穗")
    assert [(r.history_type, r.history_user, r.history_change_reason) for r in created.history.all()] == [
        ("+", clerk, reason)
    ]
    assert [(r.history_type, r.name_en, r.history_change_reason) for r in known.history.all()[:1]] == [
        ("~", "Kao Shien-Quey", reason)
    ]


def test_roster_reimport_records_changes_and_removals_once(django_user_model):
    clerk = django_user_model.objects.create_user(username="clerk", password=None, is_staff=True)
    delegation = f.make_delegation()
    f.make_organization(name_zh="國家發展委員會", slug="ndc")
    first = "序號,單位,姓名,職稱\n1,國家發展委員會,高仙桂,副主任委員\n2,國家發展委員會,林菊穗,分析師\n"
    second = "序號,單位,姓名,職稱\n1,國家發展委員會,高仙桂,主任委員\n"

    def run(content):
        importer = RosterImport(delegation, remove_missing=True)
        return importer.run(read_table(content.encode()), dry_run=False, user=clerk, file_name="r.csv")

    run(first)
    kept, removed = DelegationMember.objects.order_by("order")
    run(second)

    assert [(r.history_type, r.title) for r in kept.history.all()] == [("~", "主任委員"), ("+", "副主任委員")]
    assert [r.history_type for r in DelegationMember.history.filter(id=removed.pk)] == ["-", "+"]


def test_person_names_added_by_import_are_history(django_user_model):
    delegation = f.make_delegation()
    f.make_organization(name_zh="國家發展委員會", slug="ndc")
    person = f.make_person(name_zh="朱富美", name_en="Judy Chu")
    f.make_member(delegation=delegation, person=person, order=1, name_as_printed="朱富美")
    table = '序號,單位,姓名,職稱,英文姓名\n1,國家發展委員會,朱富美,主任,"Judy, Fu-meei Ju"\n'

    RosterImport(delegation).run(read_table(table.encode()), dry_run=False, file_name="r.csv")

    names = PersonName.history.filter(person_id=person.pk)
    assert [(r.history_type, r.name) for r in names] == [("+", "Judy, Fu-meei Ju")]


def test_roster_import_in_the_admin_is_history_of_the_importing_user(
    client, django_user_model, settings, tmp_path
):
    settings.STORAGES = {
        **settings.STORAGES,
        "import_export": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }
    editor = django_user_model.objects.create_user(username="editor", password=None, is_staff=True)
    editor.groups.add(Group.objects.get(name="編輯 Editor"))
    client.force_login(editor)
    delegation = f.make_delegation()
    upload = SimpleUploadedFile(
        "tallinn.csv", "序號,單位,姓名,職稱\n1,國家發展委員會,林菊穗,分析師\n".encode()
    )

    with translation.override("en"):
        preview = client.post(
            reverse("admin:reports_delegationmember_import"),
            {"delegation": delegation.pk, "import_file": upload, "format": "0"},
        )
        form = preview.context["confirm_form"]
        data = {name: form[name].value() for name in form.fields}
        done = client.post(
            reverse("admin:reports_delegationmember_process_import"),
            {key: value for key, value in data.items() if value is not None},
        )

    assert done.status_code == 302
    member = DelegationMember.history.get(delegation_id=delegation.pk)
    assert (member.history_type, member.history_user, member.history_change_reason) == (
        "+",
        editor,
        # In the language the importing editor reads the admin in (Chinese by default).
        f"匯入「tallinn.csv」至{delegation}",
    )


@pytest.mark.django_db
def test_a_reports_keywords_are_kept_in_each_version():
    report = f.make_report()
    report.keywords.add(f.make_keyword(name="開放國會"), f.make_keyword(name="公民參與"))
    report.keywords.remove(report.keywords.get(name="公民參與"))

    versions = list(report.history.order_by("history_id"))

    assert [sorted(link.keyword.name for link in version.keywords.all()) for version in versions] == [
        [],
        ["公民參與", "開放國會"],
        ["開放國會"],
    ]


@pytest.mark.django_db
def test_a_programme_import_keeps_each_sessions_tracks_in_its_version():
    summit = f.make_summit(slug="ogp-2016-paris", time_zone="Europe/Paris")
    f.make_room(summit=summit, slug="hemicycle", venue="Palais d'Iéna", name="Hemicycle")

    ProgrammeImport(summit).run(read_table(PROGRAMME.encode()), dry_run=False, file_name="agenda.csv")

    panel = Event.objects.get(slug="ogp-2016-paris-open-local")
    (version,) = panel.history.all()
    assert [link.track.name_en for link in version.tracks.all()] == ["Open parliament"]
    assert sorted(link.language.code for link in version.languages.all()) == ["en", "fr"]
    # Each new role has its first version, as it was written.
    roles = SessionRole.history.filter(event_id=panel.pk).order_by("order")
    assert [(r.history_type, r.role, r.name_as_printed, r.note) for r in roles] == [
        ("+", "speaker", "Audrey Tang", ""),
        ("+", "organiser", "OGP Support Unit", ""),
    ]


# -- as staff read it, in Chinese (issue 13) ----------------------------------------------------


def delegation_form(delegation, members):
    from tests.core.test_admin import _formset

    return {
        "title": delegation.title,
        "title_en": delegation.title_en,
        "slug": delegation.slug,
        "organising_agency": delegation.organising_agency_id or "",
        "contact_person": "",
        "contact_phone": "",
        "departure_date": delegation.departure_date.isoformat() if delegation.departure_date else "",
        "return_date": delegation.return_date.isoformat() if delegation.return_date else "",
        "description": delegation.description,
        **_formset("destinations", []),
        **_formset("members", members, total_initial=len(members)),
        **_formset("event_links", []),
        **_formset("reports-sourcenote-content_type-object_id", []),
    }


def test_history_page_is_in_chinese_with_statuses_as_their_labels(admin_client, superuser):
    report = f.make_report(title="出席 OGP 高峰會")
    for step in ("submit", "publish"):
        move_report(report, TRANSITIONS[step], superuser)

    page = admin_client.get(history_url(report), HTTP_ACCEPT_LANGUAGE="zh-hant")

    assert "<strong>發布狀態:</strong>" in page.text
    assert "審核中\n" in page.text
    assert "&nbsp;&rarr;&nbsp;&nbsp;已發布" in page.text
    assert "in_review" not in page.text
    for english in (
        "Object",
        "Changed by",
        "Change reason",
        "Changes",
        ">None<",
        ">Changed<",
        "Choose a date",
    ):
        assert english not in page.text
    assert "修改者" in page.text


def test_history_lists_the_inline_rows_changed_with_a_version(admin_client):
    delegation = f.make_delegation()
    member = f.make_member(delegation=delegation, order=1, name_as_printed="林菊穗", title="分析師")
    row = {
        "id": member.pk,
        "delegation": delegation.pk,
        "order": 1,
        "person": member.person_id,
        "name_as_printed": "林菊穗",
        "organization": "",
        "organization_as_printed": "",
        "title": "專門委員",
        "grade": "",
        "role": member.role,
        "sector": member.sector,
    }

    response = admin_client.post(
        reverse("admin:reports_delegation_change", args=[delegation.pk]), delegation_form(delegation, [row])
    )
    page = admin_client.get(history_url(delegation), HTTP_ACCEPT_LANGUAGE="zh-hant")

    assert response.status_code == 302, response.context["errors"]
    assert "團員「1. 林菊穗」：修改" in page.text
    assert "<strong>職稱:</strong> 分析師 &nbsp;&rarr;&nbsp;&nbsp;專門委員" in page.text


def test_an_imports_reason_naming_a_long_title_is_cut_to_what_the_history_holds(superuser):
    title = (
        "出席開放政府夥伴關係聯盟(Open Government Partnership, OGP) 2016 年高峰會"
        "暨參訪法國數位服務署及巴黎市政府"
    )
    delegation = f.make_delegation(title=title)
    table = "序號,單位,姓名,職稱\n1,國家發展委員會,高仙桂,主任委員\n"
    with translation.override("en"):
        plan = RosterImport(delegation).run(
            read_table(table.encode()), dry_run=False, user=superuser, file_name="出國人員名單-2016.csv"
        )
    assert plan.committed
    [row] = DelegationMember.history.filter(delegation_id=delegation.pk)
    assert len(row.history_change_reason) == 100
    assert row.history_change_reason.startswith("Import of “出國人員名單-2016.csv” into 出席開放政府")
    assert row.history_change_reason.endswith("…")
