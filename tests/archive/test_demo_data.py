"""The demo data set holds what the two source reports say. Facts here are copied from the
reports themselves (fixtures/sources/), not from fixtures/'s tables, so a wrong edit to the data fails."""

import datetime
import re
import zoneinfo
from pathlib import Path

import pytest

from archive.demo_data import load_demo_data
from events.models import Event, SessionRole
from people.models import Organization, Person
from reports.models import Delegation, NoteKind, PublicationStatus, Report, SourceNote

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
TALLINN = zoneinfo.ZoneInfo("Europe/Tallinn")

ROSTER_2016 = [
    (1, "行政院", "唐鳳", "政務委員"),
    (2, "行政院科技會報辦公室", "柴惠珍", "主任"),
    (3, "國家發展委員會", "潘國才", "處長"),
    (4, "國家發展委員會", "林菊穗", "分析師"),
    (5, "科技部", "何昇龍", "副處長"),
    (6, "中央研究院資訊科技創新研究中心", "黃彥男", "主任"),
    (7, "開放資料聯盟", "彭啟明", "會長"),
    (8, "DSP 智庫驅動公司", "劉嘉凱", "執行長"),
    (9, "開放文化基金會", "高嘉良", "董事"),
    (10, "開放文化基金會", "吳銘軒", "副執行長"),
    (11, "開放文化基金會", "曾柏瑜", "國際交流專員"),
    (12, "開放文化基金會", "李梅君", "研究員"),
    (13, "g0v.news", "Aaron Wytze", "記者"),
    (14, "g0v.news", "劉致昕", "記者"),
    (15, "g0v", "劉宇庭", "活躍參與者"),
    (16, "g0v", "吳柏旻", "活躍參與者"),
    (17, "綠色公民行動聯盟", "吳澄澄", "能源轉型主任"),
    (18, "台灣人權促進會", "邱伊翎", "秘書長"),
    (19, "資深審議式民主、公民參與倡議者及行動者", "呂家華", ""),
]
ROSTER_2023 = [
    (1, "國家發展委員會", "高仙桂", "副主任委員"),
    (2, "國家發展委員會社會發展處", "賴韻琳", "副處長"),
    (3, "國家發展委員會社會發展處", "林嘉琪", "科長"),
    (4, "國家發展委員會社會發展處", "楊壹鈞", "專員"),
    (5, "監察院", "朱富美", "秘書長"),
    (6, "監察院公職人員財產申報處", "陳美延", "處長"),
    (7, "監察院公職人員財產申報處", "吳志鵬", "專員"),
    (8, "行政院開放政府國家行動方案推動小組", "彭啟明", "委員"),
    (9, "行政院開放政府國家行動方案推動小組", "劉嘉凱", "委員"),
]


SOURCES = Path(__file__).resolve().parents[2] / "fixtures" / "sources"


def source_text(name):
    """A source report's text with its white space removed: the PDF extraction breaks lines
    and spreads table cells, so a printed value may stand across a break."""
    return re.sub(r"\s+", "", (SOURCES / name).read_text(encoding="utf-8"))


pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("source", "rows"), [("000_462c873e76c2ee97.txt", ROSTER_2016), ("002_fae09a33d9b9a563.txt", ROSTER_2023)]
)
def test_roster_facts_asserted_here_are_printed_in_the_source_report(source, rows):
    printed = source_text(source)
    missing = [value for row in rows for value in row[1:] if re.sub(r"\s+", "", value) not in printed]
    assert missing == []


def roster(slug):
    members = Delegation.objects.get(slug=slug).members.select_related("person")
    return [(m.order, m.organization_as_printed, m.name_as_printed, m.title) for m in members]


def session(summit, title):
    return Event.objects.get(summit__slug=summit, title_en=title)


def people_in(event):
    return [(role.role, role.name_as_printed, role.person and role.person.slug) for role in event.roles.all()]


def test_rosters_hold_every_row_in_printed_order(demo):
    assert roster("ogp-2016-paris") == ROSTER_2016
    assert roster("ogp-2023-tallinn") == ROSTER_2023


def test_delegates_who_travelled_twice_are_one_person_with_the_title_of_each_year(demo):
    for name, titles in (("彭啟明", ["會長", "委員"]), ("劉嘉凱", ["執行長", "委員"])):
        person = Person.objects.get(name_zh=name)
        memberships = person.memberships.order_by("delegation__departure_date")
        assert [m.title for m in memberships] == titles
        assert [m.delegation.slug for m in memberships] == ["ogp-2016-paris", "ogp-2023-tallinn"]


