"""Load the demo data set (fixtures/) into the database: both source reports, their
delegations and rosters, both summits with every session, and everyone named in them.

Every record is found by its natural key and written only when a value differs, so loading
twice changes nothing. The whole load is one transaction: a bad file leaves the database as
it was. The file formats are described in fixtures/README.md.
"""

import csv
import datetime
import re
import zoneinfo
from collections import Counter
from pathlib import Path

import yaml
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone, translation

from core.imports import BEST
from core.spreadsheets.errors import SpreadsheetError
from core.spreadsheets.reading import read_table
from core.text import unwrap
from events.models import Event, EventKind, Language, Room, SessionRole, Track
from people import bulk
from people.models import NameKind, NameLanguage, Organization, OrganizationName, Person, PersonName
from reports.models import (
    Delegation,
    DelegationEvent,
    Destination,
    FollowUpItem,
    Keyword,
    NoteKind,
    PublicationStatus,
    Recommendation,
    Report,
    ReportAuthor,
    ReportSection,
    SourceNote,
)
from reports.receivers import deferred_public_flags
from reports.roster_io import RosterImport

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"
SUMMITS = ["ogp-2016-paris", "ogp-2023-tallinn"]
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


class DemoDataError(Exception):
    """A fixture file is wrong; the message names the file and the row."""


def split_values(cell):
    return [value.strip() for value in (cell or "").split("|") if value.strip()]


