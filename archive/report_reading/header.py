"""The header fields of a report: its cover, the 提要 page (2016 template) and the 摘要 (2023
template), read from the lines before the first section (the front matter).

The fields are printed as "label：value". A label may be spaced out (服 務 機 關), take a
half-width colon, share a line with another (出國期間：… 出國地區：…), sit in brackets
((出國類別：會議)), or stand alone with its value on the lines after it (出國報告名稱：, 內容摘要：,
摘要). A value runs on over the following lines until the next label, or one of the lines that
open a part of the front matter (the 提要 page's title, the cover's 出國報告 line).

The title is the 提要's 出國報告名稱, else the cover's title lines: those between the cover's
first lines (出國報告, 因公出國報告書, 出國類別) and its first field (服務機關…), joined as one
line; a line of the cover entirely in Latin letters (not in brackets) is the English title.
"""

import dataclasses
import re

from django.utils.translation import gettext as _

from reports.models import ReportCategory

from .dates import parse_date, parse_period
from .lines import Line, is_cjk, join, join_lines, paragraphs
from .places import countries_in
from .report import Author, Found, RosterRow

# Printed label → field. Longer labels are tried first, so that 出國人員姓名/服務機關/… is not
# read as 服務機關.
LABELS = {
    "出國報告名稱": "title",
    "報告名稱": "title",
    "英文名稱": "title_en",
    "服務機關": "agency",
    "姓名職稱": "authors",
    "派赴國家": "countries",
    "派赴國家/地區": "countries",
    "出國期間": "period",
    "報告日期": "report_date",
    "系統識別號": "system_id",
    "頁數": "pages",
    "報告書頁數": "pages",
    "出國計畫主辦機關/聯絡人/電話": "contact",
    "計畫主辦機關": "organiser",
    "出國人員姓名/服務機關/單位/職稱/電話": "travellers",
    "出國類別": "category",
    "出國地區": "region",
    "前往地區": "region",
    "分類號/目": "classification",
    "關鍵詞": "keywords",
    "關鍵字": "keywords",
    "內容摘要": "abstract",
    "報告內容摘要": "abstract",
    "摘要": "abstract",
}
# The cover's fields after its title: the title lines end where the first of them is.
COVER_FIELDS = {"agency", "authors", "countries", "period", "report_date"}
# Fields whose value goes on over the lines after the label's. The others are one line: the
# rest of the label's line, or the line after it when the label stands alone.
MULTILINE = {"title", "title_en", "authors", "contact", "travellers", "keywords", "abstract"}


def _label_pattern(label):
    # Each character may be followed by spaces; a slash may be full-width.
    return r"\s*".join("[/／]" if character == "/" else re.escape(character) for character in label)