@pytest.mark.parametrize(
    ("chinese", "printed", "title"),
    [
        ("呂家華", "LÜ, Chia-Hua", "e-Participation for Socially Disadvantaged People"),
        ("高嘉良", "Chia-liang Kao", "Scaling Civic Tech and Open Data Communities"),
        (
            "高仙桂",
            "Kao Shien-Quey",
            "From One-Off Engagement to System Change: How do we Embed Public Participation in Government?",
        ),
        (
            "朱富美",
            "Judy, Fumei Ju",
            "Restoring Trust: Towards Stronger Standards for Financial Disclosure and Deterrence of Undue "
            "Influence in Politics",
        ),
    ],
)
def test_delegate_named_in_chinese_and_romanised_is_one_person(demo, chinese, printed, title):
    person = Person.objects.get(name_zh=chinese)
    role = SessionRole.objects.get(person=person, name_as_printed=printed)

    assert role.event.title_en == title
    assert role.role == "speaker"
    assert person.memberships.count() == 1
    assert list(Person.objects.matching(printed)) == [person]


def test_both_spellings_of_the_control_yuan_secretary_general_find_her(demo):
    chu = Person.objects.get(name_zh="朱富美")

    assert list(Person.objects.matching("Judy, Fu-meei Ju")) == [chu]


def test_2016_pitches_keep_local_time_room_and_presenter(demo):
    e_participation = session("ogp-2016-paris", "e-Participation for Socially Disadvantaged People")
    scaling = session("ogp-2016-paris", "Scaling Civic Tech and Open Data Communities")

    assert e_participation.local_start == datetime.datetime(2016, 12, 8, 13, 15, tzinfo=PARIS)
    assert e_participation.format == "pitch"
    assert e_participation.room.name == "Espace Hypostyle"
    assert e_participation.room.venue == "Palais d'Iéna"
    assert e_participation.title_zh == "社會弱勢族群的電子化參與"
    assert people_in(e_participation) == [("speaker", "LÜ, Chia-Hua", "lu-chia-hua")]
    assert scaling.local_start == datetime.datetime(2016, 12, 9, 15, 15, tzinfo=PARIS)
    assert people_in(scaling) == [("speaker", "Chia-liang Kao", "kao-chia-liang")]


def test_2016_grid_session_has_time_room_language_and_speaker(demo):
    justice = session("ogp-2016-paris", "Open Justice in Colombia")
    hackathon_launch = session("ogp-2016-paris", "Launch of the OGP Toolbox hackathon")

    assert (justice.local_start, justice.local_end) == (
        datetime.datetime(2016, 12, 8, 14, 45, tzinfo=PARIS),
        datetime.datetime(2016, 12, 8, 15, 35, tzinfo=PARIS),
    )
    assert (justice.room.venue, justice.room.name) == ("Palais de Tokyo", "Power")
    assert [language.code for language in justice.languages.all()] == ["en"]
    assert hackathon_launch.room.name == "Hemicycle"
    assert hackathon_launch.local_start.strftime("%H:%M") == "17:15"
    assert sorted(language.code for language in hackathon_launch.room.languages.all()) == ["en", "es", "fr"]


def test_fork_and_merge_has_no_time_and_gao_jialiang_moderates(demo):
    fork = Event.objects.get(slug="ogp-2016-paris-fork-and-merge")

    assert (fork.starts_at, fork.format) == (None, "panel")
    assert people_in(fork)[0] == ("moderator", "高嘉良", "kao-chia-liang")
    assert [role.organization.name_zh for role in fork.roles.filter(role="participant")] == [
        "墨西哥數位公民協會",
        "德國開放知識基金會",
        "南非德班開放資料",
    ]


def test_closing_keynote_by_tang_feng_is_part_of_the_closing_ceremony(demo):
    keynote = Event.objects.get(slug="ogp-2016-paris-closing-keynote-tang-feng")

    assert keynote.parent.slug == "ogp-2016-paris-closing-ceremony"
    assert keynote.format == "keynote"
    assert people_in(keynote) == [("speaker", "唐鳳", "tang-feng")]


