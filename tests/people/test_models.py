import datetime

import pytest

from events.models import Event
from people.models import Organization, Person
from tests import factories as f


@pytest.mark.django_db
def test_person_matching_finds_any_name_whatever_the_case_spacing_and_width():
    chu = f.make_person(name_zh="朱富美", name_en="Judy, Fumei Ju")
    f.make_person_name(person=chu, name="Judy, Fu-meei Ju", kind="alternate")
    f.make_person(name_zh="高仙桂", name_en="Kao Shien-Quey")

    assert list(Person.objects.matching("朱富美")) == [chu]
    assert list(Person.objects.matching("judy,  FUMEI ju")) == [chu]
    assert list(Person.objects.matching("Judy, Fu-meei Ju")) == [chu]
    assert list(Person.objects.matching("朱 富美")) == [chu]
    assert list(Person.objects.matching("Ｊｕｄｙ, Fumei Ju")) == [chu]
    assert list(Person.objects.matching("Fumei Ju")) == []
    assert list(Person.objects.matching("   ")) == []


@pytest.mark.django_db
def test_organization_matching_finds_short_names():
    ocf = f.make_organization(name_zh="開放文化基金會", name_en="Open Culture Foundation")
    f.make_organization_name(organization=ocf, name="OCF")

    assert list(Organization.objects.matching("ocf")) == [ocf]
    assert list(Organization.objects.matching("Open Culture Foundation ")) == [ocf]


@pytest.mark.django_db
def test_names_are_stored_tidy():
    person = f.make_person(name_zh="\u3000呂家華 ", name_en="LÜ,  Chia-Hua")

    person.refresh_from_db()
    assert (person.name_zh, person.name_en) == ("呂家華", "LÜ, Chia-Hua")
    assert str(person) == "呂家華 (LÜ, Chia-Hua)"


@pytest.mark.django_db
def test_sessions_know_their_summit_and_time_zone_at_any_depth():
    summit = f.make_summit(time_zone="Europe/Paris")
    democracy_night = f.make_session(parent=summit, title_en="Democracy Night")
    pitch = f.make_session(parent=democracy_night, title_en="PITCH: g0v.tw")
    tallinn = f.make_summit(time_zone="Europe/Tallinn")

    assert (democracy_night.summit, pitch.summit) == (summit, summit)
    assert pitch.time_zone == "Europe/Paris"

    democracy_night.parent = tallinn
    democracy_night.save()
    pitch.refresh_from_db()
    assert pitch.summit == tallinn
    assert summit.summit is None


@pytest.mark.django_db
def test_event_times_are_shown_in_the_events_zone():
    summit = f.make_summit(time_zone="Europe/Tallinn")
    session = f.make_session(
        parent=summit, starts_at=datetime.datetime(2023, 9, 6, 5, 45, tzinfo=datetime.UTC)
    )

    assert session.local_start.strftime("%Y-%m-%d %H:%M %Z") == "2023-09-06 08:45 EEST"
    assert Event.objects.get(pk=session.pk).local_end is None


def test_unwrap_joins_wrapped_lines_as_each_script_expects():
    from core.text import unwrap

    text = (
        "The 4th Open Government\nPartnership Summit.\n\n國發會於 9 月 7 日辦理餐敘，邀請\n國際開放政府社群。"
    )

    assert (
        unwrap(text)
        == "The 4th Open Government Partnership Summit.\n\n國發會於 9 月 7 日辦理餐敘，邀請國際開放政府社群。"
    )


@pytest.mark.django_db
def test_section_headings_read_as_the_report_prints_them():
    report = f.make_report()
    headings = [
        str(f.make_section(report=report, number=number, heading=heading))
        for number, heading in [
            ("壹", "目的"),
            ("一", "行前準備"),
            ("(一)", "開幕致詞"),
            ("1.", "開幕"),
            ("", "附錄"),
        ]
    ]

    assert headings == ["壹、目的", "一、行前準備", "(一) 開幕致詞", "1. 開幕", "附錄"]
