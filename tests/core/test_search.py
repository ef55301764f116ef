import io

import pytest
from django.core.management import call_command
from django.db import connection

from core.search import MAX_DOCUMENT_LENGTH, index_terms, normalise, query_terms, term_index_first
from events.models import Event
from people.models import Organization, Person, PersonName
from reports.models import Keyword, Report, ReportSection
from tests import factories as f


def test_normalise_folds_width_case_and_variant_characters():
    assert normalise("ＯＧＰ　Taiwan 台灣") == "ogp taiwan 臺灣"
    assert normalise("STRASSE Straße") == "strasse strasse"
    assert normalise("吴銘軒 黄彦男") == "吳銘軒 黃彥男"


def test_normalise_keeps_variants_that_are_different_words():
    assert normalise("着 著 于 於 周 週 后 後") == "着 著 于 於 周 週 后 後"


def test_index_terms_stores_chinese_as_overlapping_bigrams_and_characters():
    assert index_terms("開放國會") == " 開放 放國 國會 開 放 國 會 "


def test_index_terms_stores_latin_words():
    assert index_terms("高仙桂", "Kao Shien-Quey") == " 高仙 仙桂 高 仙 桂 kao shien quey "
    assert index_terms("2023年 9 月，OGP 峰會") == " 2023 年 月 ogp 峰會 峰 會 "


def test_index_terms_keeps_each_term_once_and_drops_one_letter_words():
    assert index_terms("國會 國會", "a Parliament, parliament") == " 國會 國 會 parliament "


def test_index_terms_of_nothing_is_empty():
    assert index_terms("", None, " ，。 - ") == ""


def test_index_terms_is_bounded():
    words = [f"w{n}" for n in range(100_000)]

    document = index_terms(" ".join(words))

    assert MAX_DOCUMENT_LENGTH - 10 < len(document) <= MAX_DOCUMENT_LENGTH
    assert document.startswith(" w0 w1 ")
    assert document.endswith(" ")


def test_query_terms_are_cut_like_the_document():
    assert query_terms("開放國會") == ["開放", "放國", "國會"]
    assert query_terms("陳 開放") == ["陳", "開放"]
    assert query_terms("台灣") == ["臺灣"]
    assert query_terms('"Kao Shien-Quey"') == ["kao", "shien", "quey"]
    assert query_terms('"open parliament"') == ["open", "parliament"]


def test_query_terms_drop_noise():
    assert query_terms("") == []
    assert query_terms(" “ ” - a ") == []
    assert query_terms("a open-gov! open") == ["open", "gov"]


@pytest.mark.django_db
def test_search_matches_whole_bigrams_only():
    parliament = f.make_organization(name_zh="立法院開放國會委員會", name_en="")
    un = f.make_organization(name_zh="國際會議中心", name_en="")

    assert list(Organization.objects.search("國會")) == [parliament]
    assert list(Organization.objects.search("國際會")) == [un]
    assert list(Organization.objects.search("開放國會")) == [parliament]
    assert set(Organization.objects.search("會")) == {parliament, un}
    assert list(Organization.objects.search("立")) == [parliament]
    assert list(Organization.objects.search("心")) == [un]


@pytest.mark.django_db
def test_search_matches_the_start_of_latin_words_of_three_letters_or_more():
    session = f.make_session(title_en="Institutionalizing Parliamentary Openness", title_zh="")
    aid = f.make_session(title_en="Aid transparency", title_zh="")

    assert list(Event.objects.search("PARLIAMENT open")) == [session]
    assert list(Event.objects.search("par")) == [session]
    assert list(Event.objects.search("ai")) == []
    assert list(Event.objects.search("aid")) == [aid]


@pytest.mark.django_db
def test_search_needs_every_term():
    f.make_person(name_zh="高嘉良", name_en="Chia-liang Kao")
    kao = f.make_person(name_zh="高仙桂", name_en="Kao Shien-Quey")

    assert list(Person.objects.search("Kao Shien-Quey")) == [kao]
    assert list(Person.objects.search("kao quey shien")) == [kao]
    assert list(Person.objects.search("Kao Shien-Quey 高嘉良")) == []


