"""Filters live in the URL, are counted, sorted, paginated with the filters kept, and an empty
result says so and offers to clear them."""

import pytest
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


def listing(client, name, interface="zh-hant", **params):
    with translation.override(interface):
        path = reverse(name)
    response = client.get(path, params)
    assert response.status_code == 200
    return response


def titles(response, attribute="title"):
    return [getattr(item, attribute) for item in response.context["page_obj"].object_list]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["ogp-2023-tallinn", "ogp-2016-paris"]),
        ({"year": "2017"}, ["ogp-2016-paris"]),
        ({"agency": "ndc"}, ["ogp-2023-tallinn", "ogp-2016-paris"]),
        ({"category": "other"}, ["ogp-2023-tallinn", "ogp-2016-paris"]),
        ({"category": "study"}, []),
        ({"country": "EE"}, ["ogp-2023-tallinn"]),
        ({"event": "ogp-2016-paris"}, ["ogp-2016-paris"]),
        ({"keyword": "公民科技"}, ["ogp-2016-paris"]),
        ({"q": "塔林"}, ["ogp-2023-tallinn"]),
        ({"sort": "date"}, ["ogp-2016-paris", "ogp-2023-tallinn"]),
        ({"sort": "-date"}, ["ogp-2023-tallinn", "ogp-2016-paris"]),
    ],
)
def test_report_filters(client, demo, params, expected):
    response = listing(client, "reports:report-list", **params)

    assert titles(response, "slug") == expected
    assert response.context["page_obj"].count == len(expected)


def test_empty_result_says_so_and_offers_to_clear_filters(client, demo):
    response = listing(client, "reports:report-list", category="study")

    assert "沒有符合篩選條件的結果。" in response.text
    assert '<a href="/zh-hant/reports/">清除篩選條件，顯示全部</a>' in response.text
    assert "0 筆結果" in response.text


@pytest.mark.parametrize(
    ("params", "includes", "excludes"),
    [
        ({"organization": "open-culture-foundation"}, {"高嘉良", "吳銘軒", "曾柏瑜", "李梅君"}, {"唐鳳"}),
        ({"year": "2023", "role": "delegate"}, {"高仙桂", "彭啟明", "朱富美"}, {"唐鳳"}),
        ({"role": "moderator"}, {"高嘉良"}, {"潘國才"}),
        ({"role": "delegate"}, {"唐鳳", "呂家華"}, {"Kaja Kallas"}),
        ({"q": "Kao Shien-Quey"}, {"高仙桂"}, {"高嘉良"}),
    ],
)
def test_people_filters(client, demo, params, includes, excludes):
    response = listing(client, "people:person-list", **params)
    names = {person.name_zh or person.name_en for person in response.context["filter"].qs}

    assert includes <= names
    assert not (excludes & names)


def test_people_delegate_filter_counts_every_roster_member_once(client, demo):
    response = listing(client, "people:person-list", role="delegate")

    # 19 + 9 roster rows, two people travelled both times.
    assert response.context["page_obj"].count == 26


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "summit"}, {"ogp-2016-paris", "ogp-2023-tallinn"}),
        (
            {"kind": "visit"},
            {"ogp-2016-paris-visit-french-digital-agency", "ogp-2016-paris-visit-ekimetrics"},
        ),
        ({"year": "2023"}, {"ogp-2023-tallinn", "ogp-2023-tallinn-taiwan-networking-dinner"}),
        ({"country": "EE", "kind": "reception"}, {"ogp-2023-tallinn-taiwan-networking-dinner"}),
    ],
)
def test_event_filters(client, demo, params, expected):
    response = listing(client, "events:event-list", **params)

    assert {event.slug for event in response.context["filter"].qs} == expected


def test_sessions_where_a_taiwanese_delegate_took_part(client, demo):
    response = listing(client, "events:session-list", summit="ogp-2016-paris", delegate="yes")

    assert {event.slug for event in response.context["filter"].qs} == {
        "ogp-2016-paris-fork-and-merge",
        "ogp-2016-paris-pitch-e-participation-socially-disadvantaged",
        "ogp-2016-paris-pitch-scaling-civic-tech",
        "ogp-2016-paris-closing-keynote-tang-feng",
    }


@pytest.mark.parametrize(
    ("params", "count"),
    [
        ({"summit": "ogp-2023-tallinn", "day": "2023-09-04"}, 12),
        # The Thursday pitch corner's 40 pitches and Democracy Night's 10.
        ({"summit": "ogp-2016-paris", "format": "pitch", "day": "2016-12-08"}, 50),
        ({"summit": "ogp-2016-paris", "language": "fr", "day": "2016-12-08"}, None),
    ],
)
def test_session_filters_by_day_format_and_language(client, demo, params, count):
    response = listing(client, "events:session-list", **params)
    sessions = list(response.context["filter"].qs)

    if count is not None:
        assert len(sessions) == count
    assert sessions
    assert all(session.summit.slug == params["summit"] for session in sessions)
    if "language" in params:
        assert all(
            params["language"] in [lang.code for lang in session.languages.all()] for session in sessions
        )


def test_session_filter_by_room_and_track(client, demo):
    from events.models import Room, Track

    hemicycle = Room.objects.get(summit__slug="ogp-2016-paris", slug="hemicycle")
    response = listing(client, "events:session-list", summit="ogp-2016-paris", room=hemicycle.pk, sort="time")
    times = [session.local_start.strftime("%m-%d %H:%M") for session in response.context["filter"].qs]

    assert times[0] == "12-08 09:15"
    assert times == sorted(times)
    track = Track.objects.get(summit__slug="ogp-2016-paris", slug="open-parliament")
    assert (
        listing(client, "events:session-list", summit="ogp-2016-paris", track=track.pk)
        .context["page_obj"]
        .count
        == 0
    )


def test_pagination_keeps_the_filters(client, demo):
    first = listing(client, "events:session-list", summit="ogp-2016-paris", format="pitch")
    page = first.context["page_obj"]

    assert page.has_next and not page.has_previous
    assert f'href="?summit=ogp-2016-paris&amp;format=pitch&amp;after={page.next_cursor}"' in first.text
    second = listing(
        client, "events:session-list", summit="ogp-2016-paris", format="pitch", after=page.next_cursor
    )
    sessions = second.context["page_obj"].object_list
    assert len(sessions) == 25
    assert all(session.format == "pitch" for session in sessions)
    assert not {s.pk for s in sessions} & {s.pk for s in page.object_list}


def test_an_invalid_filter_value_is_explained_not_an_error(client, demo):
    response = listing(client, "reports:report-list", year="abc")

    assert "abc" in response.text or "選擇" in response.text


def test_an_overlong_search_is_refused_with_a_message_not_run(client, demo):
    response = listing(client, "reports:report-list", q="國會" * 150)

    [error] = response.context["filter"].form.errors["q"]
    assert "200" in error
    assert error in response.text
    assert response.context["page_obj"].count == 2
