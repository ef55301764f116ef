"""Search over the demo data: the queries of the search issue find what a reader expects."""

import pytest

from events.models import Event
from people.models import Organization, Person
from reports.models import Report

OPEN_PARLIAMENT_EVENTS = {
    # The 2016 summit's description announces its open-parliament sessions.
    "ogp-2016-paris",
    "ogp-2016-paris-open-parliament-assemblee-nationale",
    "ogp-2016-paris-an-roundtable-1",
    "ogp-2016-paris-open-parliament-senate",
    "ogp-2016-paris-senate-roundtable-2",
    "ogp-2016-paris-fri-eiffel-0915-boosting-engagement-open-parliament",
    "ogp-2016-paris-fri-pitch-0930-open-parliament-open-government",
    "ogp-2016-paris-fri-hemicycle-1215-engaging-political-leaders-parliaments",
    "ogp-2016-paris-fri-room-4-1330-institutionalizing-parliamentary-openness-innovative",
    "ogp-2023-tallinn-sustaining-momentum-parliamentary-openness",
}
OPEN_PARLIAMENT_IN_CHINESE_EVENTS = {
    "ogp-2023-tallinn-sustaining-momentum-parliamentary-openness",
    # Its guests included 立法院開放國會訪團.
    "ogp-2023-tallinn-taiwan-networking-dinner",
}


pytestmark = pytest.mark.django_db


def found(query):
    """The slugs each kind of record the query finds."""
    return {
        "people": {person.slug for person in Person.objects.search(query)},
        "organizations": {organization.slug for organization in Organization.objects.search(query)},
        "events": {event.slug for event in Event.objects.search(query)},
        "reports": {report.slug for report in Report.objects.search(query)},
    }


@pytest.mark.parametrize("query", ["高仙桂", '"Kao Shien-Quey"', "kao shien-quey", "ＫＡＯ"])
def test_search_finds_the_deputy_minister_in_either_script(demo, query):
    results = found(query)

    assert results["people"] >= {"kao-shien-quey"}
    assert results["reports"] == {"ogp-2023-tallinn"}
    assert results["events"] == set()


@pytest.mark.parametrize("query", ["高仙桂", '"Kao Shien-Quey"'])
def test_search_by_full_name_finds_one_person(demo, query):
    assert found(query)["people"] == {"kao-shien-quey"}


def test_search_by_family_name_finds_everyone_of_it(demo):
    assert found("Kao")["people"] == {"kao-shien-quey", "kao-chia-liang"}


def test_search_for_open_parliament_in_english(demo):
    assert found('"open parliament"') == {
        "people": set(),
        # Taiwan Open Parliament Multi-Stakeholder Forum
        "organizations": {"taiwan-open-parliament-forum"},
        "events": OPEN_PARLIAMENT_EVENTS,
        "reports": {"ogp-2016-paris", "ogp-2023-tallinn"},
    }


def test_search_for_open_parliament_in_chinese(demo):
    assert found("開放國會") == {
        "people": set(),
        "organizations": {"taiwan-open-parliament-forum"},
        "events": OPEN_PARLIAMENT_IN_CHINESE_EVENTS,
        # Bigrams need not be adjacent: the 2016 report has 開放國家 and 聯合國會員, so all of
        # 開放, 放國 and 國會 (and, in English, "Open Parliament" sessions besides).
        "reports": {"ogp-2016-paris", "ogp-2023-tallinn"},
    }


def test_search_for_parliament_finds_it_inside_longer_words(demo):
    assert found("國會") == {
        "people": set(),
        "organizations": {"taiwan-open-parliament-forum", "citizen-congress-watch"},
        "events": OPEN_PARLIAMENT_IN_CHINESE_EVENTS,
        # 2016: 聯合國會員 holds 國會 as a string, as any substring search would find it.
        "reports": {"ogp-2016-paris", "ogp-2023-tallinn"},
    }


def test_search_for_a_longer_word_does_not_match_its_shorter_cousin(demo):
    # 國際會 (國際 際會) appears nowhere, though 國會 and 國際 are everywhere.
    assert found("國際會") == {"people": set(), "organizations": set(), "events": set(), "reports": set()}
    assert found("國際")["reports"] == {"ogp-2016-paris", "ogp-2023-tallinn"}


def test_search_treats_tai_and_tai_as_one_character(demo):
    with_traditional, with_common = found("臺灣"), found("台灣")

    assert with_traditional == with_common
    assert with_traditional == {
        "people": set(),
        # Printed 台灣人權促進會.
        "organizations": {"taiwan-association-for-human-rights"},
        # Printed 臺灣交流餐敘.
        "events": {"ogp-2023-tallinn-taiwan-networking-dinner"},
        "reports": {"ogp-2016-paris", "ogp-2023-tallinn"},
    }


def test_search_documents_of_the_demo_data_are_current(demo):
    # load_demo_data saves every record one by one: a rebuild finds nothing to change.
    assert [
        model.objects.all().rebuild_search_documents()[1] for model in (Person, Organization, Event, Report)
    ] == [0, 0, 0, 0]
