"""A summit's programme out as rows, one per session, in the columns the import reads
(cells.PROGRAMME_COLUMNS): export then import changes nothing."""

from ..models import Event
from .cells import PROGRAMME_COLUMNS, clock, final_group, one_line, programme_zone, split_speakers, unquoted


def _speaker_entry(name, inside):
    """One entry of a speakers cell, the name in quotation marks when the import would not read
    it back as it is (it holds a separator, a parenthesis or a quotation mark of its own)."""
    for written in (name, f"“{name}”", f'"{name}"'):
        entry = f"{written} ({inside})"
        read = split_speakers(entry)
        if len(read) == 1 and read[0][1]:
            before, group = final_group(read[0][0])
            if unquoted(before) == name and group == inside:
                return entry
    return f"“{name}” ({inside})"


def speaker_cell(roles):
    """A session's roles as its speakers cell: “Name (role, affiliation); …”."""
    entries = []
    for role in roles:
        name = role.name_as_printed or str(role.person or role.organization or "")
        inside = ", ".join(filter(None, [str(role.get_role_display()), role.affiliation_as_printed]))
        entries.append(_speaker_entry(one_line(name), one_line(inside)))
    return "; ".join(entries)


def _time_cells(event, zone):
    """The start and end cells of a session: local clock times; a session ending on a later day
    has that day in its end cell; a time printed without a date as it was printed."""
    if event.start_date is None and event.time_as_printed:
        start, _dash, end = event.time_as_printed.partition("–")
        return start, end
    local_start, local_end = (
        moment.astimezone(zone) if moment else None for moment in (event.starts_at, event.ends_at)
    )
    start = clock(local_start) if local_start else ""
    end = clock(local_end) if local_end else ""
    ends_on = local_end.date() if local_end else event.end_date
    if event.start_date and ends_on and ends_on != event.start_date:
        end = f"{ends_on.isoformat()} {end}".strip()
    return start, end


def programme_rows(summit, chunk_size=2000):
    """The rows of the summit's programme export, in programme order, read in chunks."""
    prefix = f"{summit.slug}-"
    zone = programme_zone(summit)
    sessions = (
        Event.objects.filter(summit=summit)
        .select_related("parent", "room")
        .prefetch_related("tracks", "languages", "roles__person", "roles__organization")
        .order_by("start_date", "starts_at", "position", "pk")
    )
    keys = [column.key for column in PROGRAMME_COLUMNS]
    for event in sessions.iterator(chunk_size=chunk_size):
        start, end = _time_cells(event, zone)
        cells = {
            "key": event.slug.removeprefix(prefix),
            "parent": event.parent.slug.removeprefix(prefix) if event.parent_id != summit.pk else "",
            "kind": event.kind,
            "format": event.format,
            "date": event.start_date.isoformat() if event.start_date else "",
            "start": start,
            "end": end,
            "room": str(event.room) if event.room else "",
            "tracks": " | ".join(track.name_en or track.name_zh for track in event.tracks.all()),
            "languages": " | ".join(language.code for language in event.languages.all()),
            "title_en": event.title_en,
            "title_zh": event.title_zh,
            "description": event.description,
            "speakers": speaker_cell(event.roles.all()),
        }
        yield [cells[key] for key in keys]