@pytest.mark.django_db
def test_search_without_terms_finds_nothing_and_asks_nothing(django_assert_num_queries):
    f.make_person(name_zh="高仙桂", name_en="Kao Shien-Quey")

    with django_assert_num_queries(0):
        assert list(Person.objects.search("")) == []
        assert list(Person.objects.search(" a “”")) == []


@pytest.mark.django_db
def test_person_search_document_follows_renames_and_other_names():
    # Latin names only: a Chinese name's romanisations (朱富美: fumei) are indexed too.
    person = f.make_person(name_en="Jody Fumei")

    person.name_en = "Chu Fu-mei"
    person.save()
    alias = f.make_person_name(person=person, name="Judy, Fu-meei Ju")

    assert list(Person.objects.search("Chu Fu-mei")) == [person]
    assert list(Person.objects.search("jody")) == []
    assert list(Person.objects.search("Fu-meei")) == [person]
    alias.name = "Judy Ju"
    alias.save()
    assert list(Person.objects.search("Fu-meei")) == []
    assert list(Person.objects.search("judy")) == [person]
    PersonName.objects.filter(pk=alias.pk).delete()
    assert list(Person.objects.search("judy")) == []


@pytest.mark.django_db
def test_person_search_document_follows_save_with_update_fields():
    person = f.make_person(name_zh="朱富美", name_en="")

    person.name_zh = "高仙桂"
    person.save(update_fields=["name_zh"])

    assert list(Person.objects.search("高仙桂")) == [person]


@pytest.mark.django_db
def test_organization_search_document_follows_other_names():
    ocf = f.make_organization(name_zh="開放文化基金會", name_en="Open Culture Foundation")

    short_name = f.make_organization_name(organization=ocf, name="OCF")
    assert list(Organization.objects.search("ocf")) == [ocf]
    short_name.delete()
    assert list(Organization.objects.search("ocf")) == []


@pytest.mark.django_db
def test_event_search_document_follows_edits():
    session = f.make_session(title_en="Open Justice in Colombia", title_zh="")

    session.title_zh = "哥倫比亞的開放司法"
    session.description = "Judicial transparency"
    session.save()

    assert list(Event.objects.search("司法 justice judicial")) == [session]


@pytest.mark.django_db
def test_report_search_document_follows_its_sections():
    report = f.make_report(title="出席2023年開放政府夥伴關係全球峰會報告", abstract="")
    section = f.make_section(report=report, heading="過程", body="參與開放國會周邊活動")

    assert list(Report.objects.search("開放國會")) == [report]
    section.body = "參與臺灣交流餐敘"
    section.save()
    assert list(Report.objects.search("開放國會")) == []
    assert list(Report.objects.search("台灣")) == [report]
    ReportSection.objects.filter(pk=section.pk).delete()
    assert list(Report.objects.search("台灣")) == []
    assert list(Report.objects.search("峰會")) == [report]


@pytest.mark.django_db
def test_report_search_document_follows_its_keywords():
    report = f.make_report(title="出國報告", abstract="")
    other = f.make_report(title="出國報告", abstract="")
    keyword = f.make_keyword(name="開放政府")

    report.keywords.add(keyword)
    keyword.reports.add(other)
    assert list(Report.objects.search("開放政府").order_by("pk")) == [report, other]
    keyword.name = "開放國會"
    keyword.save()
    assert list(Report.objects.search("開放政府")) == []
    assert list(Report.objects.search("開放國會").order_by("pk")) == [report, other]
    report.keywords.remove(keyword)
    assert list(Report.objects.search("開放國會")) == [other]
    keyword.reports.clear()
    assert list(Report.objects.search("開放國會")) == []
    other.keywords.add(keyword)
    Keyword.objects.filter(pk=keyword.pk).delete()
    assert list(Report.objects.search("開放國會")) == []


@pytest.mark.django_db
def test_records_delete_with_the_rows_their_documents_hold():
    report = f.make_section(body="開放國會").report
    person = f.make_person_name(name="Judy, Fu-meei Ju").person
    ocf = f.make_organization_name(name="OCF").organization

    report.delete()
    Person.objects.filter(pk=person.pk).delete()
    ocf.delete()

    assert (Report.objects.count(), Person.objects.count(), Organization.objects.count()) == (0, 0, 1)


