"""What was read from a report: `ReadReport`, the interface the admin's draft, people matching
and search build on.

Every header field is a `Found` or None: None when the report does not print it. A Found holds

- `value`: what was read, in the form the archive stores (a date, a number, a category code,
  a list of keywords);
- `page`: the page it was read on (a PDF's page, 1 for the first; None for a text file without
  page breaks, see document.py);
- `printed`: the text as the report prints it, for staff to compare with `value`;
- `private`: True for a phone number or an e-mail address. Those go to private fields (as
  DelegationMember.phone and Delegation.contact_phone are) and never into a search document
  or a public page. A roster row's `phone` is private too.

Fields, with where they are read (the cover, the 提要 page of the 2016 template, the 摘要 of the
2023 template). Where the cover and the 提要 both print a field, the 提要's is taken (it is the
form the report system keeps) and a difference is a warning.

    title              Found[str]          出國報告名稱 (提要), else the cover's title lines joined
    title_en           Found[str] | None   an English title on its own line(s) of the cover
    category           Found[str]          出國類別 as a ReportCategory code ("other"); printed
                                           "其他（出席會議）"; a category outside the five (會議)
                                           is "other" with the text as its detail
    category_detail    Found[str] | None   出席會議, 會議 (Report.category_detail)
    agency             Found[str]          服務機關 as printed
    authors            [Found[Author]]     姓名職稱: each line's name and title (潘國才, 處長)
    destination        Found[str]          出國地區 (提要), else 派赴國家, as printed (法國巴黎)
    countries          [Found[str]]        ISO 3166 codes of the countries named (FR, EE),
                                           printed as named (法國)
    departure_date     Found[PartialDate]  出國期間's first day; printed: the whole period
    return_date        Found[PartialDate]  出國期間's last day
    report_date        Found[PartialDate]  報告日期, precision day or month (2023年12月)
    system_id          Found[str] | None   系統識別號
    pages              Found[int] | None   頁數
    pages_note         Found[str] | None   含附錄
    organiser          Found[str] | None   出國計畫主辦機關
    contact_person     Found[str] | None   聯絡人
    contact_phone      Found[str] | None   電話 (private)
    contact_email      Found[str] | None   an e-mail address beside them (private)
    classification     Found[str] | None   分類號/目 (None when the label is printed empty)
    keywords           Found[list[str]] | None   關鍵詞, split at 、，,；;
    abstract           Found[str] | None   內容摘要 / 摘要: paragraphs separated by blank lines
    travellers         [RosterRow]         出國人員姓名/服務機關/單位/職稱/電話 (提要)
    sections           [Section]           in printed order, see Section
    recommendations    [Recommendation]    the items of the 建議 section
    follow_up_items    [Recommendation]    the items of a 後續工作事項 section
    roster             [RosterRow]         the 團員名單 / 出國人員 table, in printed order
    missing            [str]               names of the REQUIRED fields that were not found
    warnings           [str]               what staff should check, in the active language
    document           Document            the pages and lines read (not in as_dict())

A file is taken for a 出國報告 when at most MAX_MISSING of the REQUIRED header fields are missing
(every template prints all seven on its cover; a report missing more than three of them is some
other document). `parse.read_report` raises NotAReport otherwise, naming them.
"""

import dataclasses
import datetime
from typing import Any

from django.utils.translation import pgettext_lazy

from .dates import PartialDate

REQUIRED = ("title", "category", "agency", "authors", "destination", "departure_date", "report_date")
MAX_MISSING = 3

# The labels of the header fields, as the reports print them (and in English).
FIELD_LABELS = {
    "title": pgettext_lazy("report field", "title"),
    "title_en": pgettext_lazy("report field", "English title"),
    "category": pgettext_lazy("report field", "category"),
    "category_detail": pgettext_lazy("report field", "category detail"),
    "agency": pgettext_lazy("report field", "agency"),
    "authors": pgettext_lazy("report field", "authors and titles"),
    "destination": pgettext_lazy("report field", "destination"),
    "countries": pgettext_lazy("report field", "countries"),
    "departure_date": pgettext_lazy("report field", "departure date"),
    "return_date": pgettext_lazy("report field", "return date"),
    "report_date": pgettext_lazy("report field", "report date"),
    "system_id": pgettext_lazy("report field", "system id"),
    "pages": pgettext_lazy("report field", "pages"),
    "pages_note": pgettext_lazy("report field", "pages note"),
    "organiser": pgettext_lazy("report field", "organising agency"),
    "contact_person": pgettext_lazy("report field", "contact person"),
    "contact_phone": pgettext_lazy("report field", "contact phone"),
    "contact_email": pgettext_lazy("report field", "contact e-mail"),
    "classification": pgettext_lazy("report field", "classification"),
    "keywords": pgettext_lazy("report field", "keywords"),
    "abstract": pgettext_lazy("report field", "abstract"),
    "travellers": pgettext_lazy("report field", "travellers"),
    "sections": pgettext_lazy("report field", "sections"),
    "recommendations": pgettext_lazy("report field", "recommendations"),
    "follow_up_items": pgettext_lazy("report field", "follow-up items"),
    "roster": pgettext_lazy("report field", "roster"),
}


