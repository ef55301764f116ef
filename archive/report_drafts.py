"""A draft report from what was read of its PDF (archive.report_reading), as staff corrected it.

`DraftValues.from_read(read)` are the values the preview shows (every header field, the
sections, recommendations, follow-up items, the roster and the authors); staff correct them in
the admin (archive.report_draft_admin) or take them as read on the command line
(`ingest_report`). Then

- `check_roster(values, choices)` is the roster's plan as the roster import makes it
  (reports.roster_io.RosterImport, dry run): each row's person and organisation matched, new,
  or a possible duplicate with its candidates, for staff to choose "this person" or "a new
  person". It writes nothing: the delegation it needs exists only inside a transaction rolled
  back at the end.
- `save_draft(values, …)` writes everything in one transaction: the organising agency
  (matched by name, or new), the delegation (trip dates, destinations, contact phone kept
  private), the report as a **draft** with its keywords, sections, recommendations and
  follow-up items, the roster through the same import (a possible duplicate left undecided
  refuses the whole draft: nothing is created silently), the authors linked to their roster
  rows' people, and the PDF attached (its text kept for search). Any problem raises
  DraftRefused and leaves nothing behind.

The travellers the cover or the 提要 page names (姓名職稱) are the trip's members: one the
roster does not list is added to it, with the report's agency, so that every author is a
roster row's person.
"""

import dataclasses
import datetime
import hashlib

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.history import recorded_as
from core.imports import ASK, problem_lines
from core.spreadsheets.reading import Table
from core.text import clean_text, name_key
from people.bulk import free_slug
from people.models import Organization, OrganizationKind
from reports.models import (
    DatePrecision,
    Delegation,
    Destination,
    FollowUpItem,
    Keyword,
    Recommendation,
    Report,
    ReportAuthor,
    ReportCategory,
    ReportFile,
    ReportSection,
)
from reports.roster_io import RosterImport

from .report_reading import RosterRow

# Starting a report from its file adds a report, its trip and its roster (admin and command).
DRAFT_PERMISSIONS = ("reports.add_report", "reports.add_delegation", "reports.import_roster")
# The roster import's columns, in the report system's layout (reports.roster_io).
ROSTER_HEADER = ["序號", "姓名", "服務機關", "單位", "職稱", "官職等", "電話"]
HISTORY_REASON = _("Draft read from the report's PDF")


@dataclasses.dataclass(frozen=True)
class Upload:
    """The file a draft was read from: a PDF is attached to the report (its checks run again as
    it is saved, reports.pdf); a plain-text file is not kept."""

    name: str
    data: bytes
    is_pdf: bool

    def as_django_file(self):
        return ContentFile(self.data, name=self.name or "report.pdf")


class DraftRefused(Exception):
    """The draft cannot be saved as it stands: `problems` say why, in the staff's language."""

    def __init__(self, problems):
        super().__init__("; ".join(str(problem) for problem in problems))
        self.problems = list(problems)


@dataclasses.dataclass
class Part:
    """A section, recommendation or follow-up item as it will be saved."""

    text: str
    heading: str = ""
    number: str = ""
    level: int = 1
    page: int | None = None  # where it starts in the PDF


