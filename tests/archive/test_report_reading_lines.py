"""The small rules under the reader: where a line ends its paragraph (by the PDF's geometry, or
by estimate in a text file), how broken lines join, what is a page number, what is a table of
contents, and which characters are put right."""

import pytest

from archive.report_reading.characters import fix_characters
from archive.report_reading.furniture import drop_furniture, page_number
from archive.report_reading.lines import Line, Measure, ends_paragraph, join, paragraphs, split_contents

# A PDF's page: the column's right edge at 531 pt, a CJK character 12 pt wide.
PDF = Measure(full=80, column=531.0, em=12.0)


@pytest.mark.parametrize(
    ("right", "text", "following", "first", "ends"),
    [
        # Room for the next line's first character: the line was not broken for want of it.
        (400.0, "講者：", "Adrià Duarte", 60.0, True),
        (500.0, "與談人", "Kaja Kallas", 30.0, True),
        # Full: broken for want of room.
        (530.0, "開放政府夥伴關係聯盟於2011年成立，旨在推動", "參與、透明", 12.0, False),
        # One character short, but the next line's first character brings a comma it may not
        # be parted from: it was pushed down with it.
        (519.0, "於會後辦理臺灣官方交流活動，邀請國際社群參與場", "次，主講", 24.0, False),
        # A Latin word too long for what is left.
        (500.0, "How Open Contracting Delivers Results in Anti-", "Corruption, Inclusion", 60.0, False),
        # A sentence ends short of the edge: the paragraph ends.
        (525.7, "計有反貪腐、公民空間與參與等6大議題。", "我國由國家發展委員會", 12.0, True),
        # A sentence that ends at the very edge may go on.
        (530.9, "必須始終銘記我們所代表的那些人之需求。", "呼籲 OGP 會員國", 12.0, False),
    ],
)
def test_line_ends_its_paragraph_by_the_pdfs_geometry(right, text, following, first, ends):
    assert ends_paragraph(Line(1, text, right=right), Line(1, following, first=first), PDF) is ends


@pytest.mark.parametrize(
    ("text", "following", "ends"),
    [
        ("中" * 43, "文", False),  # as wide as the widest lines: broken for want of room
        ("中" * 20, "文", True),
        ("中" * 41 + "。", "文", True),  # a sentence's end short of the full width
        ("一\t二", "三", True),  # a table's row in a text file
    ],
)
def test_line_ends_its_paragraph_by_estimate_in_a_text_file(text, following, ends):
    assert ends_paragraph(Line(None, text), Line(None, following), Measure(full=86)) is ends


def test_paragraphs_part_at_blank_lines_and_numbers():
    lines = [Line(None, text) for text in ["壹、目的", "", "第一段", "第一段之二", "", "1. 項目", "2. 項目"]]
    found = paragraphs(lines, Measure(full=8))
    assert [p.text for p in found] == ["壹、目的", "第一段第一段之二", "1. 項目", "2. 項目"]
    assert [p.after_blank for p in found] == [False, True, True, False]


@pytest.mark.parametrize(
    ("left", "right", "joined"),
    [
        ("中", "文", "中文"),
        ("open", "data", "open data"),
        ("參加 WHA ", "觀察員", "參加 WHA 觀察員"),
        ("主席議程(Co-", "Chair agenda)", "主席議程(Co-Chair agenda)"),
        ("Partnership,", "OGP)", "Partnership, OGP)"),
    ],
)
def test_broken_lines_join(left, right, joined):
    assert join(left, right).strip() == joined


def test_table_of_contents_is_set_apart():
    texts = ["目 錄", "壹、目的.....\t5", "二、行程\t7", "", "附件 1、團員名單 31", "壹、目的", "本文"]
    contents, kept = split_contents([Line(None, text) for text in texts])
    assert contents == [("壹、目的", 5), ("二、行程", 7), ("附件 1、團員名單", 31)]
    assert [line.text for line in kept] == ["壹、目的", "本文"]


def test_dot_leaders_are_contents_wherever_they_are():
    contents, kept = split_contents([Line(None, "參、心得及建議……………21"), Line(None, "本文")])
    assert (contents, [line.text for line in kept]) == ([("參、心得及建議", 21)], ["本文"])


@pytest.mark.parametrize(
    ("line", "number"),
    [
        ("- 12 -", "12"),
        ("12", "12"),
        ("第 3 頁", "3"),
        ("第3頁，共40頁", "3"),
        ("3 / 40", "3"),
        ("Page 7 of 40", "7"),
        ("iii", "iii"),
        ("2016", None),  # a year closing a cover page, not page 2016 of 33
        ("1.", None),
        ("09:00", None),
        ("III", None),
    ],
)
def test_page_numbers(line, number):
    assert page_number(line, 33) == number


def test_running_header_and_page_numbers_are_dropped():
    bodies = [
        [f"第 {n} 頁的第 {line} 段，內容各不相同{'。' * n}" for line in range(1, 8)] for n in range(1, 5)
    ]
    bodies[2][0] = "講者："  # a label at one page's top is its text
    pages = [["國家發展委員會出國報告", *body, f"- {n} -"] for n, body in enumerate(bodies, start=1)]
    found = drop_furniture(pages)
    kept = [[page[i] for i in body] for page, (body, _furniture, _printed) in zip(pages, found, strict=True)]
    assert kept == bodies
    assert [printed for _body, _furniture, printed in found] == ["1", "2", "3", "4"]


def test_only_look_alike_characters_are_put_right():
    assert fix_characters("報告⽇期：106 年 2 ⽉，⾏政院（第 1 ⾴）處⻑、公⺠ ﬁle\x00") == (
        "報告日期：106 年 2 月，行政院（第 1 頁）處長、公民 file"
    )
    # Full-width punctuation, digits and letters stay as they are (no NFKC over the text).
    assert fix_characters("（１０５）：ＯＧＰ，") == "（１０５）：ＯＧＰ，"
