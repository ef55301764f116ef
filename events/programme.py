"""A summit's programme laid out as its printed agenda is: day by day, room by room, in the
summit's local time."""

import dataclasses
import datetime

from django.db.models import Count, F

from .models import Event, Room

# A summit's whole programme is one page up to this many sessions (a real OGP summit has a few
# hundred). A larger one is read a day at a time, and a day larger than this a room at a time:
# a page of thousands of sessions is neither readable nor quick to send.
PAGE_SESSIONS = 400
UNDATED, NO_ROOM = "undated", "none"


@dataclasses.dataclass
class RoomSchedule:
    room: Room | None
    sessions: list


@dataclasses.dataclass
class ProgrammeDay:
    date: datetime.date | None
    rooms: list

    @property
    def anchor(self):
        return f"day-{self.date:%Y-%m-%d}" if self.date else "day-undated"

    @property
    def session_count(self):
        return sum(len(schedule.sessions) for schedule in self.rooms)


def programme_sessions(summit):
    """Every public session of `summit` with what the programme shows of it, in a bounded
    number of queries."""
    return (
        Event.objects.public()
        .filter(summit=summit)
        .for_programme()
        .prefetch_related("room__languages")
        .order_by("start_date", "starts_at", "position")
    )


def build_programme(sessions):
    """[ProgrammeDay]: days in order (undated sessions last), within a day the rooms in their
    printed order (sessions without a room last), within a room the sessions by time."""
    days = {}
    for session in sessions:
        rooms = days.setdefault(session.start_date, {})
        rooms.setdefault(session.room, []).append(session)

    def day_key(day):
        return (day is None, day or datetime.date.min)

    def room_key(room):
        return (room is None, room.position if room else 0, room.pk if room else 0)

    return [
        ProgrammeDay(day, [RoomSchedule(room, days[day][room]) for room in sorted(days[day], key=room_key)])
        for day in sorted(days, key=day_key)
    ]


@dataclasses.dataclass
class DayLink:
    date: datetime.date | None
    session_count: int

    @property
    def param(self):
        return f"{self.date:%Y-%m-%d}" if self.date else UNDATED


@dataclasses.dataclass
class RoomLink:
    room: Room | None
    session_count: int

    @property
    def param(self):
        return str(self.room.pk) if self.room else NO_ROOM


@dataclasses.dataclass
class ProgrammePage:
    """What the summit page shows of the programme: every day (`whole`), or the days as links
    with one day's programme, or, for a day too large for a page, its rooms as links with one
    room's sessions of that day."""

    days: list
    whole: bool
    day: DayLink | None = None
    rooms: list = dataclasses.field(default_factory=list)
    room: RoomLink | None = None
    programme: list = dataclasses.field(default_factory=list)


def programme_page(summit, day=None, room=None):
    """The ProgrammePage of `summit` for the `day` and `room` asked for (the parameters as the
    links carry them; anything unknown is read as not asked)."""
    sessions = programme_sessions(summit)
    per_day = (
        Event.objects.public()
        .filter(summit=summit)
        .values("start_date")
        .annotate(session_count=Count("pk"))
        .order_by(F("start_date").asc(nulls_last=True))
    )
    days = [DayLink(row["start_date"], row["session_count"]) for row in per_day]
    if day is None and sum(link.session_count for link in days) <= PAGE_SESSIONS:
        return ProgrammePage(days, whole=True, programme=build_programme(sessions))
    chosen = next((link for link in days if link.param == day), days[0] if days else None)
    page = ProgrammePage(days, whole=False, day=chosen)
    if chosen is None:
        return page
    sessions = sessions.filter(start_date=chosen.date) if chosen.date else sessions.filter(start_date=None)
    if chosen.session_count <= PAGE_SESSIONS:
        page.programme = build_programme(sessions)
        return page
    per_room = sessions.order_by().values("room").annotate(session_count=Count("pk"))
    counts = {row["room"]: row["session_count"] for row in per_room}
    rooms = Room.objects.in_bulk([pk for pk in counts if pk is not None])
    page.rooms = sorted(
        (RoomLink(rooms.get(pk), count) for pk, count in counts.items()),
        key=lambda link: (link.room is None, link.room.position if link.room else 0, link.param),
    )
    page.room = next((link for link in page.rooms if link.param == room), None)
    if page.room is not None:
        page.programme = build_programme(sessions.filter(room=page.room.room))
    return page
