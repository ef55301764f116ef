"""A programme's plan (plan.py) written in bulk, a few statements per thousand rows: the new rooms,
tracks, people and organisations, then the sessions level by level (parents first), their
tracks and languages, and their roles, with the change history of every row; then the public
flags of what it touched, in the same transaction (core.public_flags)."""

import time

from core import history, public_flags
from core.bulk_insert import insert, insert_values
from core.imports import NEW, UPDATED, RowPlan
from core.search import apply_search_fields
from people import bulk

from ..models import Event, EventKind, Room, SessionRole, Track

# The session fields a programme row sets as they are (kind is set on creation separately).
SESSION_FIELDS = (
    "format",
    "title_en",
    "title_zh",
    "description",
    "start_date",
    "end_date",
    "starts_at",
    "ends_at",
    "time_as_printed",
)


def parent_event(value):
    """An Event for a parent given as an Event or as the row (RowPlan) of the file that makes it."""
    return value.record if isinstance(value, RowPlan) else value


def parent_pk(value):
    event = parent_event(value)
    return event.pk if event is not None else None


def write_programme(importer, plan, progress=None):
    """Write `plan`, made by `importer` (plan.ProgrammeImport: its summit, and the rooms, tracks,
    people and organisations the plan creates)."""
    summit = importer.summit
    rows = [row for row in plan.rows if row.status in (NEW, UPDATED)]
    # The public flags are reports' (reports.publication), and events may not import reports
    # (the layers, .importlinter): core.public_flags hands reports' two functions to writers
    # below it. Inside deferred(), the signals the roles' deletes send refresh once, at its end.
    with public_flags.deferred():
        _create_places(importer.new_rooms.values(), importer.new_tracks.values())
        bulk.create_new(importer.new_people.values(), importer.new_organizations.values())
        _write_sessions(summit, rows)
        if progress:
            progress("write", len(plan.rows), len(plan.rows))
        people, organisations = _write_roles(rows)
    started = time.perf_counter()
    # The summit's programme brings in everyone its roles name now; the people and
    # organisations that roles no longer name are given besides.
    public_flags.refresh(events=[summit.pk], people=people - {None}, organizations=organisations - {None})
    plan.timings["public flags"] = time.perf_counter() - started


def _create_places(rooms, tracks):
    rooms = list(rooms)
    for room, slug in zip(rooms, bulk.free_slugs(Room, [room.name for room in rooms], "r"), strict=True):
        room.slug = slug
    # Room slugs are unique within the summit only; free_slugs checked them across all.
    history.record_bulk(Room, Room.objects.bulk_create(rooms), history.ADDED)
    tracks = list(tracks)
    names = [track.name_en or track.name_zh for track in tracks]
    for track, slug in zip(tracks, bulk.free_slugs(Track, names, "t"), strict=True):
        track.slug = slug
    history.record_bulk(Track, Track.objects.bulk_create(tracks), history.ADDED)