@dataclasses.dataclass
class DraftValues:
    title: str = ""
    title_en: str = ""
    category: str = ReportCategory.OTHER
    category_detail: str = ""
    agency: str = ""
    report_date: datetime.date | None = None
    report_date_precision: str = DatePrecision.DAY
    departure_date: datetime.date | None = None
    return_date: datetime.date | None = None
    destination: str = ""
    countries: list = dataclasses.field(default_factory=list)
    system_id: str = ""
    pages: int | None = None
    pages_note: str = ""
    classification: str = ""
    keywords: list = dataclasses.field(default_factory=list)
    abstract: str = ""
    contact_phone: str = ""
    authors: list = dataclasses.field(default_factory=list)  # (name, title)
    sections: list = dataclasses.field(default_factory=list)  # Part
    recommendations: list = dataclasses.field(default_factory=list)  # Part
    follow_up_items: list = dataclasses.field(default_factory=list)  # Part
    roster: list = dataclasses.field(default_factory=list)  # report_reading.RosterRow

    @classmethod
    def from_read(cls, read):
        """The values as read (archive.report_reading.ReadReport)."""

        def value(found, default=""):
            return found.value if found is not None and found.value not in (None, "") else default

        report_date = value(read.report_date, None)
        contacts = [value(read.contact_phone), value(read.contact_email)]
        return cls(
            title=value(read.title),
            title_en=value(read.title_en),
            category=value(read.category, ReportCategory.OTHER),
            category_detail=value(read.category_detail),
            agency=value(read.agency),
            report_date=report_date.date if report_date else None,
            report_date_precision=report_date.precision if report_date else DatePrecision.DAY,
            departure_date=_day(value(read.departure_date, None)),
            return_date=_day(value(read.return_date, None)),
            destination=value(read.destination),
            countries=[found.value for found in read.countries if found.value],
            system_id=value(read.system_id),
            pages=value(read.pages, None),
            pages_note=value(read.pages_note),
            classification=value(read.classification),
            keywords=list(value(read.keywords, [])),
            abstract=value(read.abstract),
            contact_phone=" ".join(contact for contact in contacts if contact),
            authors=[(found.value.name, found.value.title) for found in read.authors],
            sections=[
                Part(part.body, part.heading, part.number, part.level, part.page) for part in read.sections
            ],
            recommendations=[Part(item.text, item.heading, item.number) for item in read.recommendations],
            follow_up_items=[Part(item.text, item.heading, item.number) for item in read.follow_up_items],
            roster=[dataclasses.replace(row) for row in (read.roster or read.travellers)],
        )

    def travellers(self):
        """The roster rows to import: the roster, then each author it does not list (by name
        as printed), with the report's agency and the author's title."""
        rows = list(self.roster)
        listed = {name_key(row.name) for row in rows}
        order = max((row.order for row in rows), default=0)
        for name, title in self.authors:
            if name and name_key(name) not in listed:
                order += 1
                rows.append(RosterRow(order, name, agency="", unit=self.agency, title=title))
                listed.add(name_key(name))
        return rows


def _day(partial):
    return partial.date if partial is not None else None


def roster_table(values):
    """The travellers as the table the roster import reads."""
    rows = [
        (
            number,
            [str(row.order), row.name, row.agency, row.unit, row.title, row.grade, row.phone],
        )
        for number, row in enumerate(values.travellers(), start=2)
    ]
    return Table(format="pdf", header=list(ROSTER_HEADER), rows=rows)


class _RolledBack(Exception):
    pass


def check_roster(values, choices=None, may_change_public=False):
    """The roster's plan (core.imports.Plan) as the import would make it for a new delegation:
    nothing is written."""
    plan = None
    try:
        with transaction.atomic():
            # Rolled back: any date will do where the values have none yet.
            someday = values.departure_date or values.report_date or datetime.date.today()
            dated = dataclasses.replace(
                values, departure_date=someday, return_date=values.return_date or someday
            )
            dated.agency = dated.agency or "?"
            delegation = _new_delegation(dated, _agency(dated))
            plan = RosterImport(delegation, choices=choices, may_change_public=may_change_public).run(
                roster_table(values), dry_run=True
            )
            raise _RolledBack
    except _RolledBack:
        pass
    return plan


def agency_candidates(values):
    """The organisations the report's agency names (as printed first, then in any spelling)."""
    if not values.agency:
        return Organization.objects.none()
    named = Organization.objects.named(values.agency)
    return named if named.exists() else Organization.objects.matching(values.agency)