@pytest.mark.django_db
def test_rebuild_search_index_fills_in_what_bulk_writes_skipped():
    person = f.make_person(name_zh="高仙桂", name_en="Kao Shien-Quey")
    [bulk] = Person.objects.bulk_create([Person(slug="bulk", name_zh="朱富美", name_en="Judy, Fumei Ju")])
    PersonName.objects.bulk_create([PersonName(person=person, name="高副主委", key="高副主委")])
    assert list(Person.objects.search("朱富美")) == []
    out = io.StringIO()

    call_command("rebuild_search_index", batch_size=1, stdout=out)

    assert list(Person.objects.search("朱富美")) == [bulk]
    assert list(Person.objects.search("副主委")) == [person]
    assert out.getvalue().splitlines() == [
        "people.Person: 2 read, 2 updated",
        "people.Organization: 0 read, 0 updated",
        "events.Event: 0 read, 0 updated",
        "reports.Report: 0 read, 0 updated",
        "Search index rebuilt.",
    ]
    out = io.StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert out.getvalue().splitlines()[0] == "people.Person: 2 read, 0 updated"


SEARCH_TABLES = {
    "people_person": "person_search_terms",
    "people_organization": "organization_search_terms",
    "events_event": "event_search_terms",
    "reports_report": "report_search_terms",
}


def search_term_indexes():
    """{table: {index name: definition}} of the indexes on each search_terms column."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE indexdef LIKE %s",
            ["%(search_terms)%"],
        )
        found = {}
        for table, name, definition in cursor.fetchall():
            found.setdefault(table, {})[name] = definition
        return found


@pytest.mark.django_db
def test_search_terms_have_gin_indexes_on_postgresql_only():
    if connection.vendor == "postgresql":
        indexes = search_term_indexes()
        assert {table: sorted(names) for table, names in indexes.items()} == {
            table: [index] for table, index in SEARCH_TABLES.items()
        }
        assert all(
            "USING gin (search_terms)" in definition
            for names in indexes.values()
            for definition in names.values()
        )
        with connection.cursor() as cursor:
            # The column follows the document: the database computes it on every write.
            cursor.execute("SELECT search_terms::text FROM reports_report LIMIT 0")
    else:
        # SQLite has no term index: its LIKE scans the table, which is fine at its scale.
        with connection.cursor() as cursor:
            columns = [
                c.name for c in connection.introspection.get_table_description(cursor, "reports_report")
            ]
        assert "search_terms" not in columns


@pytest.mark.django_db
def test_search_uses_the_term_index_on_postgresql_only():
    f.make_report(title="開放國會 open parliament", status="published")
    # Unordered: the question is which index finds the rows, not which one sorts them.
    query = Report.objects.search("開放國會 open parliament").order_by()

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # The planner prefers a scan for the few rows of a test table (or a walk along
            # another index); forbid both to see whether the term index serves the query at
            # all (the column, the 'simple' configuration). Bitmap scans stay allowed.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_indexscan = off")
        plan = query.explain()
        assert "Bitmap Index Scan on report_search_terms" in plan
        assert list(query.values_list("title", flat=True)) == ["開放國會 open parliament"]
    else:
        assert "SCAN reports_report" in query.explain()


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["O'Reilly", "國會 & !開放", "back\\slash", "parl:* | (x)", "'''", "<->"])
def test_operators_and_quotes_in_a_query_are_plain_text(client, query):
    f.make_report(title="O'Reilly 國會 back slash parl", status="published")

    list(Report.objects.search(query))  # no syntax error from the database
    response = client.get("/zh-hant/search/", {"q": query})

    assert response.status_code == 200


@pytest.mark.django_db
def test_a_search_is_counted_through_the_term_index_not_row_by_row(client):
    f.make_report(title="開放國會 open parliament", status="published")
    f.make_report(title="其他 other", status="published")
    searched = Report.objects.published().search("open parliament").order_by()

    with term_index_first(searched):
        plan = searched.explain()
        count = searched.count()
    html = client.get("/zh-hant/reports/", {"q": "open parliament"}).text

    assert count == 1
    assert "開放國會 open parliament" in html and "其他 other" not in html
    if connection.vendor == "postgresql":
        # Whatever the table's size, the matches come from an index, never a scan of every
        # report's terms; the setting ends with the block.
        assert "Seq Scan" not in plan
        with connection.cursor() as cursor:
            cursor.execute("SHOW enable_seqscan")
            assert cursor.fetchone() == ("on",)