def _write_sessions(summit, rows):
    new_rows = [row for row in rows if row.record is None]
    slugs = {}
    unnamed = [row for row in new_rows if not row.slug]
    names = [
        f"{summit.slug} {row.values.get('title_en') or row.values.get('title_zh', '')}" for row in unnamed
    ]
    for row, slug in zip(unnamed, bulk.free_slugs(Event, names, summit.slug), strict=True):
        slugs[row.number] = slug
    # Parents first: a level's sessions are created once the level above has its keys.
    pending, created_events = list(new_rows), []
    while pending:
        ready = [row for row in pending if parent_pk(row.values.get("parent", summit)) is not None]
        if not ready:
            raise RuntimeError("programme import: a parent session was never created")
        events = []
        for row in ready:
            values = row.values
            event = Event(
                kind=values.get("kind") or EventKind.SESSION,
                parent=parent_event(values.get("parent", summit)),
                summit=summit,
                slug=row.slug or slugs[row.number],
                time_zone=summit.time_zone,
                position=row.number,
                **{name: values[name] for name in SESSION_FIELDS if name in values},
                room=values.get("room"),
            )
            apply_search_fields(event)
            events.append(event)
            row.record = event
            row.values["_new"] = True
        created_events += insert(Event, events)
        created = {id(row) for row in ready}
        pending = [row for row in pending if id(row) not in created]
    update, fields = [], set()
    for row in rows:
        if row.values.get("_new"):
            continue
        event = row.record
        for name in row.fields - {"tracks", "languages"}:
            value = row.values[name]
            setattr(event, name, parent_event(value) if name == "parent" else value)
            fields.add(name)
        if row.fields & {"title_en", "title_zh", "description"}:
            fields |= apply_search_fields(event)
        update.append(event)
    if fields:
        Event.objects.bulk_update(update, sorted(fields), batch_size=1000)
    _write_sets(rows, "tracks", Event.tracks.through, "track_id")
    _write_sets(rows, "languages", Event.languages.through, "language_id")
    # Recorded once the tracks and languages are written: a version holds its links.
    history.record_bulk(Event, created_events, history.ADDED)
    history.record_bulk(
        Event, [row.record for row in rows if row.fields and not row.values.get("_new")], history.CHANGED
    )


def _write_sets(rows, name, through, column):
    changed = [row for row in rows if name in row.values and (row.values.get("_new") or name in row.fields)]
    if not changed:
        return
    # A new session has no rows to replace.
    ids = [row.record.pk for row in changed if not row.values.get("_new")]
    for chunk in bulk.chunks(ids):
        through.objects.filter(event_id__in=chunk).delete()
    insert_values(
        through,
        (
            {"event_id": row.record.pk, column: item.pk}
            for row in changed
            for item in dict.fromkeys(row.values[name])
        ),
    )


def _write_roles(rows):
    """Write the roles; returns (people, organisations) that changed or removed roles named."""
    people, organisations = set(), set()
    update, moving, create, delete = [], [], [], []
    for row in rows:
        if "roles" not in row.values:
            continue
        event = row.record
        roles = row.values["roles"]
        stored = [old for old, _change in roles if old is not None] + row.values["roles_removed"]
        # Roles change places through orders no role of the session has, now or after:
        # (event, order) is unique, and checked row by row as an UPDATE goes.
        free = max([old.order for old in stored] + [len(roles)]) + 1
        for old, change in roles:
            if change is None:
                continue
            if old is None:
                person, organization = change.pop("person"), change.pop("organization")
                change["person_id"] = getattr(person, "pk", None)
                change["organization_id"] = getattr(organization, "pk", None)
                create.append({"event_id": event.pk, **change})
                continue
            if "order" in change:
                moving.append((old, free))
                free += 1
            if "name_as_printed" in change:
                people.add(old.person_id)
                organisations.add(old.organization_id)
            for name, value in change.items():
                setattr(old, name, value)
            update.append(old)
        for old in row.values["roles_removed"]:
            people.add(old.person_id)
            organisations.add(old.organization_id)
            delete.append(old.pk)
    history.record_bulk(SessionRole, delete, history.DELETED)
    for chunk in bulk.chunks(delete):
        SessionRole.objects.filter(pk__in=chunk).delete()
    if moving:
        # First out of the way; their final orders are written below, with their change.
        final = [old.order for old, _free in moving]
        for old, free in moving:
            old.order = free
        SessionRole.objects.bulk_update([old for old, _free in moving], ["order"], batch_size=1000)
        for (old, _free), order in zip(moving, final, strict=True):
            old.order = order
    SessionRole.objects.bulk_update(
        update, ["role", "name_as_printed", "affiliation_as_printed", "order"], batch_size=1000
    )
    history.record_bulk(SessionRole, update, history.CHANGED)
    history.record_bulk(SessionRole, insert_values(SessionRole, create, ids=True), history.ADDED)
    return people, organisations
