"""Small factories: valid records with sensible defaults, any field overridable."""

import datetime
import io
import itertools

from django.core.files.base import ContentFile
from django.utils import timezone
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from archive.merging import merge_records
from archive.models import ImportRecord
from events.models import Event, EventKind, Language, Room, SessionRole, SessionRoleKind, Track
from people.models import Organization, OrganizationName, Person, PersonName
from reports.models import (
    Delegation,
    DelegationEvent,
    DelegationMember,
    Destination,
    FollowUpItem,
    Keyword,
    PublicationStatus,
    Recommendation,
    Report,
    ReportAuthor,
    ReportCategory,
    ReportFile,
    ReportSection,
    SourceNote,
)

_serial = itertools.count(1)


def serial():
    return next(_serial)


def order_number():
    """A fresh order (序號) for a row: unique among any 32,000 rows in a row, and small enough
    for the small-integer order columns, which PostgreSQL refuses past 32,767 (a whole test
    session counts well past that)."""
    return (serial() - 1) % 32_000 + 1


def make_person(**fields):
    n = serial()
    fields.setdefault("name_zh", f"測試人{n}")
    fields.setdefault("name_en", f"Test Person {n}")
    fields.setdefault("slug", f"person-{n}")
    return Person.objects.create(**fields)


def make_person_name(**fields):
    fields.setdefault("person", make_person())
    fields.setdefault("name", f"Alias {serial()}")
    return PersonName.objects.create(**fields)


def make_organization(**fields):
    n = serial()
    fields.setdefault("name_zh", f"測試機關{n}")
    fields.setdefault("name_en", f"Test Agency {n}")
    fields.setdefault("slug", f"organization-{n}")
    return Organization.objects.create(**fields)


def make_organization_name(**fields):
    fields.setdefault("organization", make_organization())
    fields.setdefault("name", f"TA{serial()}")
    return OrganizationName.objects.create(**fields)


def make_language(**fields):
    n = serial()
    fields.setdefault("code", f"x{n}")
    fields.setdefault("name_zh", f"語言{n}")
    fields.setdefault("name_en", f"Language {n}")
    return Language.objects.create(**fields)


def make_summit(**fields):
    n = serial()
    fields.setdefault("kind", EventKind.SUMMIT)
    fields.setdefault("slug", f"summit-{n}")
    fields.setdefault("title_en", f"Test Summit {n}")
    fields.setdefault("time_zone", "Europe/Paris")
    fields.setdefault("start_date", datetime.date(2016, 12, 7))
    fields.setdefault("end_date", datetime.date(2016, 12, 9))
    fields.setdefault("city", "Paris")
    fields.setdefault("country", "FR")
    return Event.objects.create(**fields)


def make_session(**fields):
    n = serial()
    fields.setdefault("kind", EventKind.SESSION)
    if "parent" not in fields:
        fields["parent"] = make_summit()
    fields.setdefault("slug", f"session-{n}")
    fields.setdefault("title_en", f"Test Session {n}")
    return Event.objects.create(**fields)


def make_room(**fields):
    n = serial()
    fields.setdefault("summit", make_summit())
    fields.setdefault("slug", f"room-{n}")
    fields.setdefault("venue", "Palais d'Iéna")
    fields.setdefault("name", f"Room {n}")
    return Room.objects.create(**fields)


def make_track(**fields):
    n = serial()
    fields.setdefault("summit", make_summit())
    fields.setdefault("slug", f"track-{n}")
    fields.setdefault("name_en", f"Track {n}")
    return Track.objects.create(**fields)


def make_session_role(**fields):
    fields.setdefault("event", make_session())
    fields.setdefault("role", SessionRoleKind.SPEAKER)
    fields.setdefault("order", order_number())
    if "person" not in fields and "organization" not in fields:
        fields["person"] = make_person()
    return SessionRole.objects.create(**fields)


def make_delegation(**fields):
    n = serial()
    fields.setdefault("slug", f"delegation-{n}")
    fields.setdefault("title", f"出席測試會議 {n}")
    fields.setdefault("organising_agency", make_organization())
    fields.setdefault("departure_date", datetime.date(2016, 12, 5))
    fields.setdefault("return_date", datetime.date(2016, 12, 11))
    return Delegation.objects.create(**fields)


def make_destination(**fields):
    fields.setdefault("delegation", make_delegation())
    fields.setdefault("order", order_number())
    fields.setdefault("country", "FR")
    return Destination.objects.create(**fields)