def save_draft(values, *, user=None, upload=None, choices=None, policy=ASK, may_change_public=False):
    """The draft Report made of `values` (see the module's text); DraftRefused if it cannot be."""
    problems = _missing(values) or _already_in_archive(values, upload)
    if problems:
        raise DraftRefused(problems)
    with transaction.atomic(), recorded_as(user, HISTORY_REASON):
        agency = _agency(values)
        delegation = _new_delegation(values, agency)
        for order, code in enumerate(values.countries, start=1):
            Destination.objects.create(
                delegation=delegation,
                order=order,
                country=code,
                as_printed=values.destination if order == 1 else "",
            )
        report = Report(
            delegation=delegation,
            slug=free_slug(Report, values.title_en or values.title, "report"),
            title=values.title,
            title_en=values.title_en,
            category=values.category,
            category_detail=values.category_detail,
            agency=agency,
            report_date=values.report_date,
            report_date_precision=values.report_date_precision,
            pages=values.pages,
            pages_note=values.pages_note,
            classification=values.classification,
            system_id=values.system_id,
            abstract=values.abstract,
        )
        try:
            report.full_clean(exclude=["slug", "delegation", "agency"], validate_unique=True)
        except ValidationError as error:  # e.g. the report is in the archive already (系統識別號)
            raise DraftRefused(error.messages) from error
        report.save()
        report.keywords.set(
            [Keyword.objects.get_or_create(name=name)[0] for name in dict.fromkeys(values.keywords) if name]
        )
        ReportSection.objects.bulk_create(
            ReportSection(
                report=report,
                order=order,
                number=part.number[:20],
                heading=part.heading[:300],
                level=part.level,
                body=part.text,
                page=part.page,
            )
            for order, part in enumerate(values.sections, start=1)
        )
        Recommendation.objects.bulk_create(
            Recommendation(report=report, order=order, text=_item_text(part))
            for order, part in enumerate(values.recommendations, start=1)
        )
        FollowUpItem.objects.bulk_create(
            FollowUpItem(report=report, order=order, text=_item_text(part))
            for order, part in enumerate(values.follow_up_items, start=1)
        )
        plan = RosterImport(
            delegation, choices=choices, policy=policy, may_change_public=may_change_public
        ).run(roster_table(values), dry_run=False, user=user, file_name=getattr(upload, "name", ""))
        if not plan.ok:
            raise DraftRefused(problem_lines(plan))
        _authors(report, delegation, values)
        if upload is not None and upload.is_pdf:
            ReportFile.objects.create(report=report, file=upload.as_django_file(), title=values.title[:300])
        report.save()  # its search document, now with its sections and keywords
    return report


def _missing(values):
    required = {
        "title": _("the title"),
        "agency": _("the agency (服務機關)"),
        "report_date": _("the report date"),
        "departure_date": _("the departure date"),
        "return_date": _("the return date"),
    }
    missing = [label for field, label in required.items() if not getattr(values, field)]
    if not missing:
        return []
    return [
        gettext("The draft needs %(fields)s: fill them in before saving.")
        % {"fields": gettext("、").join(str(label) for label in missing)}
    ]


def _already_in_archive(values, upload):
    """A report already in the archive with this file, or with the same title, agency and report
    date: saving it again would make a second record of one report."""
    same = None
    if upload is not None and upload.is_pdf:
        digest = hashlib.sha256(upload.data).hexdigest()
        same = Report.objects.filter(files__sha256=digest).first()
    if same is None:
        same = Report.objects.filter(
            title=values.title, report_date=values.report_date, agency__in=agency_candidates(values)
        ).first()
    if same is None:
        return []
    return [
        gettext("This report is in the archive already: “%(title)s” (%(status)s). Open it there instead.")
        % {"title": same.title, "status": same.get_status_display()}
    ]


def _agency(values):
    """The organisation of the report's agency: the one its name names, else a new one."""
    found = agency_candidates(values).order_by("pk").first()
    if found is not None:
        return found
    name = clean_text(values.agency)
    return Organization.objects.create(
        name_zh=name, slug=free_slug(Organization, name, "org"), kind=OrganizationKind.GOVERNMENT
    )


def _new_delegation(values, agency):
    return Delegation.objects.create(
        slug=free_slug(Delegation, values.title_en or values.title, "trip"),
        title=values.title,
        title_en=values.title_en,
        organising_agency=agency,
        contact_phone=values.contact_phone[:100],
        departure_date=values.departure_date,
        return_date=values.return_date,
    )


def _item_text(part):
    return f"{part.heading}：{part.text}" if part.heading and part.heading not in part.text else part.text


def _authors(report, delegation, values):
    """Each author as the person of their roster row (every author has one, see travellers())."""
    members = {name_key(member.name_as_printed): member for member in delegation.members.all()}
    seen = set()
    order = 0
    for name, title in values.authors:
        member = members.get(name_key(name))
        if member is None or member.person_id is None or member.person_id in seen:
            continue
        order += 1
        seen.add(member.person_id)
        ReportAuthor.objects.create(
            report=report,
            order=order,
            person_id=member.person_id,
            title=title or member.title,
            organization_id=member.organization_id,
        )
