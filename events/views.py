from django.db.models import Prefetch
from django.http import HttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView

from core.downloads import Column, content_disposition
from core.listing import ArchiveListView
from core.page_cache import PublicPage, not_kept

from .filters import EventFilter, SessionFilter
from .ical import CONTENT_TYPE, calendar_filename, summit_calendar
from .models import Event, EventKind, SessionRole
from .programme import programme_page, programme_sessions


def local_time(moment_name):
    """A column value: the event's start or end in its own time zone, ISO 8601 with offset."""

    def value(event):
        moment = getattr(event, moment_name)
        return moment.astimezone(event.zone).isoformat() if moment else None

    return value


def duration_minutes(event):
    return int(event.duration.total_seconds() // 60) if event.duration else None


class EventListView(ArchiveListView):
    """Summits, side events, visits and receptions: the events delegations go to."""

    filterset_class = EventFilter
    template_name = "events/event_list.html"
    download_name = "events"

    def get_download_columns(self):
        return [
            Column("id", _("slug"), "slug"),
            Column("kind", _("kind"), "get_kind_display"),
            Column("title_zh", _("Chinese title")),
            Column("title_en", _("English title")),
            Column("start_date", _("start date")),
            Column("end_date", _("end date")),
            Column("city", _("city")),
            Column("country", _("country")),
            Column("time_zone", _("time zone")),
            Column("url", _("page"), self.page_url),
        ]

    def get_queryset(self):
        return Event.objects.public().filter(parent__isnull=True).order_by("-start_date", "title_en")


class SessionListView(ArchiveListView):
    filterset_class = SessionFilter
    template_name = "events/session_list.html"
    download_name = "sessions"

    def get_download_columns(self):
        return [
            Column("id", _("slug"), "slug"),
            Column("summit", _("summit"), "public_summit.slug"),
            Column("title_zh", _("Chinese title")),
            Column("title_en", _("English title")),
            Column("format", _("format"), "get_format_display"),
            Column("date", _("start date"), "start_date"),
            Column("starts_at", _("starts at (local time)"), local_time("starts_at")),
            Column("ends_at", _("ends at (local time)"), local_time("ends_at")),
            # The length the source states where it prints no end (Taiwan's 15-minute pitches).
            Column("duration_minutes", _("duration (minutes)"), duration_minutes),
            Column("time_zone", _("time zone")),
            Column("room", _("room"), lambda session: str(session.room) if session.room else ""),
            Column("tracks", _("tracks"), lambda session: " | ".join(str(t) for t in session.tracks.all())),
            Column(
                "people",
                _("session roles"),
                lambda session: " | ".join(
                    f"{role.get_role_display()}: {role.name_as_printed}" for role in session.roles.all()
                ),
            ),
            Column("delegate_took_part", _("A Taiwanese delegate took part")),
            Column("url", _("page"), self.page_url),
        ]

    def get_queryset(self):
        return (
            Event.objects.public()
            .sessions()
            .for_programme()
            .select_related("summit")
            .defer("summit__description", "summit__search_document")
            .order_by("start_date", "starts_at", "position")
        )


class EventDetailView(PublicPage, DetailView):
    """A summit shows its programme; any other event its own page. The site serves it as
    archive.event_views.EventDetailView, which adds what the reports say of the event (the
    delegations that attended, the source notes)."""

    context_object_name = "event"
    # A summit's programme is read a day (and in a long day a room) at a time.
    page_parameters = frozenset({"day", "room"})

    def get_queryset(self):
        return (
            Event.objects.public()
            .select_related("parent", "summit", "room")
            .prefetch_related(
                "tracks",
                "languages",
                Prefetch("roles", SessionRole.objects.for_programme()),
            )
        )

    def get_template_names(self):
        if self.object.kind == EventKind.SUMMIT:
            return ["events/summit_detail.html"]
        return ["events/session_detail.html"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.object
        day, room = self.request.GET.get("day"), self.request.GET.get("room")
        if event.kind == EventKind.SUMMIT:
            programme = context["programme"] = programme_page(event, day=day, room=room)
            # A day or room the summit does not have is read as not asked: that page is not kept.
            if (day and (programme.day is None or programme.day.param != day)) or (
                room and (programme.room is None or programme.room.param != room)
            ):
                not_kept(self.request)
            context["tracks"] = event.tracks_offered.all()
        else:
            if day or room:
                not_kept(self.request)
            context["children"] = (
                Event.objects.public()
                .filter(parent=event)
                .for_programme()
                .order_by("start_date", "starts_at", "position")
            )
        return context


class SummitCalendarView(PublicPage, DetailView):
    """A summit's programme as an iCalendar feed, in the language of the URL."""

    def get_queryset(self):
        return Event.objects.public().summits()

    def render_to_response(self, context, **response_kwargs):
        summit = self.object
        language = get_language()
        body = summit_calendar(
            summit,
            # The feed carries each session's description, which programme pages leave out.
            programme_sessions(summit).defer(None),
            language,
            url_for=lambda event: self.request.build_absolute_uri(event.get_absolute_url()),
        )
        response = HttpResponse(body, content_type=CONTENT_TYPE)
        response["Content-Disposition"] = content_disposition(calendar_filename(summit, language))
        return response
