"""The public pages, read as a visitor reads them: in both languages, with cross-links."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db

PAGES = [
    ("home", {}),
    ("reports:report-list", {}),
    ("reports:report-detail", {"slug": "ogp-2016-paris"}),
    ("reports:delegation-detail", {"slug": "ogp-2023-tallinn"}),
    ("people:person-list", {}),
    ("people:person-detail", {"slug": "peng-chi-ming"}),
    ("people:organization-list", {}),
    ("people:organization-detail", {"slug": "ndc"}),
    ("events:event-list", {}),
    ("events:event-detail", {"slug": "ogp-2016-paris"}),
    ("events:session-list", {}),
    ("events:event-detail", {"slug": "ogp-2023-tallinn-from-one-off-engagement-to-system-change"}),
    ("search", {}),
]


def url(name, language="zh-hant", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


@pytest.mark.parametrize(("name", "kwargs"), PAGES, ids=[f"{n}-{'-'.join(k.values())}" for n, k in PAGES])
@pytest.mark.parametrize("language", ["zh-hant", "en"])
def test_page_renders_in_both_languages_with_one_h1_and_a_language_switch(
    client, demo, name, kwargs, language
):
    response = client.get(url(name, language, **kwargs))

    assert response.status_code == 200
    html = response.text
    assert html.count("<h1") == 1
    assert f'<html lang="{"zh-Hant" if language == "zh-hant" else "en"}"' in html
    other = "en" if language == "zh-hant" else "zh-hant"
    assert f'hreflang="{other}"' in html
    assert "<script" not in html
    assert 'style="' not in html


def test_root_sends_visitors_to_the_chinese_site(client):
    response = client.get("/")

    assert response.status_code == 302
    assert response.url == "/zh-hant/"


def test_language_switch_keeps_the_page_and_its_filters(client, demo):
    response = client.get(url("reports:report-list") + "?year=2017")

    assert 'href="/en/reports/?year=2017"' in response.text


def test_report_page_shows_every_header_field_and_the_roster(client, demo):
    html = client.get(url("reports:report-detail", slug="ogp-2016-paris")).text

    for text in (
        "國家發展委員會",
        "潘國才",
        "分析師",
        "其他（出席會議）",
        "2017 年 2 月 21 日（民國 106 年）",
        "2016 年 12 月 5 日",
        "法國巴黎",
        "43（含附錄）",
        "電子化政府",
        "目的",
        "團員名單",
        "唐鳳",
        "資深審議式民主、公民參與倡議者及行動者",
        "持續推動開放政府",
    ):
        assert text in html, text
    assert 'href="/zh-hant/people/lu-chia-hua/"' in html
    assert "105 年 10 月 7 日" in html  # the report's own text, kept as printed


def test_month_precision_report_date_shows_only_the_month(client, demo):
    html = client.get(url("reports:report-detail", slug="ogp-2023-tallinn")).text

    assert "2023 年 12 月（民國 112 年）" in html
    assert "2023 年 12 月 1 日" not in html


def test_person_page_is_a_timeline_across_years_with_the_title_held_then(client, demo):
    html = client.get(url("people:person-detail", slug="peng-chi-ming")).text
    years = re.findall(r'<h3 id="year-(\d{4})"', html)

    assert years == ["2016", "2023"]
    assert html.index("會長") < html.index("委員")
    assert 'href="/zh-hant/events/ogp-2023-tallinn-the-bridge-climate-action/"' in html


def test_person_page_shows_names_as_printed(client, demo):
    html = client.get(url("people:person-detail", slug="chu-fu-mei", language="en")).text

    assert "Judy, Fumei Ju" in html
    assert "Judy, Fu-meei Ju" in html
    assert "Restoring Trust" in html


def test_organisation_page_lists_people_delegations_sessions_and_units(client, demo):
    ndc = client.get(url("people:organization-detail", slug="ndc")).text
    ocf = client.get(url("people:organization-detail", slug="open-culture-foundation")).text

    assert "國家發展委員會社會發展處" in ndc
    assert "高仙桂" in ndc and "潘國才" in ndc
    assert "出席開放政府夥伴關係聯盟(Open Government Partnership)2023年高峰會" in ndc
    assert 'href="/zh-hant/events/ogp-2023-tallinn-sustaining-momentum-parliamentary-openness/"' in ocf
    assert "高嘉良" in ocf


def test_summit_programme_is_by_day_and_room_in_local_time_with_delegates_marked(client, demo):
    html = client.get(url("events:event-detail", slug="ogp-2016-paris")).text
    pitch = html[html.index("e-Participation for Socially Disadvantaged People") - 1500 :]

    assert re.search(r'<time datetime="2016-12-08T13:15:00\+01:00">13:15</time>', html)
    assert "session--delegates" in pitch[: pitch.index("e-Participation") + 1500]
    assert "Palais d&#x27;Iéna · Hemicycle" in html
    assert (
        html.index('id="day-2016-12-07"')
        < html.index('id="day-2016-12-08"')
        < html.index('id="day-2016-12-09"')
    )


def test_session_page_shows_local_time_room_and_people(client, demo):
    html = client.get(
        url("events:event-detail", slug="ogp-2023-tallinn-from-one-off-engagement-to-system-change")
    ).text

    assert '<time datetime="2023-09-06T11:00:00+03:00">' in html
    assert "(Europe/Tallinn)" in html
    assert 'href="/zh-hant/people/kao-shien-quey/"' in html
    assert "高仙桂" in html
    assert "國家發展委員會副主任委員" in html


def test_session_without_a_time_says_so(client, demo):
    html = client.get(url("events:event-detail", slug="ogp-2016-paris-fork-and-merge")).text

    assert "來源未載" in html


def test_countries_are_named_in_the_readers_language(client, demo):
    chinese = client.get(url("events:event-detail", slug="ogp-2016-paris")).text
    english = client.get(url("events:event-detail", "en", slug="ogp-2016-paris")).text
    events_en = client.get(url("events:event-list", "en")).text

    assert "Paris, 法國</dd>" in chinese
    assert "Paris, France</dd>" in english
    assert '<option value="EE">Estonia</option>' in events_en
    assert '<option value="FR">France</option>' in events_en


def test_a_name_in_the_other_language_says_which_language_it_is(client, demo):
    chinese = client.get(url("people:person-detail", slug="kao-shien-quey")).text
    english = client.get(url("people:person-detail", "en", slug="kao-shien-quey")).text

    assert '<h1>高仙桂 <span class="other-name" lang="en">Kao Shien-Quey</span></h1>' in chinese
    assert '<h1>Kao Shien-Quey <span class="other-name" lang="zh-Hant">高仙桂</span></h1>' in english


def test_a_name_shown_in_the_other_language_for_want_of_one_says_which_language_it_is(client, demo):
    chinese = client.get(url("people:person-detail", slug="aaron-wytze")).text
    english = client.get(url("people:person-detail", "en", slug="ho-sheng-lung")).text
    english_list = client.get(url("people:organization-list", "en") + "?q=中央研究院").text

    assert '<h1><span lang="en">Aaron Wytze</span></h1>' in chinese
    assert '<h1><span lang="zh-Hant">何昇龍</span></h1>' in english
    assert '<span lang="zh-Hant">中央研究院</span></a>' in english_list
    # A name in the page's own language needs no mark.
    assert "<h1>Aaron Wytze</h1>" in client.get(url("people:person-detail", "en", slug="aaron-wytze")).text
