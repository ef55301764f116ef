"""Summits and conferences, their rooms, tracks and programmes (sessions, a few split into
parts), and who took part in each session."""

import datetime
import time
import zoneinfo
from dataclasses import dataclass

from django.utils.text import slugify

from events.models import Event, EventKind, Room, SessionFormat, SessionRole, SessionRoleKind, Track

from .draws import split, weighted
from .generated import PREFIX
from .words import (
    FOREIGN_TITLES,
    REGIONS,
    ROLE_NOTES,
    ROOM_NAMES,
    SERIES,
    SESSION_DESCRIPTIONS,
    SESSION_PREFIXES,
    SESSION_SUBTITLES,
    SESSION_TOPICS,
    SUMMITS,
    TRACKS,
)

UTC = datetime.UTC
# How often each format is given to a session whose title's prefix tells none.
SESSION_FORMATS = [
    ("", 30),
    (SessionFormat.PANEL, 25),
    (SessionFormat.WORKSHOP, 10),
    (SessionFormat.PITCH, 8),
    (SessionFormat.ROUNDTABLE, 5),
    (SessionFormat.PLENARY, 2),
    (SessionFormat.KEYNOTE, 2),
    (SessionFormat.CAMPFIRE, 3),
    (SessionFormat.CHALLENGE_CLINIC, 2),
    (SessionFormat.FISHBOWL, 2),
    (SessionFormat.TOWNHALL, 1),
    (SessionFormat.WORLD_CAFE, 2),
    (SessionFormat.NETWORKING, 2),
    (SessionFormat.DIALOGUE, 2),
    (SessionFormat.OFFICE_HOURS, 1),
    (SessionFormat.EXPO, 1),
    (SessionFormat.OTHER, 2),
]
# Languages of a session, by the host country's own language.
LOCAL_LANGUAGE = {
    "FR": "fr",
    "BE": "fr",
    "SN": "fr",
    "TN": "fr",
    "MA": "fr",
    "CH": "fr",
    "ES": "es",
    "MX": "es",
    "AR": "es",
    "CL": "es",
    "CO": "es",
    "CR": "es",
    "PA": "es",
    "PY": "es",
    "GT": "es",
    "EE": "et",
    "MO": "zh",
}


@dataclass
class SummitInfo:
    pk: int
    slug: str
    title_zh: str
    title_en: str
    country: str
    country_zh: str
    city_en: str
    city_zh: str
    start: datetime.date
    end: datetime.date
    session_ids: list
    role_counts: list  # roles per session, parallel to session_ids
    title_codes: list  # session_titles() of each session, parallel to session_ids


