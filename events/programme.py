"""A summit's programme laid out as its printed agenda is: day by day, room by room, in the
summit's local time."""

import dataclasses
import datetime

from django.db.models import Prefetch

from .models import Event, Room, SessionRole


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
        Event.objects.filter(summit=summit)
        .with_delegate_flag()
        .select_related("room", "parent")
        .prefetch_related(
            "tracks",
            "languages",
            "room__languages",
            Prefetch("roles", SessionRole.objects.select_related("person", "organization").order_by("order")),
        )
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
