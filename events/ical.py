"""iCalendar (RFC 5545) feeds of a summit's programme, one feed per language::

    from events import ical
    from core.downloads import content_disposition

    def programme_ics(request, slug):
        summit = get_object_or_404(Event.objects.public().summits(), slug=slug)
        sessions = Event.objects.public().filter(summit=summit)  # not every event of a summit is public
        language = get_language()

        def url_for(session):
            return request.build_absolute_uri(session.get_absolute_url())

        body = ical.summit_calendar(summit, sessions, language, url_for=url_for)
        response = HttpResponse(body, content_type=ical.CONTENT_TYPE)
        response["Content-Disposition"] = content_disposition(ical.calendar_filename(summit, language))
        return response

The API:

- ``summit_calendar(summit, sessions, language, *, url_for=None)``: the calendar as bytes.
  ``language`` is a language code (``zh-hant``, ``en``); ``sessions`` any iterable of the
  summit's public events, sessions, side events and receptions alike (the caller filters:
  nothing here does), in the order the feed lists them; their rooms, roles and tracks are
  fetched here in a fixed number of queries unless the caller prefetched them.
  ``url_for(session)`` returns a session page's absolute URL; without it, or when it raises
  NoReverseMatch, the events have no URL.
- ``calendar_filename(summit, language)``: e.g. ``ogp-2016-paris-zh-hant.ics``.
- ``CONTENT_TYPE``: ``text/calendar; charset=utf-8``.

What the feed holds, and why:

- One VEVENT per session. A session with a start time is a timed event: DTSTART in the
  session's own time zone, which is the summit's unless staff set another, with a VTIMEZONE
  for every zone used. DTEND is the end the source prints, or else the start plus the
  duration it states (the 2016 report gives Taiwan's two pitches 15 minutes each), and the
  description says that duration. A timed session whose source gives neither is an event of
  no length at its start (DURATION:P0D), which is what is known: it starts then, and nobody
  printed when it ends. RFC 5545 already gives an event without DTEND or DURATION no length,
  but clients differ (khal shows it an hour long), so the zero is written out; the
  description says "The source prints no end time." A session whose date is known but not its
  time (the 2016 opening ceremony, Democracy Night's parts) is an all-day event on that date,
  so it stays in the programme, with what the source prints instead of a time ("morning")
  in its description. A session with no date at all ("Fork and Merge") is left out: a
  calendar has nowhere to put it (its page and the sessions download still list it).
- SUMMARY in the feed's language: the Chinese title for zh-hant, else the English one; the
  English title for en, else the Chinese one. The calendar's name (NAME, X-WR-CALNAME) is the
  summit's title in the same way; X-WR-TIMEZONE the summit's zone.
- LOCATION is "venue · room"; DESCRIPTION the session's description, then one line per
  speaker, moderator, organiser… in printed order, with the role in the feed's language and
  the affiliation as printed; CATEGORIES the format and tracks.
- UID is "<session slug>.<language>@ogparchive": the same in every request (so a subscribed
  calendar updates events instead of duplicating them), and different per language, because
  the two feeds are two calendars. A calendar app holding both (two subscriptions, or both
  imported into one calendar) would otherwise take the Chinese and the English event for one
  and the same, and one language would overwrite the other.
- DTSTAMP and LAST-MODIFIED are the session's last change, not the time of the request, so the
  same data gives the same bytes.
- Commas, semicolons and backslashes in text are escaped (icalendar does it; the calendar's
  name is written as TEXT too).
"""

import datetime
import zoneinfo

import icalendar
from django.conf import settings
from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.urls import NoReverseMatch
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from events.models import Event, SessionRole

CONTENT_TYPE = "text/calendar; charset=utf-8"
UID_DOMAIN = "ogparchive"
_RELATED = (
    Prefetch("roles", queryset=SessionRole.objects.for_programme()),
    "tracks",
)


def calendar_filename(summit, language):
    return f"{summit.slug}-{_language(language)}.ics"


def _language(language):
    return (language or "zh-hant").lower()


def _chinese(language):
    return _language(language).startswith("zh")


def _in_language(chinese, zh, en):
    return (zh or en) if chinese else (en or zh)