class ProgrammeMixin:
    """The summits, sessions and roles part of ScaleDataGenerator (generator.py)."""

    def summit_catalogue(self):
        entries = []
        for line in SUMMITS.strip().splitlines():
            series, year, month, day, days, city_en, city_zh, country, zone, venue = line.split("|")
            series, _, detail = series.partition(":")
            title_en, title_zh, weight = SERIES[series]
            year = int(year)
            region_en, region_zh = REGIONS.get(detail, ("", ""))
            n = int(detail) if detail.isdigit() else 0
            values = {"year": year, "region": region_en, "region_zh": region_zh, "n": n, "nth": _ordinal(n)}
            start = datetime.date(year, int(month), int(day))
            entries.append(
                {
                    "series": series,
                    "title_en": title_en.format(**values),
                    "title_zh": title_zh.format(**values),
                    "weight": weight,
                    "start": start,
                    "end": start + datetime.timedelta(days=int(days) - 1),
                    "city_en": city_en,
                    "city_zh": city_zh,
                    "country": country,
                    "zone": zone,
                    "venue": venue,
                }
            )
        return entries

    def make_summits(self):
        rng = self.rng("summits")
        catalogue = self.summit_catalogue()
        chosen = rng.sample(catalogue, min(self.size.summits, len(catalogue)))
        chosen.sort(key=lambda entry: (entry["start"], entry["title_en"]))
        shares = split(self.size.sessions, [entry["weight"] for entry in chosen])
        summits = []
        for number, entry in enumerate(chosen, start=1):
            summits.append(
                self.with_search_document(
                    Event(
                        kind=EventKind.SUMMIT,
                        slug=f"{PREFIX}{entry['series']}-{entry['start'].year}-{number:02d}",
                        title_en=entry["title_en"],
                        title_zh=entry["title_zh"],
                        description=(
                            f"{entry['title_en']}, hosted in {entry['city_en']}: plenaries, panels, "
                            f"workshops and side events over {(entry['end'] - entry['start']).days + 1} days."
                        ),
                        start_date=entry["start"],
                        end_date=entry["end"],
                        time_zone=entry["zone"],
                        city=entry["city_en"],
                        country=entry["country"],
                        venue=entry["venue"],
                    )
                )
            )
        self.insert(Event, summits, ids=True)
        self.summits = []
        started = time.perf_counter()
        done = 0
        for number, (entry, summit, share) in enumerate(zip(chosen, summits, shares, strict=True)):
            info = SummitInfo(
                pk=summit.pk,
                slug=summit.slug,
                title_zh=summit.title_zh,
                title_en=summit.title_en,
                country=entry["country"],
                country_zh=self.country_names(entry["country"])[1],
                city_en=entry["city_en"],
                city_zh=entry["city_zh"],
                start=entry["start"],
                end=entry["end"],
                session_ids=[],
                role_counts=[],
                title_codes=[],
            )
            self.make_programme(self.rng(f"summits/{number}"), info, entry, share)
            self.summits.append(info)
            done += share
            if number == len(chosen) - 1 or (number + 1) % max(1, len(chosen) // 10) == 0:
                self.progress("sessions", done, self.size.sessions, started)

    def make_programme(self, rng, summit, entry, count):
        """A summit's rooms, tracks, `count` sessions (a few split into parts printed under them)
        and their roles."""
        zone = zoneinfo.ZoneInfo(entry["zone"])
        days = (summit.end - summit.start).days + 1
        # The timetable: room after room, each day, sessions one after another from 08:30 to 18:00,
        # as many rooms as it takes.
        slots, room_count = [], 0
        while len(slots) < count or room_count < 4:
            room_count += 1
            for day in range(days):
                minute = 8 * 60 + 30 + 15 * rng.randrange(3)
                while minute < 18 * 60 and len(slots) < count:
                    duration = rng.choice((30, 45, 60, 60, 75, 90))
                    slots.append((day, minute, duration, room_count - 1))
                    minute += duration + 15
        slots.sort()
        rooms = [
            Room(
                summit_id=summit.pk,
                slug=f"room-{position:03d}",
                venue=entry["venue"]
                if position <= max(1, room_count * 3 // 4)
                else f"{entry['city_en']} Centre",
                name=_room_name(position),
                position=position,
            )
            for position in range(1, room_count + 1)
        ]
        self.insert(Room, rooms, ids=True)
        local = LOCAL_LANGUAGE.get(summit.country)
        self.insert(
            Room.languages.through,
            [
                Room.languages.through(room_id=room.pk, language_id=self.language_ids[code])
                for room in rooms[:3]
                for code in dict.fromkeys(["en", local or "fr", "es"])
                if code in self.language_ids
            ],
        )
        tracks = [
            Track(
                summit_id=summit.pk,
                slug=slugify(name_en),
                name_en=name_en if rng.random() < 0.8 else "",
                name_zh=name_zh,
                position=position,
            )
            for position, (name_en, name_zh) in enumerate(rng.sample(TRACKS, rng.randint(6, 12)), start=1)
        ]
        self.insert(Track, tracks, ids=True)

        sessions, parts, codes, part_codes = [], [], [], []  # parts: (part, the session it is printed under)
        for day, minute, duration, room_index in slots:
            if len(sessions) + len(parts) >= count:
                break
            position = len(sessions) + len(parts) + 1
            session, code = self.session(rng, summit, entry, zone, tracks, position, day, minute, duration)
            codes.append(code)
            session.room_id = rooms[room_index].pk if session.start_date and rng.random() < 0.95 else None
            sessions.append(session)
            if duration >= 60 and session.starts_at and rng.random() < 0.1:
                for number in range(1, min(rng.randint(2, 3), count - len(sessions) - len(parts)) + 1):
                    parts.append((self.part(rng, session, number, position + number, zone), session))
                    part_codes.append(code + number)
        self.insert(Event, sessions, ids=True)
        for part, session in parts:
            part.parent_id = session.pk
        self.insert(Event, [part for part, _ in parts], ids=True)
        programme = sessions + [part for part, _ in parts]
        summit.title_codes += codes + part_codes

        self.insert(
            Event.tracks.through,
            [
                Event.tracks.through(event_id=event.pk, track_id=track.pk)
                for event in programme
                for track in self.pick_tracks(rng, tracks)
            ],
        )
        self.insert(
            Event.languages.through,
            [
                Event.languages.through(event_id=event.pk, language_id=self.language_ids[code])
                for event in programme
                for code in self.pick_languages(rng, local)
            ],
        )
        roles = []
        for event in programme:
            summit.session_ids.append(event.pk)
            summit.role_counts.append(self.roles_of(rng, event, summit, roles))
            if len(roles) >= self.batch_size:
                self.insert(SessionRole, roles)
                roles = []
        self.insert(SessionRole, roles)

    def pick_tracks(self, rng, tracks):
        draw = rng.random()
        return rng.sample(tracks, 2) if draw < 0.15 else [rng.choice(tracks)] if draw < 0.85 else []

    def pick_languages(self, rng, local):
        draw = rng.random()
        if draw < 0.8:
            languages = ["en"]
        elif draw < 0.9 and local:
            languages = ["en", local]
        elif draw < 0.95:
            languages = ["en", "fr", "es"]
        else:
            languages = []
        return [code for code in dict.fromkeys(languages) if code in self.language_ids]

    def part(self, rng, session, number, position, zone):
        """A part of a session printed under it: twenty minutes of its time, same room."""
        starts_at = session.starts_at + datetime.timedelta(minutes=20 * (number - 1))
        return self.with_search_document(
            Event(
                kind=EventKind.SESSION,
                summit_id=session.summit_id,
                slug=f"{session.slug.rsplit('-', 1)[0]}-{position:05d}",
                title_en=f"{session.title_en} – Part {number}",  # as session_titles() gives it
                format=rng.choice([SessionFormat.PITCH, SessionFormat.PANEL, ""]),
                start_date=session.start_date,
                end_date=session.end_date,
                starts_at=starts_at,
                ends_at=starts_at + datetime.timedelta(minutes=20),
                time_zone=session.time_zone,
                room_id=session.room_id,
                position=position,
            )
        )

    def session(self, rng, summit, entry, zone, tracks, position, day, minute, duration):
        prefix = rng.randrange(len(SESSION_PREFIXES))
        code = _title_code(prefix, rng.randrange(len(SESSION_TOPICS)), rng.randrange(len(SESSION_SUBTITLES)))
        code = code * 2 + (rng.random() < 0.35)
        title_zh, title_en = session_titles(code * 4)
        date = summit.start + datetime.timedelta(days=day)
        starts_at = ends_at = None
        time_as_printed = ""
        draw = rng.random()
        if draw < 0.01:
            # The programme prints a time but no day.
            date = None
            time_as_printed = f"{_clock(minute)}–{_clock(minute + duration)}"
        elif draw >= 0.03:  # else a day and no time
            local = datetime.datetime.combine(date, datetime.time(minute // 60, minute % 60), tzinfo=zone)
            starts_at = local.astimezone(UTC)
            # A fifth of the programme prints the start only.
            if draw >= 0.23:
                ends_at = (local + datetime.timedelta(minutes=duration)).astimezone(UTC)
        return self.with_search_document(
            Event(
                kind=EventKind.SIDE_EVENT if rng.random() < 0.05 else EventKind.SESSION,
                parent_id=summit.pk,
                summit_id=summit.pk,
                slug=f"{summit.slug}-{position:05d}",
                title_en=title_en,
                title_zh=title_zh,
                description=rng.choice(SESSION_DESCRIPTIONS) if rng.random() < 0.4 else "",
                format=SESSION_PREFIXES[prefix][2] or weighted(rng, SESSION_FORMATS),
                start_date=date,
                end_date=date,
                starts_at=starts_at,
                ends_at=ends_at,
                time_as_printed=time_as_printed,
                time_zone=entry["zone"],
                position=position,
            )
        ), code * 4

    def roles_of(self, rng, event, summit, roles):
        """Append an event's roles to `roles`; how many."""
        count = rng.choices((1, 2, 3, 4, 5, 6), weights=(15, 20, 30, 20, 10, 5))[0]
        host_orgs = self.foreign_by_country.get(summit.country) or self.foreign_orgs
        for order in range(1, count + 1):
            note = rng.choice(ROLE_NOTES) if rng.random() < 0.03 else ""
            if order == 1 and rng.random() < 0.15:
                org = self.orgs[rng.choice(host_orgs if rng.random() < 0.5 else self.foreign_orgs)]
                roles.append(
                    SessionRole(
                        event_id=event.pk,
                        role=SessionRoleKind.ORGANISER,
                        order=order,
                        organization_id=org.pk,
                        name_as_printed=org.name_en or org.name_zh,
                        note=note,
                    )
                )
                continue
            if order == 1 and rng.random() < 0.4:
                role = SessionRoleKind.MODERATOR
            else:
                role = SessionRoleKind.SPEAKER if rng.random() < 0.95 else SessionRoleKind.CHAIR
            taiwanese = rng.random() < 0.2 and self.taiwan_people
            person = self.pick(rng, self.taiwan_people if taiwanese else self.foreign_people)
            roles.append(self.role_of(rng, event.pk, person, role, order, note))
        return count

    def role_of(self, rng, event_id, person, role, order, note=""):
        org = self.orgs[self.person_org[person]]
        if org.country == "TW":
            name = self.person_name_en[person] if self.person_name_en[person] and rng.random() < 0.7 else ""
            name = name or self.person_name[person]
            title = self.title_of(rng, person, self.rank_of(rng, person))
            affiliation = f"{org.name_zh}{title}" if rng.random() < 0.6 else org.name_en or org.name_zh
        else:
            name = self.misprints.get(person) if rng.random() < 0.3 else None
            name = name or self.person_name_en[person]
            title_en, title_zh = FOREIGN_TITLES[org.kind][self.person_rank[person]]
            draw = rng.random()
            if draw < 0.3:
                affiliation = ""
            elif draw < 0.5 and org.name_zh:
                affiliation = f"{org.name_zh}{title_zh}"
            else:
                affiliation = f"{title_en}, {org.name_en}" if draw < 0.8 else org.name_en
        return SessionRole(
            event_id=event_id,
            role=role,
            order=order,
            person_id=self.person_ids[person],
            organization_id=org.pk if rng.random() < 0.5 else None,
            name_as_printed=name,
            affiliation_as_printed=affiliation,
            note=note,
        )


def _title_code(prefix, topic, subtitle):
    return (prefix * len(SESSION_TOPICS) + topic) * len(SESSION_SUBTITLES) + subtitle


def session_titles(code):
    """(Chinese, English) title of a generated session from its code: which prefix, topic and
    subtitle, whether it has a Chinese title, and which part (0 for the whole session). The
    generator keeps these small numbers, not 200,000 titles, to put attended sessions in reports."""
    code, part = divmod(code, 4)
    code, has_zh = divmod(code, 2)
    code, subtitle = divmod(code, len(SESSION_SUBTITLES))
    prefix, topic = divmod(code, len(SESSION_TOPICS))
    prefix_en, prefix_zh, _ = SESSION_PREFIXES[prefix]
    topic_en, topic_zh = SESSION_TOPICS[topic]
    subtitle_en, subtitle_zh = SESSION_SUBTITLES[subtitle]
    title_en = f"{prefix_en}{topic_en}: {subtitle_en}"
    if part:
        return "", f"{title_en} – Part {part}"
    return (f"{prefix_zh}{topic_zh}：{subtitle_zh}" if has_zh else ""), title_en


def _clock(minute):
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _room_name(position):
    """Plenary Hall, Main Auditorium, then numbered rooms and halls."""
    base = ROOM_NAMES[(position - 1) % len(ROOM_NAMES)]
    return base if position <= 2 else f"{base} {position}"


def _ordinal(n):
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
