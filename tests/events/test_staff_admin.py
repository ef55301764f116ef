"""The admin as staff meet it (issue 13, point 10), in the Chinese admin: a time zone and a
country picked from lists, tracks and dates checked against the session's summit, "save and
add another" keeping the programme's place."""

import datetime
import re

import pytest
from django.utils.html import escape

from events.models import Event, EventKind
from reports.models import PublicationStatus
from tests import factories as f

pytestmark = pytest.mark.django_db

ADD_EVENT = "/admin/events/event/add/"


def session_form(summit, **changes):
    """The event add form as a browser posts it: a session of `summit`, no people."""
    data = {
        "kind": EventKind.SESSION,
        "parent": summit.pk,
        "title_zh": "",
        "title_en": "Open Parliaments",
        "slug": "open-parliaments",
        "format": "",
        "time_zone": "",
        "start_date": "",
        "end_date": "",
        "starts_at_0": "",
        "starts_at_1": "",
        "ends_at_0": "",
        "ends_at_1": "",
        "duration": "",
        "time_as_printed": "",
        "position": "0",
        "venue": "",
        "address": "",
        "city": "",
        "country": "",
        "description": "",
        "website": "",
        "roles-TOTAL_FORMS": "0",
        "roles-INITIAL_FORMS": "0",
        "reports-sourcenote-content_type-object_id-TOTAL_FORMS": "0",
        "reports-sourcenote-content_type-object_id-INITIAL_FORMS": "0",
    }
    return {**data, **changes}


def test_event_form_refuses_a_time_zone_that_is_not_a_zone_name(admin_client):
    summit = f.make_summit()

    response = admin_client.post(ADD_EVENT, session_form(summit, time_zone="Madrid"))

    assert response.status_code == 200
    assert "選擇有效的選項" in response.text
    assert not Event.objects.filter(slug="open-parliaments").exists()


def test_event_form_offers_the_time_zones_as_a_searchable_list(admin_client):
    response = admin_client.get(ADD_EVENT)

    assert '<option value="Europe/Madrid">Europe/Madrid</option>' in response.text
    assert 'class="searchable-select"' in response.text
    assert "admin/ogparchive/searchable-select.js" in response.text


def test_event_form_keeps_a_chosen_time_zone(admin_client):
    summit = f.make_summit()

    response = admin_client.post(
        ADD_EVENT,
        session_form(
            summit,
            time_zone="Europe/Madrid",
            start_date="2016-12-08",
            starts_at_0="2016-12-08",
            starts_at_1="10:00",
        ),
    )

    assert response.status_code == 302
    session = Event.objects.get(slug="open-parliaments")
    assert session.time_zone == "Europe/Madrid"
    assert session.starts_at == datetime.datetime(2016, 12, 8, 9, 0, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    ("url", "make"),
    [
        (ADD_EVENT, None),
        ("/admin/people/organization/add/", None),
        ("/admin/reports/destination/add/", None),
        ("/admin/reports/delegation/add/", None),
    ],
)
def test_country_is_picked_from_countries_named_in_chinese(admin_client, url, make):
    response = admin_client.get(url)

    assert '<option value="ES">西班牙</option>' in response.text
    assert '<option value="TW">臺灣</option>' in response.text