# What the 2016 report says of the lengths of Taiwan's talks, and the agenda lines of its
# programmes that set where a session without a printed end ends.
LENGTHS_2016 = ["2場15分鐘的短講(Pitch)", "發表一場10分鐘的演說(Keynote)"]
NEXT_SLOTS_2016 = [
    "13:15e-ParticipationforSociallyDisadvantagedPeopleLÜ,Chia-Hua13:30Fighting",
    "12:45TheCanOpener:ReleasingAdministrativeDocumentsMichelBlancard",
    "13:15-14:35Whatcocreationandcollaborationslookslikeindifferentcountries",
    "11.00am:CoffeeBreak",
    "From8.30amto1.00pm",
    "From2.00pmto6.30pm",
]


def test_session_lengths_asserted_here_are_printed_in_the_source_report():
    printed = source_text("000_462c873e76c2ee97.txt")

    assert [text for text in LENGTHS_2016 + NEXT_SLOTS_2016 if text not in printed] == []


def test_taiwans_pitches_and_keynote_keep_the_lengths_the_report_states(demo):
    lengths = {
        event.slug: (event.duration, event.ends_at)
        for event in Event.objects.exclude(duration=None).order_by("slug")
    }

    assert lengths == {
        "ogp-2016-paris-closing-keynote-tang-feng": (datetime.timedelta(minutes=10), None),
        "ogp-2016-paris-pitch-e-participation-socially-disadvantaged": (datetime.timedelta(minutes=15), None),
        "ogp-2016-paris-pitch-scaling-civic-tech": (datetime.timedelta(minutes=15), None),
    }
    pitch = Event.objects.get(slug="ogp-2016-paris-pitch-e-participation-socially-disadvantaged")
    assert pitch.known_end.astimezone(PARIS) == datetime.datetime(2016, 12, 8, 13, 30, tzinfo=PARIS)


@pytest.mark.parametrize(
    ("slug", "local_end", "note"),
    [
        (
            "thu-room-4-1245-opener-releasing-administrative-documents",
            datetime.datetime(2016, 12, 8, 13, 15, tzinfo=PARIS),
            "end not printed: 13:15, when the next Room 4 session starts in the grid's time column",
        ),
        (
            "an-roundtable-1",
            datetime.datetime(2016, 12, 8, 11, 0, tzinfo=PARIS),
            'end not printed: 11:00, the next time the programme prints ("11.00am: Coffee Break")',
        ),
        (
            "senate-closing",
            datetime.datetime(2016, 12, 8, 18, 30, tzinfo=PARIS),
            'end not printed: 18:30, the end of the afternoon the programme prints ("From 2.00pm to 6.30pm")',
        ),
        ("thu-hemicycle-1315-new-evidence-impact-open", None, "no later Hemicycle session in this grid"),
    ],
)
def test_a_session_without_a_printed_end_says_where_its_end_comes_from(demo, slug, local_end, note):
    event = Event.objects.get(slug=f"ogp-2016-paris-{slug}")
    [correction] = SourceNote.objects.for_record(event).filter(kind=NoteKind.CORRECTION)

    assert event.local_end == local_end
    assert note in correction.note


@pytest.mark.parametrize(
    ("slug", "title_en", "title_zh", "printed"),
    [
        ("ogp-2016-paris-opening-ceremony", "Opening ceremony", "開幕儀式", "Openingceremony"),
        (
            "ogp-2016-paris-closing-keynote-tang-feng",
            "Keynote before the closing ceremony",
            "閉幕儀式前演說",
            "CLOSINGCEREMONY",
        ),
        (
            "ogp-2023-tallinn-opening-good-governance-panel",
            "Good Governance Panel (Opening Plenary)",
            "良善治理座談",
            "論壇(panel)",
        ),
    ],
)
def test_sessions_without_a_printed_english_title_have_one_from_the_report_with_a_note(
    demo, slug, title_en, title_zh, printed
):
    event = Event.objects.get(slug=slug)
    [correction] = SourceNote.objects.for_record(event).filter(kind=NoteKind.CORRECTION)
    source = "000_462c873e76c2ee97.txt" if slug.startswith("ogp-2016") else "002_fae09a33d9b9a563.txt"

    assert (event.title_en, event.title_zh) == (title_en, title_zh)
    assert "title_en" in correction.note
    assert printed in source_text(source)


