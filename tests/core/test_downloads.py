import csv
import datetime
import io
import json
from urllib.parse import unquote

import pytest
from django.http import StreamingHttpResponse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core.downloads import (
    Column,
    content_disposition,
    csv_download,
    csv_response,
    json_download,
    json_response,
    json_stream_response,
    neutralise,
)
from people.models import Person
from reports.models import DelegationMember
from tests import factories as f

BOM = b"\xef\xbb\xbf"


def body(response):
    return b"".join(response.streaming_content)


def parse_csv(response):
    content = body(response)
    assert content.startswith(BOM)
    return list(csv.reader(io.StringIO(content[len(BOM) :].decode("utf-8"), newline="")))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+886 2 2316 5300", "'+886 2 2316 5300"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        # After leading white space, which a spreadsheet may skip: ASCII, no-break, zero-width
        # and ideographic.
        (" =1+1", "' =1+1"),
        ("\n+1", "'\n+1"),
        ("\u00a0=1+1", "'\u00a0=1+1"),
        ("\u200b@SUM(A1)", "'\u200b@SUM(A1)"),
        ("\ufeff-1", "'\ufeff-1"),
        ("\u3000\u3000=1+1", "'\u3000\u3000=1+1"),
        # Full-width signs, and "|" (a DDE call in older Excel).
        ("＝1+1", "'＝1+1"),
        ("＋886", "'＋886"),
        ("－1", "'－1"),
        ("＠SUM(A1)", "'＠SUM(A1)"),
        ("|calc", "'|calc"),
        (" |calc", "' |calc"),
        (" leading space", " leading space"),
        ("\u3000開放政府", "\u3000開放政府"),
        ("a|b", "a|b"),
        ("開放資料聯盟", "開放資料聯盟"),
        ("Open Culture Foundation", "Open Culture Foundation"),
        ("a=b", "a=b"),
        # Apostrophes before a formula start get one more: an import takes exactly one off.
        ("'=x", "''=x"),
        ("''=x", "'''=x"),
        ("'-ex officio", "''-ex officio"),
        ("it's", "it's"),
        ("'plain", "'plain"),
        ("''", "''"),
        ("", ""),
        (42, 42),
        (-5, -5),
        (3.5, 3.5),
        (None, None),
    ],
)
def test_neutralise_prefixes_formula_starts_and_keeps_everything_else(value, expected):
    assert neutralise(value) == expected


def test_csv_response_is_streamed_utf8_with_a_bom_and_neutralised_cells():
    rows = iter([["高仙桂", "+886 2 2316 5300", 1], ['=HYPERLINK("http://x")', "a, b", None]])

    response = csv_response("roster.csv", ["姓名", "電話", "序號"], rows)

    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="roster.csv"'
    assert parse_csv(response) == [
        ["姓名", "電話", "序號"],
        ["高仙桂", "'+886 2 2316 5300", "1"],
        ['\'=HYPERLINK("http://x")', "a, b", ""],
    ]


def test_csv_response_reads_its_rows_only_while_streaming():
    read = []

    def rows():
        for n in range(3):
            read.append(n)
            yield [n]

    response = csv_response("numbers.csv", ["n"], rows())

    assert read == []
    assert parse_csv(response) == [["n"], ["0"], ["1"], ["2"]]
    assert read == [0, 1, 2]


def test_content_disposition_gives_an_ascii_name_and_the_exact_chinese_one():
    value = content_disposition("2016 團員名單.csv")

    assert value.startswith('attachment; filename="2016.csv"; ')
    assert value.split("filename*=", 1)[1] == "UTF-8''" + "2016%20%E5%9C%98%E5%93%A1%E5%90%8D%E5%96%AE.csv"
    assert unquote(value.split("UTF-8''", 1)[1]) == "2016 團員名單.csv"


def test_content_disposition_of_an_all_chinese_name_falls_back_to_download():
    assert content_disposition("團員名單.csv") == (
        "attachment; filename=\"download.csv\"; filename*=UTF-8''%E5%9C%98%E5%93%A1%E5%90%8D%E5%96%AE.csv"
    )


def test_content_disposition_drops_quotes_line_breaks_and_folders():
    value = content_disposition('a"b\r\nSet-Cookie: x/../ü.csv')

    assert "\r" not in value
    assert "\n" not in value
    assert value.startswith("attachment; filename=\"a-b-Set-Cookie-x-..-u.csv\"; filename*=UTF-8''")
    assert "/" not in unquote(value.split("UTF-8''", 1)[1])


def test_csv_response_with_a_chinese_filename_is_a_valid_header():
    response = csv_response("出國報告.csv", ["a"], [])

    assert "filename*=UTF-8''%E5%87%BA%E5%9C%8B%E5%A0%B1%E5%91%8A.csv" in response["Content-Disposition"]
    assert parse_csv(response) == [["a"]]


def test_json_response_parses_with_chinese_kept_as_text():
    response = json_response("人物.json", {"name": "彭啟明", "count": 2, "date": datetime.date(2016, 12, 5)})

    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="download.json"; filename*=')
    assert "彭啟明".encode() in response.content
    assert json.loads(response.content) == {"name": "彭啟明", "count": 2, "date": "2016-12-05"}