def read_csv(path):
    """Rows of a fixture CSV as dicts, each with its line number under "_line"."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return [{**row, "_line": reader.line_num} for row in reader]


def where(path, row):
    return f"{path.parent.name}/{path.name} line {row['_line']}"


def read_yaml(path):
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


class DemoDataLoader:
    def __init__(self, root=FIXTURES_DIR):
        self.root = Path(root)
        self.stats = Counter()
        self.created = set()
        self.people = {}
        self.organizations = {}
        self.languages = {}

    # -- writing -------------------------------------------------------------------------

    def sync(self, model, lookup, values=None):
        """The record `lookup` finds, created or brought up to `values`, saved only if needed."""
        values = values or {}
        record = model.objects.filter(**lookup).first()
        if record is None:
            record = model(**lookup, **values)
            record.save()
            self.created.add((model, record.pk))
            self.stats[model._meta.label, "created"] += 1
            return record
        changed = [name for name, value in values.items() if self._differs(record, name, value)]
        if changed:
            for name in changed:
                setattr(record, name, values[name])
            record.save()
            self.stats[model._meta.label, "updated"] += 1
        return record

    @staticmethod
    def _differs(record, name, value):
        field = record._meta.get_field(name)
        if field.is_relation:
            return getattr(record, field.attname) != (value.pk if value is not None else None)
        return getattr(record, name) != value

    def sync_set(self, record, name, values):
        manager = getattr(record, name)
        if set(manager.values_list("pk", flat=True)) != {value.pk for value in values}:
            manager.set(values)
            if (type(record), record.pk) not in self.created:
                self.stats[record._meta.label, "updated"] += 1

    def prune(self, queryset, keep_pks):
        """Delete the rows of an ordered list that the fixtures no longer have."""
        stale = queryset.exclude(pk__in=keep_pks)
        count = stale.count()
        if count:
            stale.delete()
            self.stats[queryset.model._meta.label, "deleted"] += count

    def note(self, record, kind, report, note="", location="", source_text=""):
        if not (note or location or source_text):
            return None
        content_type = ContentType.objects.get_for_model(record)
        return self.sync(
            SourceNote,
            {
                "content_type": content_type,
                "object_id": record.pk,
                "kind": kind,
                "location": location,
                "note": note,
            },
            {"report": report, "source_text": source_text},
        )

    # -- people and organisations --------------------------------------------------------

    def load_people(self, path):
        for row in read_csv(path):
            key = row["key"].strip()
            values = {name: row[name].strip() for name in ("name_zh", "name_en")}
            existing = self.people.get(key)
            if existing:
                # The same key in a summit's file: fill in what the first file left empty.
                values = {name: value or getattr(existing, name) for name, value in values.items()}
            person = self.sync(Person, {"slug": key}, values)
            for entry in split_values(row["other_names"]):
                language, _, name = entry.partition(":")
                self.sync(
                    PersonName,
                    {"person": person, "name": name.strip()},
                    {
                        "language": language.strip(),
                        "kind": NameKind.ALTERNATE,
                        "note": row["correction"].strip()[:300],
                    },
                )
            self.people[key] = person

    def load_organizations(self, path):
        rows = read_csv(path)
        for row in rows:
            key = row["key"].strip()
            values = {
                "name_zh": row["name_zh"].strip(),
                "name_en": row["name_en"].strip(),
                "kind": row["kind"].strip(),
                "country": row["country"].strip(),
            }
            existing = self.organizations.get(key)
            if existing:
                # The same key in a summit's file: fill in what the first file left empty.
                values = {name: value or getattr(existing, name) for name, value in values.items()}
            self.organizations[key] = self.sync(Organization, {"slug": key}, values)
            for short_name in split_values(row["short_names"]):
                language = NameLanguage.ZH_HANT if CJK.search(short_name) else NameLanguage.EN
                self.sync(
                    OrganizationName,
                    {"organization": self.organizations[key], "name": short_name},
                    {"kind": NameKind.SHORT, "language": language},
                )
        for row in rows:
            if row["parent"].strip():
                parent = self.organization_by_key(row["parent"].strip(), path, row)
                self.sync(Organization, {"slug": row["key"].strip()}, {"parent": parent})

    def person_by_key(self, key, path, row):
        try:
            return self.people[key]
        except KeyError:
            raise DemoDataError(f"{where(path, row)}: no person with key “{key}”") from None

    def organization_by_key(self, key, path, row):
        try:
            return self.organizations[key]
        except KeyError:
            raise DemoDataError(f"{where(path, row)}: no organisation with key “{key}”") from None

    def person_named(self, name):
        """The one person any of whose names is `name`, created if there is none."""
        return self.record_named(Person, name, "person", "p")

    def organization_named(self, name):
        return self.record_named(Organization, name, "organisation", "o")

    def record_named(self, model, name, kind, slug_prefix):
        matches = list(model.objects.named(name)[:2])
        if len(matches) > 1:
            raise DemoDataError(f"“{name}” names more than one {kind}: give a {kind} key")
        if matches:
            return matches[0]
        field = "name_zh" if CJK.search(name) else "name_en"
        return self.sync(model, {"slug": bulk.free_slug(model, name, slug_prefix)}, {field: name})

    # -- summits ---------------------------------------------------------------------------

    def load_summit(self, key):
        folder = self.root / key
        for name in ("people.csv", "organizations.csv"):
            if (folder / name).exists():
                (self.load_people if name == "people.csv" else self.load_organizations)(folder / name)
        plan = read_yaml(folder / "summit.yaml")
        summit = self.load_summit_event(plan["summit"])
        report_data = read_yaml(self.root / "reports" / f"{plan['delegation']['report']}.yaml")
        delegation = self.load_delegation(key, plan["delegation"], report_data)
        report = self.load_report(report_data, delegation)
        self.note(summit, NoteKind.SOURCE, report, location=plan["summit"].get("source", ""))
        self.note(delegation, NoteKind.SOURCE, report, location="出國報告提要、團員名單")
        rooms = self.load_rooms(summit, folder / "rooms.csv")
        tracks = self.load_tracks(summit, folder / "tracks.csv")
        sessions = self.load_sessions(summit, report, rooms, tracks, folder / "sessions.csv")
        self.load_roles(sessions, report, folder / "session_roles.csv")
        own_events = self.load_own_events(summit, report, plan["delegation"].get("events", []))
        attended = [summit]
        for session_key in plan["delegation"].get("attended", []):
            if session_key not in sessions:
                raise DemoDataError(
                    f"{key}/summit.yaml: attended session “{session_key}” is not in sessions.csv"
                )
            attended.append(sessions[session_key])
        links = [
            self.sync(DelegationEvent, {"delegation": delegation, "event": event}).pk
            for event in [*attended, *own_events]
        ]
        self.prune(delegation.event_links.all(), links)
        self.load_roster(delegation, report, folder / "roster.csv")

    def load_summit_event(self, data):
        return self.sync(
            Event,
            {"slug": data["key"]},
            {
                "kind": EventKind.SUMMIT,
                "parent": None,
                "title_en": data["title_en"],
                "title_zh": data["title_zh"],
                "start_date": data["start_date"],
                "end_date": data["end_date"],
                "time_zone": data["time_zone"],
                "city": data["city"],
                "country": data["country"],
                "venue": data.get("venue", ""),
                "address": data.get("address", ""),
                "website": data.get("website", ""),
                "description": unwrap(data.get("description", "")),
            },
        )

    def load_rooms(self, summit, path):
        rooms = {}
        for position, row in enumerate(read_csv(path), start=1):
            room = self.sync(
                Room,
                {"summit": summit, "slug": row["key"].strip()},
                {
                    "venue": row["venue"].strip(),
                    "name": row["name"].strip(),
                    "address": row["address"].strip(),
                    "position": position,
                },
            )
            self.sync_set(
                room, "languages", [self.language(code, path, row) for code in split_values(row["languages"])]
            )
            rooms[room.slug] = room
        return rooms

    def load_tracks(self, summit, path):
        tracks = {}
        for position, row in enumerate(read_csv(path), start=1):
            tracks[row["key"].strip()] = self.sync(
                Track,
                {"summit": summit, "slug": row["key"].strip()},
                {"name_en": row["name_en"].strip(), "name_zh": row["name_zh"].strip(), "position": position},
            )
        return tracks

    def language(self, code, path, row):
        if not self.languages:
            self.languages = {language.code: language for language in Language.objects.all()}
        try:
            return self.languages[code]
        except KeyError:
            raise DemoDataError(f"{where(path, row)}: unknown language “{code}”") from None

    def load_sessions(self, summit, report, rooms, tracks, path):
        rows = read_csv(path)
        keys = [row["key"].strip() for row in rows]
        if len(set(keys)) != len(keys):
            raise DemoDataError(f"{path.name}: a session key appears twice")
        by_key = dict(zip(keys, rows, strict=True))
        zone = zoneinfo.ZoneInfo(summit.time_zone)
        sessions = {}

        def load(key, trail=()):
            if key in sessions:
                return sessions[key]
            if key in trail:
                raise DemoDataError(f"{path.name}: session “{key}” is its own parent")
            row = by_key[key]
            parent_key = row["parent"].strip()
            if parent_key and parent_key not in by_key:
                raise DemoDataError(f"{where(path, row)}: no parent session “{parent_key}”")
            parent = load(parent_key, (*trail, key)) if parent_key else summit
            sessions[key] = self.load_session(summit, parent, report, rooms, tracks, zone, path, row)
            return sessions[key]

        for key in keys:
            load(key)
        return sessions

    def load_session(self, summit, parent, report, rooms, tracks, zone, path, row):
        day = datetime.date.fromisoformat(row["date"]) if row["date"].strip() else None

        def moment(value):
            if not value.strip() or day is None:
                return None
            try:
                return datetime.datetime.combine(day, datetime.time.fromisoformat(value.strip()), tzinfo=zone)
            except ValueError:
                raise DemoDataError(f"{where(path, row)}: “{value}” is not a time (HH:MM)") from None

        def minutes(value):
            # A length the source states ("15 分鐘"), in whole minutes.
            if not (value or "").strip():
                return None
            if not value.strip().isdigit() or int(value) == 0:
                raise DemoDataError(f"{where(path, row)}: “{value}” is not a duration in minutes")
            return datetime.timedelta(minutes=int(value))

        if row["end"].strip() and (row.get("duration") or "").strip():
            raise DemoDataError(f"{where(path, row)}: a session has an end or a duration, not both")

        # A time the source prints without a date is kept as printed.
        printed_time = (
            "–".join(filter(None, [row["start"].strip(), row["end"].strip()])) if day is None else ""
        )

        room_key = row["room"].strip()
        if room_key and room_key not in rooms:
            raise DemoDataError(f"{where(path, row)}: no room “{room_key}”")
        session = self.sync(
            Event,
            {"slug": f"{summit.slug}-{row['key'].strip()}"},
            {
                "kind": row["kind"].strip(),
                "parent": parent,
                "format": row["format"].strip(),
                "title_en": row["title_en"].strip(),
                "title_zh": row["title_zh"].strip(),
                "description": row["description"].strip(),
                "start_date": day,
                "end_date": day,
                "starts_at": moment(row["start"]),
                "ends_at": moment(row["end"]),
                "duration": minutes(row.get("duration")),
                "time_as_printed": printed_time,
                "time_zone": summit.time_zone,
                "room": rooms.get(room_key),
                "position": row["_line"],
            },
        )
        self.sync_set(session, "tracks", [tracks[key] for key in split_values(row["tracks"])])
        self.sync_set(
            session, "languages", [self.language(code, path, row) for code in split_values(row["languages"])]
        )
        self.note(session, NoteKind.CORRECTION, report, note=row["correction"].strip())
        return session

    def load_roles(self, sessions, report, path):
        kept = {}
        for row in read_csv(path):
            session = sessions.get(row["session"].strip())
            if session is None:
                raise DemoDataError(f"{where(path, row)}: no session “{row['session']}”")
            role = self.load_role(session, report, path, row, order=int(row["order"]))
            kept.setdefault(session.pk, []).append(role.pk)
        for session in sessions.values():
            self.prune(session.roles.all(), kept.get(session.pk, []))

    def load_role(self, event, report, path, row, order):
        name = (row.get("name") or "").strip()
        person_key = (row.get("person") or "").strip()
        organization_key = (row.get("organization") or "").strip()
        organization = self.organization_by_key(organization_key, path, row) if organization_key else None
        if (row.get("kind") or "person").strip() == "organization":
            person = None
            organization = organization or self.organization_named(name)
        elif person_key:
            person = self.person_by_key(person_key, path, row)
        else:
            person = self.person_named(name) if name else None
        role = self.sync(
            SessionRole,
            {"event": event, "order": order},
            {
                "role": row["role"].strip(),
                "person": person,
                "organization": organization,
                "name_as_printed": name or (person.name_zh or person.name_en if person else ""),
                "affiliation_as_printed": (row.get("affiliation") or "").strip(),
                "note": (row.get("note") or "").strip(),
            },
        )
        self.note(role, NoteKind.CORRECTION, report, note=(row.get("correction") or "").strip())
        return role

    def load_own_events(self, summit, report, events):
        loaded = []
        for data in events:
            event = self.sync(
                Event,
                {"slug": f"{summit.slug}-{data['key']}"},
                {
                    "kind": data["kind"],
                    "parent": None,
                    "title_zh": data.get("title_zh", ""),
                    "title_en": data.get("title_en", ""),
                    "start_date": data.get("date"),
                    "end_date": data.get("date"),
                    "time_zone": summit.time_zone,
                    "city": data.get("city", ""),
                    "country": data.get("country", ""),
                    "description": unwrap(data.get("description", "")),
                },
            )
            path = Path(f"{summit.slug}/summit.yaml")
            roles = [
                self.load_role(event, report, path, {**role, "_line": data["key"]}, order=order).pk
                for order, role in enumerate(data.get("roles", []), start=1)
            ]
            self.prune(event.roles.all(), roles)
            self.note(event, NoteKind.SOURCE, report, location=data.get("source", ""))
            correction = data.get("correction")
            if correction:
                self.note(
                    event,
                    NoteKind.CORRECTION,
                    report,
                    note=correction["note"].strip(),
                    source_text=correction["source"],
                )
            loaded.append(event)
        return loaded

    # -- delegation, report, roster ---------------------------------------------------------

    def load_delegation(self, key, plan, report_data):
        contact = report_data.get("contact") or {}
        delegation = self.sync(
            Delegation,
            {"slug": key},
            {
                "title": report_data["title"],
                "organising_agency": self.organizations[contact.get("organization") or report_data["agency"]],
                "contact_person": self.people[contact["person"]] if contact.get("person") else None,
                "departure_date": report_data["trip_start"],
                "return_date": report_data["trip_end"],
            },
        )
        kept = [
            self.sync(
                Destination,
                {"delegation": delegation, "order": order},
                {
                    "country": place["country"],
                    "city": place.get("city", ""),
                    "as_printed": place.get("as_printed", ""),
                },
            ).pk
            for order, place in enumerate(plan.get("destinations", []), start=1)
        ]
        self.prune(delegation.destinations.all(), kept)
        return delegation

    def load_report(self, data, delegation):
        # Published once, at the first load; a later load keeps that time.
        first_published = (
            Report.objects.filter(slug=data["key"]).values_list("published_at", flat=True).first()
        )
        published_at = first_published or timezone.now()
        report = self.sync(
            Report,
            {"slug": data["key"]},
            {
                "delegation": delegation,
                "title": data["title"],
                "category": data["category"],
                "category_detail": data.get("category_detail", ""),
                "agency": self.organizations[data["agency"]],
                "report_date": data["report_date"],
                "report_date_precision": data.get("report_date_precision", "day"),
                "pages": data.get("pages"),
                "pages_note": data.get("pages_note") or "",
                "classification": data.get("classification") or "",
                "abstract": (data.get("abstract") or "").strip(),
                "status": PublicationStatus.PUBLISHED,
                "published_at": published_at,
            },
        )
        if report.status_changed_at is None:
            self.sync(Report, {"pk": report.pk}, {"status_changed_at": published_at})
        keywords = [Keyword.objects.get_or_create(name=name)[0] for name in data.get("keywords") or []]
        self.sync_set(report, "keywords", keywords)
        self.sync_ordered(
            report.authors,
            ReportAuthor,
            report,
            [
                {
                    "person": self.people[author["person"]],
                    "title": author.get("title", ""),
                    "organization": self.organizations.get(author.get("organization")),
                }
                for author in data.get("authors", [])
            ],
        )
        self.sync_ordered(
            report.sections,
            ReportSection,
            report,
            [
                {
                    "number": str(section.get("number") or ""),
                    "heading": section["heading"],
                    "level": section["level"],
                    "body": (section.get("body") or "").strip(),
                }
                for section in data.get("sections", [])
            ],
        )
        self.sync_ordered(
            report.recommendations,
            Recommendation,
            report,
            [{"text": item["text"].strip()} for item in data.get("recommendations") or []],
        )
        self.sync_ordered(
            report.follow_up_items,
            FollowUpItem,
            report,
            [{"text": item["text"].strip()} for item in data.get("follow_up_items") or []],
        )
        for correction in data.get("corrections") or []:
            self.note(
                report,
                NoteKind.CORRECTION,
                report,
                note=correction["note"].strip(),
                location=correction["field"],
                source_text=str(correction.get("source", "")),
            )
        return report

    def sync_ordered(self, manager, model, report, rows):
        kept = [
            self.sync(model, {"report": report, "order": order}, values).pk
            for order, values in enumerate(rows, start=1)
        ]
        self.prune(manager.all(), kept)

    def load_roster(self, delegation, report, path):
        """The roster file goes through the spreadsheet importer (reports.roster_io), as staff
        files do; a 單位 that names no organisation stays as printed, with none created."""
        # The fixtures are curated: a name printed as a person's is that person, at whatever
        # agency (people.csv has one record per human), so the best candidate is taken.
        importer = RosterImport(delegation, remove_missing=True, create_organizations=False, policy=BEST)
        # The loader's messages are English, as the command's are.
        with translation.override("en"):
            try:
                plan = importer.run(read_table(path.read_bytes()), dry_run=False)
            except SpreadsheetError as error:
                raise DemoDataError(f"{path.parent.name}/{path.name}: {error}") from None
            if not plan.ok:
                problem = plan.problems[0]
                line = f" line {problem.row}" if problem.row else ""
                raise DemoDataError(f"{path.parent.name}/{path.name}{line}: {problem.message}")
        counts = plan.counts()
        for status, action in (("new", "created"), ("updated", "updated"), ("deleted", "deleted")):
            self.stats["reports.DelegationMember", action] += counts[status]
        self.stats["people.Person", "created"] += len(plan.created["people"])
        self.stats["people.Person", "updated"] += len(plan.created["names"])

    # -- all --------------------------------------------------------------------------------

    @transaction.atomic
    def load(self):
        self.load_people(self.root / "people.csv")
        self.load_organizations(self.root / "organizations.csv")
        for key in SUMMITS:
            self.load_summit(key)
        return self.stats


def load_demo_data(root=FIXTURES_DIR):
    # Public flags (reports.publication) are refreshed once, for everything loaded, before commit.
    with transaction.atomic(), deferred_public_flags():
        return DemoDataLoader(root).load()