def test_2023_sessions_keep_eest_times_and_taiwanese_roles(demo):
    opening = Event.objects.get(slug="ogp-2023-tallinn-opening-plenary")
    bridge = Event.objects.get(slug="ogp-2023-tallinn-the-bridge-climate-action")
    contracting = Event.objects.get(slug="ogp-2023-tallinn-from-open-to-outcomes-open-contracting")

    assert opening.local_start == datetime.datetime(2023, 9, 6, 8, 45, tzinfo=TALLINN)
    assert opening.starts_at == datetime.datetime(2023, 9, 6, 5, 45, tzinfo=datetime.UTC)
    assert opening.local_start.tzname() == "EEST"
    assert ("participant", "彭啟明", "peng-chi-ming") in people_in(bridge)
    assert ("participant", "劉嘉凱", "liu-chia-kai") in people_in(contracting)
    assert contracting.local_start == datetime.datetime(2023, 9, 7, 10, 30, tzinfo=TALLINN)


def test_open_parliament_side_event_has_its_organisers_and_taiwanese_speakers(demo):
    side_event = Event.objects.get(slug="ogp-2023-tallinn-sustaining-momentum-parliamentary-openness")
    organisers = [role.organization.slug for role in side_event.roles.filter(role="organiser")]

    assert side_event.kind == "side_event"
    assert (side_event.local_start, side_event.local_end) == (
        datetime.datetime(2023, 9, 8, 15, 0, tzinfo=TALLINN),
        datetime.datetime(2023, 9, 8, 17, 0, tzinfo=TALLINN),
    )
    assert organisers == [
        "taiwan-open-parliament-forum",
        "directorio-legislativo",
        "open-culture-foundation",
        "citizen-congress-watch",
    ]
    assert {"kan-shun-chi", "cheng-ting-yu", "tsai-pin-chuan", "lin-chang-tso"} <= {
        slug for _, _, slug in people_in(side_event)
    }


def test_every_session_of_both_programmes_is_there(demo):
    assert Event.objects.filter(summit__slug="ogp-2016-paris").count() == 293
    assert Event.objects.filter(summit__slug="ogp-2023-tallinn").count() == 94
    assert Event.objects.filter(summit__slug="ogp-2023-tallinn", kind="side_event").count() == 21


def test_delegations_are_linked_to_their_visits_sessions_and_dinner(demo):
    paris = Delegation.objects.get(slug="ogp-2016-paris")
    tallinn = Delegation.objects.get(slug="ogp-2023-tallinn")
    visit = Event.objects.get(slug="ogp-2016-paris-visit-french-digital-agency")

    assert {
        "ogp-2016-paris",
        "ogp-2016-paris-fork-and-merge",
        "ogp-2016-paris-visit-ekimetrics",
        "ogp-2016-paris-visit-french-digital-agency",
    } <= set(paris.events.values_list("slug", flat=True))
    assert tallinn.events.filter(slug="ogp-2023-tallinn-taiwan-networking-dinner", kind="reception").exists()
    assert ("host", "Antoine Darodes", None) in [(r, n, None) for r, n, _ in people_in(visit)]
    assert [d.country for d in paris.destinations.all()] == ["FR"]
    assert (paris.departure_date, paris.return_date) == (
        datetime.date(2016, 12, 5),
        datetime.date(2016, 12, 11),
    )


def test_organisations_have_parents_and_english_names(demo):
    assert Organization.objects.get(name_zh="國家發展委員會社會發展處").parent.name_zh == "國家發展委員會"
    assert Organization.objects.get(name_zh="監察院公職人員財產申報處").parent.name_zh == "監察院"
    assert Organization.objects.get(name_zh="開放文化基金會").name_en == "Open Culture Foundation"
    assert list(Organization.objects.matching("OCF")) == [Organization.objects.get(name_zh="開放文化基金會")]


def test_digital_agency_visit_date_is_corrected_and_says_what_the_source_printed(demo):
    visit = Event.objects.get(slug="ogp-2016-paris-visit-french-digital-agency")
    notes = SourceNote.objects.filter(
        object_id=visit.pk, content_type__model="event", kind=NoteKind.CORRECTION
    )

    assert visit.start_date == datetime.date(2016, 12, 7)
    assert [note.source_text for note in notes] == ["時間：105 年 10 月 7 日上午"]
    assert Event.objects.get(slug="ogp-2016-paris-visit-ekimetrics").start_date == datetime.date(2016, 12, 9)