def test_json_stream_response_is_a_streamed_array():
    response = json_stream_response("rows.json", ({"n": n, "phone": "+886 2"} for n in range(3)))

    assert isinstance(response, StreamingHttpResponse)
    # JSON is data for programs: values are not prefixed for spreadsheets.
    assert json.loads(body(response)) == [
        {"n": 0, "phone": "+886 2"},
        {"n": 1, "phone": "+886 2"},
        {"n": 2, "phone": "+886 2"},
    ]


def test_json_stream_response_of_nothing_is_an_empty_array():
    assert json.loads(body(json_stream_response("rows.json", iter([])))) == []


COLUMNS = [
    Column("order", _("order (序號)")),
    Column("person", _("person"), "person.slug"),
    Column("name_zh", _("Chinese name"), "person.name_zh"),
    Column("title", _("title (職稱)")),
    Column("role", _("role in the delegation"), "get_role_display"),
    Column("departure_date", _("departure date"), lambda member: member.delegation.departure_date),
]


@pytest.fixture
def roster():
    delegation = f.make_delegation(
        departure_date=datetime.date(2023, 9, 5), return_date=datetime.date(2023, 9, 9)
    )
    f.make_member(
        delegation=delegation,
        order=1,
        person=f.make_person(name_zh="高仙桂", slug="kao-shien-quey"),
        title="副主任委員",
        role="head",
        phone="+886 2 2316 5300",
        email="kao@example.org",
    )
    f.make_member(
        delegation=delegation,
        order=2,
        person=f.make_person(name_zh="=cmd|' /C calc'!A0", slug="formula"),
        title="-",
    )
    return DelegationMember.objects.filter(delegation=delegation).select_related("person", "delegation")


@pytest.mark.django_db
def test_csv_download_has_translated_headers_and_the_columns_values(roster):
    with translation.override("zh-hant"):
        response = csv_download("團員名單.csv", COLUMNS, roster.iterator(chunk_size=100))

    assert parse_csv(response) == [
        ["序號", "人物", "中文名稱", "職稱", "團內角色", "出發日期"],
        ["1", "kao-shien-quey", "高仙桂", "副主任委員", "團長", "2023-09-05"],
        ["2", "formula", "'=cmd|' /C calc'!A0", "'-", "", "2023-09-05"],
    ]


@pytest.mark.django_db
def test_csv_download_in_english_has_english_headers(roster):
    with translation.override("en"):
        response = csv_download("roster.csv", COLUMNS, roster)

    assert parse_csv(response)[0] == [
        "order (序號)",
        "person",
        "Chinese name",
        "title (職稱)",
        "role in the delegation",
        "departure date",
    ]


@pytest.mark.django_db
def test_csv_download_keeps_the_views_language_while_streaming(roster):
    with translation.override("zh-hant"):
        response = csv_download("roster.csv", COLUMNS, roster)
    # The body is made after the view has returned, in whatever language is then active.
    with translation.override("en"):
        rows = parse_csv(response)

    assert rows[0][0] == "序號"
    assert rows[1][4] == "團長"


@pytest.mark.django_db
def test_json_download_has_the_same_values_keyed_by_column(roster):
    with translation.override("zh-hant"):
        response = json_download("團員名單.json", COLUMNS, roster.iterator(chunk_size=100))

    assert isinstance(response, StreamingHttpResponse)
    assert json.loads(body(response)) == [
        {
            "order": 1,
            "person": "kao-shien-quey",
            "name_zh": "高仙桂",
            "title": "副主任委員",
            "role": "團長",
            "departure_date": "2023-09-05",
        },
        {
            "order": 2,
            "person": "formula",
            "name_zh": "=cmd|' /C calc'!A0",
            "title": "-",
            "role": "",
            "departure_date": "2023-09-05",
        },
    ]


@pytest.mark.django_db
def test_downloads_hold_only_the_columns_given(roster):
    csv_body = body(csv_download("roster.csv", COLUMNS, roster)).decode("utf-8")
    json_body = body(json_download("roster.json", COLUMNS, roster)).decode("utf-8")

    for private in ("2316 5300", "kao@example.org"):
        assert private not in csv_body
        assert private not in json_body


@pytest.mark.django_db
def test_column_value_path_through_a_missing_relation_is_empty():
    member = f.make_member(organization=None)
    column = Column("organization", _("organisation"), "organization.name_zh")

    assert column.get(member) is None
    assert parse_csv(csv_download("x.csv", [column], [member]))[1] == [""]


@pytest.mark.django_db
def test_csv_download_streams_a_queryset_without_loading_it_first():
    for n in range(3):
        f.make_person(name_zh=f"人{n}", slug=f"p-{n}")
    people = Person.objects.filter(slug__startswith="p-").order_by("slug")

    response = csv_download("people.csv", [Column("slug", _("slug"))], people.iterator(chunk_size=2))

    assert parse_csv(response)[1:] == [["p-0"], ["p-1"], ["p-2"]]