@dataclasses.dataclass(frozen=True)
class Found:
    value: Any
    page: int | None
    printed: str
    private: bool = False


@dataclasses.dataclass(frozen=True)
class Author:
    name: str
    title: str


@dataclasses.dataclass
class Section:
    """A numbered heading and the text under it, up to the next heading of any level.

    `number` as printed, in ASCII brackets: 壹, 一, (一), 1., 附件 1. `level`: 1 for 壹、貳、…
    and appendices (附錄, 附件 1), 2 for 一、二、…, 3 for (一)(二)…, 4 for 1. 2. (a short heading
    line; a numbered paragraph stays in the text). `body`: paragraphs separated by a blank line,
    lines broken by the page joined back, without page headers, footers and page numbers.
    `page`: where the heading is. `printed`: the heading line as printed."""

    number: str
    heading: str
    level: int
    body: str
    page: int | None
    printed: str


@dataclasses.dataclass
class Recommendation:
    """One numbered item of the 建議 (or 後續工作事項) section: `number` as printed ((一), 1.),
    `text` its whole text (a titled item as "title：text"), `heading` its title if it has one."""

    number: str
    text: str
    page: int | None
    heading: str = ""


@dataclasses.dataclass
class RosterRow:
    """A row of the roster (團員名單) or of the 提要's travellers, as printed.

    `order`: the 序號 printed, else the row's place (from 1). `agency`: 服務機關; `unit`: 單位.
    The source reports' rosters print one organisation column, 單位, which holds the whole
    organisation (國家發展委員會社會發展處): it is `unit`, and `agency` is empty, as the roster
    import reads them (reports.roster_io: 單位 is the row's organisation, 服務機關 the agency
    it belongs to). `phone` is private. `page`: where the row is."""

    order: int
    name: str
    agency: str = ""
    unit: str = ""
    title: str = ""
    phone: str = ""
    grade: str = ""
    page: int | None = None

    def roster_cells(self):
        """The row as the roster import's columns (reports.roster_io.ROSTER_COLUMNS)."""
        return {
            "order": self.order,
            "organization": self.unit or self.agency,
            "agency": self.agency if self.unit else "",
            "name": self.name,
            "title": self.title,
            "grade": self.grade,
            "phone": self.phone,
        }


@dataclasses.dataclass
class ReadReport:
    title: Found | None = None
    title_en: Found | None = None
    category: Found | None = None
    category_detail: Found | None = None
    agency: Found | None = None
    authors: list = dataclasses.field(default_factory=list)
    destination: Found | None = None
    countries: list = dataclasses.field(default_factory=list)
    departure_date: Found | None = None
    return_date: Found | None = None
    report_date: Found | None = None
    system_id: Found | None = None
    pages: Found | None = None
    pages_note: Found | None = None
    organiser: Found | None = None
    contact_person: Found | None = None
    contact_phone: Found | None = None
    contact_email: Found | None = None
    classification: Found | None = None
    keywords: Found | None = None
    abstract: Found | None = None
    travellers: list = dataclasses.field(default_factory=list)
    sections: list = dataclasses.field(default_factory=list)
    recommendations: list = dataclasses.field(default_factory=list)
    follow_up_items: list = dataclasses.field(default_factory=list)
    roster: list = dataclasses.field(default_factory=list)
    missing: list = dataclasses.field(default_factory=list)
    warnings: list = dataclasses.field(default_factory=list)
    document: Any = dataclasses.field(default=None, repr=False, compare=False)

    @property
    def is_report(self):
        return len(self.missing) <= MAX_MISSING

    def as_dict(self):
        """Every field but `document`, as JSON-ready values: dates ISO (a month-precision date
        as 2023-12 with its precision), Founds as {value, page, printed, private}."""
        return {
            field.name: _plain(getattr(self, field.name))
            for field in dataclasses.fields(self)
            if field.name != "document"
        }


def _plain(value):
    if isinstance(value, PartialDate):
        return {"date": value.isoformat(), "precision": str(value.precision)}
    if isinstance(value, datetime.date):
        return value.isoformat()
    if dataclasses.is_dataclass(value):
        return {field.name: _plain(getattr(value, field.name)) for field in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)  # a lazy translation