def test_misspelt_speaker_is_stored_right_with_the_printed_form_kept(demo):
    marisa = Person.objects.get(name_en="Marisa Miodosky")
    role = SessionRole.objects.get(
        event__title_en="Speak Freely, Speak Safely: Committing to Feminist Online Civic Space", person=marisa
    )

    assert role.name_as_printed == "Marisa Modosky"
    assert [name.name for name in marisa.other_names.all()] == ["Marisa Modosky"]


def test_reports_carry_every_header_field_and_are_published(demo):
    paris = Report.objects.get(slug="ogp-2016-paris")
    tallinn = Report.objects.get(slug="ogp-2023-tallinn")

    assert (paris.report_date, paris.report_date_precision, paris.pages, paris.pages_note) == (
        datetime.date(2017, 2, 21),
        "day",
        43,
        "含附錄",
    )
    assert (paris.category, paris.category_detail, paris.agency.name_zh) == (
        "other",
        "出席會議",
        "國家發展委員會",
    )
    assert [str(k) for k in paris.keywords.order_by("name")] == sorted(
        [
            "電子化政府",
            "資料開放",
            "開放政府",
            "OGP",
            "開放政府夥伴關係聯盟",
            "公民社會",
            "公民參與",
            "公民科技",
        ]
    )
    assert [(a.person.name_zh, a.title) for a in paris.authors.all()] == [
        ("潘國才", "處長"),
        ("林菊穗", "分析師"),
    ]
    assert [s.heading for s in paris.sections.all()][:3] == ["目的", "過程", "行前準備"]
    assert paris.recommendations.count() == 3
    assert paris.follow_up_items.count() == 2
    assert paris.abstract.startswith("開放政府夥伴關係聯盟（Open Government Partnership, 簡稱 OGP）")
    assert (tallinn.report_date, tallinn.report_date_precision) == (datetime.date(2023, 12, 1), "month")
    assert [a.person.name_zh for a in tallinn.authors.all()] == ["高仙桂", "賴韻琳", "林嘉琪", "楊壹鈞"]
    assert tallinn.recommendations.count() == 5
    assert {paris.status, tallinn.status} == {PublicationStatus.PUBLISHED}
    assert paris.delegation.slug == "ogp-2016-paris"


def test_report_text_is_clean_of_pdf_artefacts(demo):
    for section in Report.objects.get(slug="ogp-2016-paris").sections.all():
        assert "\f" not in section.body
        assert "¹" not in section.body
    purpose = Report.objects.get(slug="ogp-2016-paris").sections.get(heading="目的").body
    assert "[圖 1：OGP 簡要統計]" in purpose
    assert "透過電子郵件及線上會議" in purpose


def test_loading_twice_changes_nothing(demo):
    before = {
        model: list(model.objects.order_by("pk").values()) for model in (Person, Event, SessionRole, Report)
    }

    stats = load_demo_data()

    assert {key: count for key, count in stats.items() if count} == {}
    assert before == {model: list(model.objects.order_by("pk").values()) for model in before}


@pytest.mark.parametrize(
    ("slug", "local_start", "children"),
    [
        ("opening-ceremony", None, 0),
        ("open-gov-hour", datetime.datetime(2016, 12, 8, 18, 15, tzinfo=PARIS), 0),
        ("open-parliament-assemblee-nationale", datetime.datetime(2016, 12, 8, 8, 30, tzinfo=PARIS), 5),
        ("open-parliament-senate", datetime.datetime(2016, 12, 8, 14, 0, tzinfo=PARIS), 10),
        ("hackathon", datetime.datetime(2016, 12, 8, 17, 15, tzinfo=PARIS), 2),
        ("democracy-night", datetime.datetime(2016, 12, 8, 19, 0, tzinfo=PARIS), 3),
        ("open-local-government", datetime.datetime(2016, 12, 9, 14, 0, tzinfo=PARIS), None),
        ("closing-ceremony", datetime.datetime(2016, 12, 9, 18, 0, tzinfo=PARIS), 1),
    ],
)
def test_2016_programme_beyond_the_grids_is_there(demo, slug, local_start, children):
    event = Event.objects.get(slug=f"ogp-2016-paris-{slug}")

    assert event.local_start == local_start
    if children is not None:
        assert event.children.count() == children
    else:
        assert event.children.count() > 10