# A label: at the start of a line or after a space or an opening bracket, followed by a colon,
# or by nothing (a label alone on its line).
_LABEL = re.compile(
    r"(?:^|(?<=[\s(（]))(?P<label>"
    + "|".join(_label_pattern(label) for label in sorted(LABELS, key=len, reverse=True))
    + r")\s*(?:[:：]|$)"
)
# Lines that open a part of the front matter: the 提要 page's title, the cover's first line.
_PART_OPENING = re.compile(r"出國報告提要|因公出國報告書|^出國報告\s*[（(]|^出國報告$")
# 其他（出席會議）: a category and its detail in brackets.
_CATEGORY_DETAIL = re.compile(r"^(?P<category>[^（(]+?)\s*[（(](?P<detail>[^）)]+)[）)]$")
# A checked box of the report system's form: ■5其他, ☑考察.
_CHECKED = re.compile(r"[■☑☒▣✓✔✗✘]\s*\d?\s*(?P<category>考察|進修|研究|實習|其他)")
CATEGORIES = {
    "考察": ReportCategory.INSPECTION,
    "進修": ReportCategory.STUDY,
    "研究": ReportCategory.RESEARCH,
    "實習": ReportCategory.INTERNSHIP,
    "其他": ReportCategory.OTHER,
}
# A phone number: digits with dashes, brackets, spaces, an extension (轉, 分機, #, ext).
_PHONE = re.compile(
    r"^[+＋(（]?\d[\d\s\-－()（）]{5,}(?:\s*(?:轉|分機|#|ext\.?|x)\s*\d+)*\s*$", re.IGNORECASE
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_SYSTEM_ID = re.compile(r"[A-Z]?\d{6,}")
_NUMBER = re.compile(r"\d+")
# Titles of the civil service and of the organisations reports name, longest first: a cover's
# 潘國才處長 is split as the name before the longest title it ends with.
_TITLE_WORDS = """
副主任委員 主任委員 政務委員 專門委員 執行秘書 簡任技正 副執行長 執行長 副秘書長
秘書長 副處長 處長 副司長 司長 副局長 局長 副署長 署長 副主任 主任 副組長 組長
副院長 院長 部長 次長 參事 顧問 委員 科長 專員 高級分析師 分析師 助理研究員
副研究員 研究員 技正 技士 視察 秘書 科員 辦事員 組員 大使 副代表 代表 董事長
董事 會長 理事長 記者 教授 副教授
"""
TITLES = sorted(_TITLE_WORDS.split(), key=len, reverse=True)


@dataclasses.dataclass
class Labelled:
    """A label found in the front matter: its field, the value on its line, the lines after
    it that go on with its value, the page, and the label as printed."""

    field: str
    value: str
    more: list
    page: int | None
    printed: str
    index: int  # the label's line, in the front matter

    @property
    def lines(self):
        """The value's lines, the label's own line's first: blank ones left out."""
        return [text for text in [self.value, *(line.text for line in self.more)] if text.strip()]

    @property
    def text(self):
        return join_lines(self.lines)

    def found(self, value, private=False):
        return Found(value, self.page, self.text, private)


def labelled(front):
    """The Labelled fields of the front matter (Lines), in order."""
    found = []
    for index, line in enumerate(front):
        matches = list(_LABEL.finditer(line.text))
        for number, match in enumerate(matches):
            end = matches[number + 1].start() if number + 1 < len(matches) else len(line.text)
            value = _close_brackets(line.text[match.end() : end].strip())
            field = LABELS["".join(match.group("label").split()).replace("／", "/")]
            more = []
            if number == len(matches) - 1 and (field in MULTILINE or not value):
                more = _value_lines(front, index + 1, one=field not in MULTILINE)
            found.append(Labelled(field, value, more, line.page, line.text.strip(), index))
    return found


def _value_lines(front, start, one=False):
    """The lines from `start` that go on with a value: up to the next label or part opening
    (`one`: the first line that is not blank, at most)."""
    more = []
    for line in front[start:]:
        if _LABEL.search(line.text) or _PART_OPENING.search(line.text):
            break
        more.append(line)
        if one and line.text.strip():
            break
    return more


def _close_brackets(value):
    """A value without the closing bracket of the brackets its label opened: (出國類別：會議)."""
    while (
        value
        and value[-1] in ")）"
        and value.count(value[-1]) > value.count("(" if value[-1] == ")" else "（")
    ):
        value = value[:-1].rstrip()
    return value


def read_header(front, known_names=(), measure=None):
    """{field name: Found or list} of the ReadReport header fields in the front matter (Lines),
    with the warnings to give. `known_names` are names read elsewhere (the roster), which say
    where a cover's 潘國才處長 splits; `measure` is the document's (lines.Measure), by which
    the abstract's lines are joined."""
    fields, warnings = {}, []
    by_field = {}
    items = labelled(front)
    for item in items:
        # The 提要 comes after the cover: a field it prints again replaces the cover's.
        by_field.setdefault(item.field, []).append(item)
    last = {field: found[-1] for field, found in by_field.items()}

    fields.update(_title(front, items, last.get("title"), warnings))
    if "category" in last:
        fields.update(_category(last["category"]))
    if item := last.get("agency"):
        fields["agency"] = item.found(item.text) if item.text else None
    if item := by_field.get("authors", [None])[0]:
        fields["authors"], guessed = _authors(item, known_names)
        warnings.extend(
            _("The author “%(printed)s” was split as name “%(name)s”, title “%(title)s”: check it.")
            % {"printed": printed, "name": author.name, "title": author.title}
            for printed, author in guessed
        )
    fields.update(_places(last.get("region"), last.get("countries"), warnings))
    fields.update(_period(by_field.get("period", []), warnings))
    if item := last.get("report_date"):
        dates = {parse_date(each.text) for each in by_field["report_date"]} - {None}
        if len(dates) > 1:
            warnings.append(_("The cover and the 提要 print different report dates: check it."))
        if date := parse_date(item.text):
            fields["report_date"] = item.found(date)
    if item := last.get("system_id"):
        match = _SYSTEM_ID.search(item.text)
        fields["system_id"] = item.found(match.group() if match else item.text) if item.text else None
    if item := last.get("pages"):
        fields.update(_pages(item))
    if item := last.get("contact"):
        fields.update(_contact(item))
    if item := last.get("organiser"):
        fields.setdefault("organiser", item.found(item.text) if item.text else None)
    if item := last.get("travellers"):
        fields["travellers"] = travellers(item)
    if (item := last.get("classification")) and item.text:
        fields["classification"] = item.found(item.text)
    if (item := last.get("keywords")) and item.text:
        keywords = [word.strip() for word in re.split(r"[、，,；;]", item.text) if word.strip()]
        fields["keywords"] = item.found(keywords)
    if item := last.get("abstract"):
        text = _abstract(item, measure)
        fields["abstract"] = Found(text, item.page, text) if text else None
    return fields, warnings


def _title(front, items, title_item, warnings):
    """{"title": …, "title_en": …} from the 提要's 出國報告名稱, else the cover's title lines."""
    result = {}
    block = _cover_title_lines(front, items)
    english = [line for line in block if _is_english_title(line.text)]
    chinese = [line for line in block if line not in english]
    if title_item and title_item.text:
        result["title"] = title_item.found(title_item.text)
        cover = _title_text(line.text for line in chinese)
        if chinese and "".join(cover.split()) != "".join(title_item.text.split()):
            warnings.append(_("The cover and the 提要 print different titles: check it."))
    elif chinese:
        text = _title_text(line.text for line in chinese)
        result["title"] = Found(text, chinese[0].page, "\n".join(line.text.strip() for line in chinese))
    if english:
        text = join_lines(line.text for line in english)
        result["title_en"] = Found(text, english[0].page, text)
    return result


def _title_text(lines):
    """A cover's title lines as one title: joined as a paragraph's lines are, and without a
    space at a bracket ((Open Government Partnership) + 2023年高峰會), as the 提要 prints it."""
    text = ""
    for line in lines:
        line = line.strip()
        bracket = text.endswith((")", "）")) or line.startswith(("(", "（"))
        text = text + line if bracket else join(text, line)
    return text


def _cover_title_lines(front, items):
    """The cover's title lines: back from its first field to its opening lines."""
    first = next((item for item in items if item.field in COVER_FIELDS), None)
    if first is None:
        return []
    block = []
    for line in reversed(front[: first.index]):
        if _LABEL.search(line.text) or _PART_OPENING.search(line.text):
            break
        if line.text.strip():
            block.append(line)
    return block[::-1]


def _is_english_title(text):
    text = text.strip()
    return bool(text) and not any(is_cjk(c) for c in text) and not text.startswith(("(", "（"))


def _category(item):
    """{"category": code, "category_detail": text} from 出國類別 as printed."""
    text = item.text
    if checked := _CHECKED.search(text):
        code = CATEGORIES[checked.group("category")]
        detail = _CATEGORY_DETAIL.match(text[checked.start() :].split("□")[0].strip())
        return {
            "category": item.found(code),
            "category_detail": item.found(detail.group("detail")) if detail else None,
        }
    if match := _CATEGORY_DETAIL.match(text):
        name, detail = match.group("category").strip(), match.group("detail").strip()
    else:
        name, detail = text.strip(), ""
    if name in CATEGORIES:
        return {
            "category": item.found(CATEGORIES[name]),
            "category_detail": item.found(detail) if detail else None,
        }
    # 會議, 開會: not one of the five categories, so "other" with the printed text as its detail.
    return {"category": item.found(ReportCategory.OTHER), "category_detail": item.found(text.strip())}


def split_author(text, known_names=()):
    """(Author, guessed) of a cover's 潘國才處長 or 潘國才 處長: by a space, else by a known
    name it begins with, else by the longest title it ends with, else a name of three
    characters (guessed)."""
    text = text.strip()
    if " " in text:
        name, title = text.split(None, 1)
        return Author(name, title.strip()), False
    for name in sorted(known_names, key=len, reverse=True):
        if name and text.startswith(name) and len(text) > len(name):
            return Author(name, text[len(name) :]), False
    for title in TITLES:
        if text.endswith(title) and 2 <= len(text) - len(title) <= 4:
            return Author(text[: -len(title)], title), False
    return Author(text[:3], text[3:]), True


def _authors(item, known_names):
    authors, guessed = [], []
    for line in item.lines:
        for part in re.split(r"[、，,；;]|\s{2,}", line):
            if not part.strip():
                continue
            author, was_guessed = split_author(part, known_names)
            authors.append(Found(author, item.page, part.strip()))
            if was_guessed:
                guessed.append((part.strip(), author))
    return authors, guessed


def _places(region, countries_item, warnings):
    """destination (出國地區, else 派赴國家, as printed) and the ISO codes of the countries."""
    fields = {}
    destination = region if region and region.text else countries_item
    if destination and destination.text:
        fields["destination"] = destination.found(destination.text)
    fields["countries"] = []
    for item in (countries_item, region):
        for code, name in countries_in(item.text) if item else ():
            if code not in (found.value for found in fields["countries"]):
                fields["countries"].append(Found(code, item.page, name))
    if destination and destination.text and not fields["countries"]:
        warnings.append(
            _("No country was recognised in the destination “%(destination)s”: choose it.")
            % {"destination": destination.text}
        )
    return fields


def _period(items, warnings):
    periods = [(item, parse_period(item.text)) for item in items]
    periods = [(item, period) for item, period in periods if period]
    if not periods:
        return {}
    if len({period for _item, period in periods}) > 1:
        warnings.append(_("The cover and the 提要 print different travel dates: check them."))
    item, (start, end) = periods[-1]
    return {"departure_date": item.found(start), "return_date": item.found(end)}


def _pages(item):
    match = _NUMBER.search(item.text)
    if not match:
        return {}
    note = item.text[match.end() :].strip(" ：:頁")
    # The report system's form asks 含附錄：是 / 否.
    note = {
        "含附錄：是": "含附錄",
        "含附錄:是": "含附錄",
        "含附錄：否": "不含附錄",
        "含附錄:否": "不含附錄",
    }.get(note, note)
    return {"pages": item.found(int(match.group())), "pages_note": item.found(note) if note else None}


def _contact(item):
    """出國計畫主辦機關/聯絡人/電話: the agency, the contact, the phone and any e-mail (private)."""
    fields = {}
    email = _EMAIL.search(item.text)
    parts = [part.strip() for part in re.split(r"[/／]", _EMAIL.sub("", item.text)) if part.strip()]
    phone = parts.pop() if parts and _PHONE.match(parts[-1]) else None
    if parts:
        fields["organiser"] = item.found(parts[0])
    if len(parts) > 1:
        fields["contact_person"] = item.found(parts[1])
    if phone:
        fields["contact_phone"] = item.found(phone, private=True)
    if email:
        fields["contact_email"] = item.found(email.group(), private=True)
    return fields


def travellers(item):
    """The 提要's 出國人員姓名/服務機關/單位/職稱/電話 lines as RosterRows. A line may leave
    out the 單位 (潘國才/國家發展委員會/處長/電話); a line without a slash goes on with the line
    before it."""
    lines = []
    for text in item.lines:
        if "/" in text or "／" in text or not lines:
            lines.append(text)
        else:
            lines[-1] = join(lines[-1], text)
    rows = []
    for order, text in enumerate(lines, start=1):
        parts = [part.strip() for part in re.split(r"[/／]", text)]
        phone = parts.pop() if len(parts) > 2 and _PHONE.match(parts[-1]) else ""
        name, agency, *middle = [*parts, ""][: max(len(parts), 2)]
        unit, title = ("/".join(middle[:-1]), middle[-1]) if middle else ("", "")
        rows.append(
            RosterRow(
                order=order, name=name, agency=agency, unit=unit, title=title, phone=phone, page=item.page
            )
        )
    return rows


def _abstract(item, measure=None):
    """The abstract's paragraphs, separated by blank lines, without the form's instruction
    （二百至三百字）."""
    lines = [Line(item.page, item.value), *item.more] if item.value else list(item.more)
    texts = [paragraph.text for paragraph in paragraphs(lines, measure)]
    if texts and re.fullmatch(r"[（(][^）)]*字[）)]", texts[0]):
        texts.pop(0)
    return "\n\n".join(texts)