def summit_calendar(summit, sessions, language, *, url_for=None):
    """The summit's programme as an iCalendar file (bytes) in `language`."""
    language = _language(language)
    chinese = _chinese(language)
    if isinstance(sessions, QuerySet):
        sessions = sessions.select_related("room")
    sessions = list(sessions)
    prefetch_related_objects(sessions, "room", *_RELATED)
    name = _in_language(chinese, summit.title_zh, summit.title_en)

    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//{UID_DOMAIN}//summit programme//{language.upper()}")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    # Added as TEXT so a comma or semicolon in the name is escaped like any other text.
    calendar.add("name", icalendar.vText(name))
    calendar.add("x-wr-calname", icalendar.vText(name))
    if summit.time_zone:
        calendar.add("x-wr-timezone", summit.time_zone)

    days = []
    with translation.override(language):
        for session in sessions:
            event = _event(session, summit, language, chinese, url_for)
            if event is not None:
                calendar.add_component(event)
                start = event.start
                days.append(start.date() if isinstance(start, datetime.datetime) else start)
    if days:
        # Time zone rules for the programme's years only, not icalendar's default 1970–2038.
        calendar.add_missing_timezones(
            first_date=datetime.date(min(days).year, 1, 1), last_date=datetime.date(max(days).year, 12, 31)
        )
    return calendar.to_ical()


def _event(session, summit, language, chinese, url_for):
    zone = zoneinfo.ZoneInfo(session.time_zone or summit.time_zone or settings.TIME_ZONE)
    event = icalendar.Event()
    event.add("uid", f"{session.slug}.{language}@{UID_DOMAIN}")
    event.add("dtstamp", session.updated_at)
    event.add("last-modified", session.updated_at)
    if session.starts_at:
        event.add("dtstart", session.starts_at.astimezone(zone))
        end = session.known_end
        if end:
            event.add("dtend", end.astimezone(zone))
        else:
            # RFC 5545 gives an event with neither DTEND nor DURATION no length, but clients
            # do not all read it so (khal shows an hour): the zero is written out.
            event.add("duration", datetime.timedelta(0))
    elif session.start_date:
        # All day: DTEND is the day after the last day (RFC 5545 ends are exclusive).
        event.add("dtstart", session.start_date)
        event.add("dtend", (session.end_date or session.start_date) + datetime.timedelta(days=1))
    else:
        return None
    event.add("summary", _in_language(chinese, session.title_zh, session.title_en))
    location = str(session.room) if session.room else session.venue
    if location:
        event.add("location", location)
    description = _description(session, chinese)
    if description:
        event.add("description", description)
    categories = [str(session.get_format_display())] if session.format else []
    categories += [_in_language(chinese, track.name_zh, track.name_en) for track in session.tracks.all()]
    if categories:
        event.add("categories", categories)
    url = _url(session, url_for)
    if url:
        event.add("url", url)
    return event


def _description(session, chinese):
    parts = []
    colon = "：" if chinese else ": "
    if session.time_as_printed:
        label = Event._meta.get_field("time_as_printed").verbose_name
        parts.append(f"{label}{colon}{session.time_as_printed}")
    if session.description:
        parts.append(session.description)
    if session.duration:
        label = Event._meta.get_field("duration").verbose_name
        minutes = int(session.duration.total_seconds() // 60)
        length = ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}
        parts.append(f"{label}{colon}{length}")
    elif session.starts_at and not session.ends_at:
        parts.append(str(_("The source prints no end time.")))
    people = [_role_line(role, chinese) for role in session.roles.all()]
    if people:
        parts.append("\n".join(people))
    return "\n\n".join(parts)


def _role_line(role, chinese):
    if role.person:
        who = _in_language(chinese, role.person.name_zh, role.person.name_en)
    elif role.name_as_printed:
        who = role.name_as_printed
    else:
        who = _in_language(chinese, role.organization.name_zh, role.organization.name_en)
    affiliation = role.affiliation_as_printed
    if not affiliation and role.organization and role.person:
        affiliation = _in_language(chinese, role.organization.name_zh, role.organization.name_en)
    # Full-width punctuation in the Chinese feed, as Chinese text sets it.
    line = f"{role.get_role_display()}{'：' if chinese else ': '}{who}"
    if affiliation:
        line += f"（{affiliation}）" if chinese else f" ({affiliation})"
    if role.note:
        line += f" [{role.note}]"
    return line


def _url(session, url_for):
    if url_for is None:
        return None
    try:
        return url_for(session)
    except NoReverseMatch:
        # The public pages are not routed (yet): the feed goes without the link.
        return None