def make_delegation_event(**fields):
    fields.setdefault("delegation", make_delegation())
    fields.setdefault("event", make_summit())
    return DelegationEvent.objects.create(**fields)


def make_member(**fields):
    fields.setdefault("delegation", make_delegation())
    fields.setdefault("order", order_number())
    fields.setdefault("person", make_person())
    return DelegationMember.objects.create(**fields)


def make_keyword(**fields):
    fields.setdefault("name", f"關鍵詞{serial()}")
    return Keyword.objects.create(**fields)


def make_report(**fields):
    n = serial()
    fields.setdefault("slug", f"report-{n}")
    fields.setdefault("title", f"出席測試會議報告 {n}")
    fields.setdefault("category", ReportCategory.OTHER)
    fields.setdefault("agency", make_organization())
    fields.setdefault("report_date", datetime.date(2017, 2, 21))
    if fields.get("status") == PublicationStatus.PUBLISHED:
        fields.setdefault("published_at", timezone.now())
    return Report.objects.create(**fields)


def make_report_author(**fields):
    fields.setdefault("report", make_report())
    fields.setdefault("order", order_number())
    fields.setdefault("person", make_person())
    return ReportAuthor.objects.create(**fields)


def make_section(**fields):
    fields.setdefault("report", make_report())
    fields.setdefault("order", order_number())
    fields.setdefault("heading", "目的")
    return ReportSection.objects.create(**fields)


def make_recommendation(**fields):
    fields.setdefault("report", make_report())
    fields.setdefault("order", order_number())
    fields.setdefault("text", "持續推動開放政府。")
    return Recommendation.objects.create(**fields)


def make_follow_up_item(**fields):
    fields.setdefault("report", make_report())
    fields.setdefault("order", order_number())
    fields.setdefault("text", "持續參與 OGP 會議與活動。")
    return FollowUpItem.objects.create(**fields)


def make_report_file(**fields):
    """A report file with a real one-page PDF, stored in the test's MEDIA_ROOT (conftest)."""
    if "report" not in fields:
        fields["report"] = make_report()
    fields.setdefault("file", ContentFile(pdf_bytes("Open Government Partnership"), name="報告.pdf"))
    return ReportFile.objects.create(**fields)


def make_source_note(**fields):
    record = fields.pop("record", None) or make_person()
    fields.setdefault("note", "source printed a different date")
    return SourceNote.objects.create(record=record, **fields)


def make_import_record(**fields):
    fields.setdefault("kind", "roster")
    fields.setdefault("outcome", "imported")
    fields.setdefault("source", "admin")
    fields.setdefault("delegation", make_delegation())
    fields.setdefault("file_name", f"roster-{serial()}.csv")
    fields.setdefault("file_sha256", "0" * 64)
    fields.setdefault("file_size", 100)
    fields.setdefault("file_format", "csv")
    return ImportRecord.objects.create(**fields)


def make_merge(**fields):
    """A merge of a new person into another, done by the service as the admin does it."""
    survivor = fields.pop("survivor", None) or make_person()
    merged = fields.pop("merged", None) or [make_person()]
    return merge_records(survivor, merged, fields.pop("values", {}), fields.pop("user", None))


def pdf_bytes(*page_texts):
    """A small real PDF, one page per text (Latin text, Helvetica; an empty text is a blank page)."""
    writer = PdfWriter()
    for text in page_texts or ("",):
        page = writer.add_blank_page(595, 842)
        if text:
            font = DictionaryObject(
                {
                    NameObject("/Type"): NameObject("/Font"),
                    NameObject("/Subtype"): NameObject("/Type1"),
                    NameObject("/BaseFont"): NameObject("/Helvetica"),
                }
            )
            page[NameObject("/Resources")] = DictionaryObject(
                {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
            )
            content = DecodedStreamObject()
            content.set_data(f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1"))
            page.replace_contents(content)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_published_trip(agency, summit, country):
    """A published report of a trip by `agency` to `summit` in `country` (names in English)."""
    organization = make_organization(name_zh="", name_en=agency)
    delegation = make_delegation(organising_agency=organization)
    make_destination(delegation=delegation, country=country)
    make_delegation_event(delegation=delegation, event=make_summit(title_en=summit, country=country))
    return make_report(delegation=delegation, agency=organization, status=PublicationStatus.PUBLISHED)