def test_organisation_form_saves_the_country_picked(admin_client):
    response = admin_client.post(
        "/admin/people/organization/add/",
        {
            "name_zh": "西班牙透明委員會",
            "name_en": "",
            "slug": "consejo-transparencia",
            "kind": "government",
            "country": "ES",
            "parent": "",
            "website": "",
            "description": "",
            "other_names-TOTAL_FORMS": "0",
            "other_names-INITIAL_FORMS": "0",
            "reports-sourcenote-content_type-object_id-TOTAL_FORMS": "0",
            "reports-sourcenote-content_type-object_id-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    from people.models import Organization

    assert Organization.objects.get(slug="consejo-transparencia").country == "ES"


def test_event_form_refuses_a_country_name_typed_as_a_code(admin_client):
    summit = f.make_summit()

    response = admin_client.post(ADD_EVENT, session_form(summit, country="Sp"))

    assert "選擇有效的選項" in response.text
    assert not Event.objects.filter(slug="open-parliaments").exists()


def test_session_form_refuses_a_track_of_another_summit(admin_client):
    summit = f.make_summit(title_zh="2016 巴黎高峰會")
    other = f.make_summit(title_zh="2023 塔林高峰會")
    track = f.make_track(summit=other, name_zh="公民空間")

    response = admin_client.post(ADD_EVENT, session_form(summit, tracks=[track.pk]))

    assert "這些議題類別屬於另一場高峰會：公民空間 · 2023 塔林高峰會。" in response.text
    assert not Event.objects.filter(slug="open-parliaments").exists()


def test_session_form_names_each_tracks_summit_in_the_picker(admin_client):
    summit = f.make_summit(title_zh="2016 巴黎高峰會")
    track = f.make_track(summit=summit, name_zh="公民空間")
    session = f.make_session(parent=summit)
    session.tracks.add(track)

    page = admin_client.get(f"/admin/events/event/{session.pk}/change/")
    found = admin_client.get(
        "/admin/autocomplete/",
        {"term": "公民", "app_label": "events", "model_name": "event", "field_name": "tracks"},
    )

    assert escape("公民空間 · 2016 巴黎高峰會") in page.text
    assert found.json()["results"] == [{"id": str(track.pk), "text": "公民空間 · 2016 巴黎高峰會"}]


def test_session_form_refuses_a_start_time_without_a_date_in_a_summit_of_several_days(admin_client):
    summit = f.make_summit()

    response = admin_client.post(ADD_EVENT, session_form(summit, starts_at_1="10:00"))

    assert "時間請連同日期填寫：這場高峰會不只一天。" in response.text
    assert not Event.objects.filter(slug="open-parliaments").exists()


def test_session_form_dates_a_start_time_by_a_one_day_summit(admin_client):
    summit = f.make_summit(start_date=datetime.date(2023, 9, 6), end_date=datetime.date(2023, 9, 6))

    response = admin_client.post(ADD_EVENT, session_form(summit, starts_at_1="10:00", ends_at_1="11:30"))

    assert response.status_code == 302
    session = Event.objects.get(slug="open-parliaments")
    assert session.start_date == datetime.date(2023, 9, 6)
    assert session.local_start == datetime.datetime(2023, 9, 6, 10, 0, tzinfo=summit.zone)
    assert session.local_end == datetime.datetime(2023, 9, 6, 11, 30, tzinfo=summit.zone)


def test_session_form_keeps_the_length_the_source_states_and_the_page_shows_its_end(admin_client):
    summit = f.make_summit(start_date=datetime.date(2023, 9, 6), end_date=datetime.date(2023, 9, 6))

    response = admin_client.post(ADD_EVENT, session_form(summit, starts_at_1="13:15", duration="00:15:00"))

    assert response.status_code == 302
    session = Event.objects.get(slug="open-parliaments")
    assert session.duration == datetime.timedelta(minutes=15)
    assert session.known_end == datetime.datetime(2023, 9, 6, 13, 30, tzinfo=summit.zone)


def test_session_form_takes_the_start_date_from_a_dated_start_time(admin_client):
    summit = f.make_summit()

    admin_client.post(ADD_EVENT, session_form(summit, starts_at_0="2016-12-08", starts_at_1="10:00"))

    assert Event.objects.get(slug="open-parliaments").start_date == datetime.date(2016, 12, 8)


def test_session_form_refuses_dates_outside_the_summit_as_the_import_does(admin_client):
    summit = f.make_summit()  # 2016-12-07 to 2016-12-09

    response = admin_client.post(
        ADD_EVENT,
        session_form(summit, start_date="2016-12-20", starts_at_0="2016-12-05", starts_at_1="10:00"),
    )

    assert "2016-12-20 不在高峰會期間" in response.text
    assert not Event.objects.filter(slug="open-parliaments").exists()


def test_session_form_accepts_a_side_event_two_days_before_the_summit(admin_client):
    summit = f.make_summit()

    response = admin_client.post(
        ADD_EVENT, session_form(summit, kind=EventKind.SIDE_EVENT, start_date="2016-12-05")
    )

    assert response.status_code == 302


def test_save_and_add_another_keeps_the_kind_and_the_summit(admin_client):
    summit = f.make_summit()

    response = admin_client.post(
        ADD_EVENT, session_form(summit, kind=EventKind.SIDE_EVENT, _addanother="1"), follow=True
    )
    form = response.context["adminform"].form

    assert form.initial["kind"] == EventKind.SIDE_EVENT
    assert str(form.initial["parent"]) == str(summit.pk)
    assert f'<option value="{summit.pk}" selected>' in response.text


# -- Traditional characters only, and plain plural names ----------------------------------------

# Characters of Simplified Chinese that Traditional Chinese never writes (删 for 刪, 这 for 這…):
# Django's zh_Hant catalogue once said 成功删除了.
SIMPLIFIED_ONLY = set(
    "删这个们时对会还过选项确认么话请输编辑记录页码数错误显历态发审员户实现设权组无报团称档传网条间"
    "从导动机构长类标题语词开闭链样变换务将应该当属东国门问级节览读写备图"
)


def simplified_in(html):
    text = re.sub(r"(?s)<script.*?</script>|<style.*?</style>|<[^>]+>", " ", html)
    return sorted({character for character in text if character in SIMPLIFIED_ONLY})


def test_admin_pages_write_traditional_characters_only(admin_client):
    report = f.make_report()
    person = f.make_person(name_zh="高仙桂")
    pages = [
        "/admin/",
        "/admin/reports/report/",
        f"/admin/reports/report/{report.pk}/change/",
        f"/admin/reports/report/{report.pk}/history/",
        f"/admin/people/person/{person.pk}/delete/",
        ADD_EVENT,
        "/admin/people/organization/add/",
        "/admin/reports/delegationmember/import/",
    ]

    found = {url: simplified_in(admin_client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hant").text) for url in pages}
    deleted = admin_client.post(
        f"/admin/people/person/{person.pk}/delete/",
        {"post": "yes"},
        HTTP_ACCEPT_LANGUAGE="zh-hant",
        follow=True,
    )

    assert found == {url: [] for url in pages}
    assert "已成功刪除人物「高仙桂 (Test Person" in deleted.text
    assert simplified_in(deleted.text) == []


def test_model_names_in_the_admin_carry_no_measure_words(admin_client):
    page = admin_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="zh-hant")

    assert ">人物<" in page.text
    assert ">報告<" in page.text or ">出國報告<" in page.text
    assert "位人物" not in page.text
    assert "份報告" not in page.text
    assert "個代表團" not in page.text


def test_home_page_counts_read_with_their_measure_words(client):
    f.make_report(status=PublicationStatus.PUBLISHED)

    page = client.get("/zh-hant/")

    assert re.search(r"<strong>1</strong>\s*份報告", page.text)
    assert re.search(r"<strong>0</strong>\s*個代表團", page.text)
    assert re.search(r"<strong>\d+</strong>\s*位人物", page.text)


def test_home_page_counts_read_in_english_singular_and_plural(client):
    f.make_report(status=PublicationStatus.PUBLISHED)

    page = client.get("/en/")

    assert re.search(r"<strong>1</strong>\s*report<", page.text)
    assert re.search(r"<strong>0</strong>\s*delegations<", page.text)
    assert re.search(r"<strong>0</strong>\s*sessions<", page.text)


def test_event_form_refuses_a_start_time_without_a_date_outside_any_summit(admin_client):
    response = admin_client.post(
        ADD_EVENT, session_form(f.make_summit(), parent="", kind=EventKind.VISIT, starts_at_1="10:00")
    )

    assert "時間請連同日期填寫。" in response.text
    assert not Event.objects.filter(slug="open-parliaments").exists()


@pytest.mark.parametrize(
    ("url", "make"),
    [
        ("/admin/events/event/", lambda country: f.make_summit(country=country)),
        ("/admin/people/organization/", lambda country: f.make_organization(country=country)),
        ("/admin/reports/destination/", lambda country: f.make_destination(country=country)),
        ("/admin/reports/delegation/", lambda country: f.make_destination(country=country)),
    ],
)
def test_country_filters_of_the_lists_name_the_countries_in_chinese(admin_client, url, make):
    make("ES")
    make("FR")

    page = admin_client.get(url).content.decode()
    spain = admin_client.get(url, {re.search(r'href="\?([a-z_]*country[a-z_]*)=ES"', page)[1]: "ES"})

    assert [name in page for name in ("西班牙", "法國")] == [True, True]
    assert page.index("法國") < page.index("西班牙")  # by name, in the staff member's language
    assert spain.context["cl"].result_count == 1
