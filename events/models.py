import datetime
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.history import track_history
from core.search import (
    TITLE_TERMS_COLUMN,
    apply_search_fields,
    exact_key,
    index_terms,
    key_filter,
    rebuild_documents,
    search_filter,
)
from people.models import Organization, Person, country_code_validator


def validate_time_zone(value):
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("“%(value)s” is not a time zone name such as Europe/Paris."), params={"value": value}
        )


class LanguageQuerySet(models.QuerySet):
    def public(self):
        """Languages published material shows: of a public session, or of a room of a public
        summit."""
        return self.filter(
            Q(Exists(Event.objects.filter(languages=OuterRef("pk"), is_public=True)))
            | Q(Exists(Room.objects.filter(languages=OuterRef("pk"), summit__is_public=True)))
        )


class Language(models.Model):
    """A working or interpretation language of a session or room (ISO 639-1)."""

    code = models.CharField(_("code"), max_length=8, unique=True, help_text=_("ISO 639-1, e.g. en."))
    name_zh = models.CharField(_("Chinese name"), max_length=50)
    name_en = models.CharField(_("English name"), max_length=50)

    objects = LanguageQuerySet.as_manager()

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        ordering = ["code"]

    def __str__(self):
        return f"{self.name_zh} ({self.code})"


class EventKind(models.TextChoices):
    SUMMIT = "summit", _("summit")
    SESSION = "session", _("session")
    SIDE_EVENT = "side_event", _("side event")
    VISIT = "visit", _("bilateral visit")
    MEETING = "meeting", _("meeting")
    RECEPTION = "reception", _("reception")


class SessionFormat(models.TextChoices):
    PLENARY = "plenary", _("plenary")
    PANEL = "panel", _("panel")
    WORKSHOP = "workshop", _("workshop")
    PITCH = "pitch", _("pitch")
    KEYNOTE = "keynote", _("keynote")
    ROUNDTABLE = "roundtable", _("roundtable")
    CAMPFIRE = "campfire", _("campfire")
    CHALLENGE_CLINIC = "challenge_clinic", _("challenge clinic")
    FISHBOWL = "fishbowl", _("fishbowl")
    TOWNHALL = "townhall", _("townhall")
    WORLD_CAFE = "world_cafe", _("world café")
    CEREMONY = "ceremony", _("ceremony")
    HACKATHON = "hackathon", _("hackathon")
    EXPO = "expo", _("expo")
    NETWORKING = "networking", _("networking")
    DIALOGUE = "dialogue", _("dialogue")
    OFFICE_HOURS = "office_hours", _("office hours")
    OTHER = "other", _("other")


class EventQuerySet(models.QuerySet):
    def public(self):
        """Events a delegation with a published report attended, and the programme of such a
        summit, less the visits and meetings other delegations went to on their own (the rule
        and its upkeep, with `delegate_took_part`: reports.publication)."""
        return self.filter(is_public=True)

    def summits(self):
        return self.filter(kind=EventKind.SUMMIT)

    def search(self, query):
        """Events whose titles or description match `query` (see core.search); none
        for a query without terms."""
        return self.filter(search_filter("search_document", query))

    def search_tiers(self, query):
        """The events `query` finds, best first, as querysets that share no event: a title
        (Chinese or English) is the query; a title matches; the description matches. Each is
        an index lookup of its own (title keys, the title document's terms, the search
        document's), so a page reads a tier with a limit and nothing ranks every match."""
        exact = key_filter(["title_zh_key", "title_en_key"], query)
        titled = search_filter("title_document", query, TITLE_TERMS_COLUMN)
        return [
            self.filter(exact),
            self.filter(titled).exclude(exact),
            self.search(query).exclude(exact).exclude(titled),
        ]

    def rebuild_search_documents(self, batch_size=2000):
        """Recompute these events' search documents (and title keys); (read, changed)."""
        return rebuild_documents(self, batch_size)

    def sessions(self):
        return self.exclude(kind=EventKind.SUMMIT).filter(summit__isnull=False)

    def for_programme(self):
        """Sessions as programmes and lists show them: room, tracks and people fetched with
        them in a fixed number of queries, without the long text columns a row never shows."""
        return (
            self.select_related("room")
            .defer("description", "search_document")
            .prefetch_related("tracks", models.Prefetch("roles", SessionRole.objects.for_programme()))
        )


class Event(models.Model):
    """Everything that happens somewhere: a summit, its sessions (nested as the programme
    nests them), side events, visits, meetings and receptions. One tree through `parent`."""

    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )
    # The summit a session belongs to at any depth, kept in step with `parent` by save():
    # programme pages and filters ask for "all sessions of this summit" without walking the tree.
    summit = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="programme",
        verbose_name=_("summit"),
    )
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    title_en = models.CharField(_("English title"), max_length=500, blank=True)
    title_zh = models.CharField(_("Chinese title"), max_length=500, blank=True)
    description = models.TextField(_("description"), blank=True)
    format = models.CharField(_("format"), max_length=20, choices=SessionFormat.choices, blank=True)
    tracks = models.ManyToManyField("Track", blank=True, related_name="events", verbose_name=_("tracks"))
    languages = models.ManyToManyField(
        Language, blank=True, related_name="events", verbose_name=_("languages")
    )
    # Dates alone when the time is unknown; times (stored in UTC) when the source gives them.
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    # A length the source states without printing an end ("2 場 15 分鐘的短講"): kept as
    # stated rather than turned into an end time nobody printed; feeds end the event by it.
    # An end entered later (admin, programme import) takes precedence: see known_end.
    duration = models.DurationField(
        _("duration"),
        null=True,
        blank=True,
        help_text=_("The length the source states when it prints no end time, e.g. 00:15:00."),
    )
    time_as_printed = models.CharField(
        _("time as printed"),
        max_length=100,
        blank=True,
        help_text=_("When the source gives a time but no date (or only “morning”), as it prints it."),
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        blank=True,
        validators=[validate_time_zone],
        help_text=_(
            "Where the event takes place; its times are shown in this zone, e.g. Europe/Paris. "
            "Left empty, a session takes its summit's."
        ),
    )
    room = models.ForeignKey(
        "Room",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("room"),
    )
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.CharField(
        _("country"),
        max_length=2,
        blank=True,
        validators=[country_code_validator],
        help_text=_("ISO 3166-1 alpha-2 code, e.g. FR."),
    )
    website = models.URLField(_("website"), blank=True)
    position = models.PositiveIntegerField(
        _("position"), default=0, help_text=_("Order among events at the same time, as printed.")
    )
    # Titles and description as search terms (core.search), kept current by save();
    # GIN trigram index on PostgreSQL (migration search_document).
    search_document = models.TextField(blank=True, editable=False)
    # The titles alone as search terms, and each title's exact key (core.search.exact_key),
    # kept with the search document: the search's first tiers (search_tiers). The terms column
    # and GIN index of PostgreSQL: migration title_search. Not in a backup (serialize=False):
    # a restore computes them again (archive.backup), so a backup made before them restores.
    title_document = models.TextField(blank=True, editable=False, serialize=False)
    title_zh_key = models.CharField(max_length=500, blank=True, editable=False, serialize=False)
    title_en_key = models.CharField(max_length=500, blank=True, editable=False, serialize=False)
    # Whether published material shows this record: kept by reports.publication (the rule is
    # public_by_rule()); lists and counts then read a column instead of nested EXISTS per row.
    is_public = models.BooleanField(_("public"), default=False, editable=False)
    # Someone on a published roster has a role in it; kept with is_public.
    delegate_took_part = models.BooleanField(
        _("a Taiwanese delegate took part"), default=False, editable=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        # Importing a summit's programme from a spreadsheet (events.programme_io, in the admin and
        # import_sessions).
        permissions = [("import_programme", _("Can import programmes from spreadsheets"))]
        ordering = [
            F("start_date").asc(nulls_last=True),
            F("starts_at").asc(nulls_last=True),
            "position",
            "title_en",
        ]
        indexes = [
            models.Index(fields=["kind", "start_date"], name="event_kind_start_date"),
            models.Index(fields=["parent", "starts_at"], name="event_parent_starts_at"),
            # The sessions list's order; ascending puts NULLs last on PostgreSQL, as the list does.
            models.Index(fields=["start_date", "starts_at", "position", "id"], name="event_list_order"),
            models.Index(
                fields=["is_public", "start_date", "starts_at", "position", "id"], name="event_public_order"
            ),
            models.Index(fields=["summit", "is_public", "starts_at"], name="event_programme"),
            # Search: the events whose title is the query.
            models.Index(fields=["title_zh_key"], name="event_title_zh_key"),
            models.Index(fields=["title_en_key"], name="event_title_en_key"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_at__isnull=True) | Q(ends_at__isnull=True) | Q(ends_at__gt=F("starts_at")),
                name="event_ends_after_it_starts",
                violation_error_message=_("An event must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(duration__isnull=True) | Q(duration__gt=datetime.timedelta(0)),
                name="event_duration_positive",
                violation_error_message=_("A duration must be longer than zero."),
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="event_end_date_not_before_start_date",
                violation_error_message=_("An event's end date cannot be before its start date."),
            ),
            models.CheckConstraint(
                condition=~Q(title_en="") | ~Q(title_zh=""),
                name="event_has_a_title",
                violation_error_message=_("An event needs an English or a Chinese title."),
            ),
            models.CheckConstraint(
                condition=~Q(parent=F("pk")),
                name="event_not_its_own_parent",
                violation_error_message=_("An event cannot be part of itself."),
            ),
        ]

    def __str__(self):
        return self.title_zh or self.title_en

    def save(self, *args, **kwargs):
        summit = self.find_summit()
        self.summit = summit
        if not self.time_zone and self.parent is not None:
            self.time_zone = self.parent.time_zone
        apply_search_fields(self)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], *SEARCH_FIELDS}
        super().save(*args, **kwargs)
        # A session moved to another summit takes its own sessions along.
        for child in self.children.exclude(summit=summit if self.kind != EventKind.SUMMIT else self):
            child.save()

    def get_absolute_url(self):
        return reverse("events:event-detail", kwargs={"slug": self.slug})

    def build_search_document(self):
        return index_terms(self.title_zh, self.title_en, self.description)

    def build_search_fields(self):
        """Every derived search column (core.search.apply_search_fields)."""
        return {
            "search_document": self.build_search_document(),
            "title_document": index_terms(self.title_zh, self.title_en),
            "title_zh_key": exact_key(self.title_zh)[:500],
            "title_en_key": exact_key(self.title_en)[:500],
        }

    # A public event's parent and summit need not be public: a session a published delegation
    # attended, of a summit only a draft delegation went to; a meeting under a draft's visit.
    # Pages and downloads name them through these, so they never name what is not.

    @property
    def public_parent(self):
        return self.parent if self.parent_id and self.parent.is_public else None

    @property
    def public_summit(self):
        return self.summit if self.summit_id and self.summit.is_public else None

    @property
    def zone(self):
        return zoneinfo.ZoneInfo(self.time_zone or settings.TIME_ZONE)

    @property
    def format_label(self):
        """get_format_display() without building the choices' dict again for each of a
        programme's hundreds of sessions."""
        return SessionFormat(self.format).label if self.format in SessionFormat.values else self.format

    @property
    def local_start(self):
        return self.starts_at.astimezone(self.zone) if self.starts_at else None

    @property
    def local_end(self):
        return self.ends_at.astimezone(self.zone) if self.ends_at else None

    @property
    def known_end(self):
        """The end the source prints, else the start plus the duration it states; None when
        the source gives neither (or no start)."""
        if self.ends_at:
            return self.ends_at
        if self.starts_at and self.duration:
            return self.starts_at + self.duration
        return None

    def clean(self):
        if self.parent_id and self.pk and self.parent.is_within(self):
            raise ValidationError({"parent": _("An event cannot be part of itself.")})
        summit = self.find_summit()
        if self.room_id and self.room.summit_id != getattr(summit, "pk", None):
            raise ValidationError({"room": _("The room belongs to another summit.")})

    def is_within(self, other):
        node = self
        while node is not None:
            if node.pk == other.pk:
                return True
            node = node.parent
        return False

    def find_summit(self):
        if self.parent is None:
            return None
        if self.parent.kind == EventKind.SUMMIT:
            return self.parent
        return self.parent.summit


SEARCH_FIELDS = ("search_document", "title_document", "title_zh_key", "title_en_key")


class SummitPartQuerySet(models.QuerySet):
    """Rooms and tracks: public with their summit's programme, or with a public session."""

    event_field = ""  # the Event field that links to this model

    def public(self):
        public_events = Event.objects.filter(is_public=True, **{self.event_field: OuterRef("pk")})
        return self.filter(Q(summit__is_public=True) | Q(Exists(public_events)))


class RoomQuerySet(SummitPartQuerySet):
    event_field = "room"


class TrackQuerySet(SummitPartQuerySet):
    event_field = "tracks"


class Room(models.Model):
    summit = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        related_name="rooms",
        verbose_name=_("summit"),
        limit_choices_to={"kind": EventKind.SUMMIT},
    )
    slug = models.SlugField(_("slug"), max_length=100)
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    name = models.CharField(_("name"), max_length=300, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    languages = models.ManyToManyField(
        Language, blank=True, related_name="rooms", verbose_name=_("interpretation languages")
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    objects = RoomQuerySet.as_manager()

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        # Rows of one parent sort by its id ("summit_id"), not by "summit", which would sort by
        # the summit's own ordering through a join; so do the archive's other child models.
        ordering = ["summit_id", "position", "venue", "name"]
        constraints = [
            models.UniqueConstraint(fields=["summit", "slug"], name="room_slug_unique_in_summit"),
            # A side event's venue may be a whole building with no room named.
            models.CheckConstraint(
                condition=~Q(venue="") | ~Q(name=""),
                name="room_has_a_name",
                violation_error_message=_("A room needs a name or a venue."),
            ),
        ]

    def __str__(self):
        return " · ".join(filter(None, [self.venue, self.name]))


class Track(models.Model):
    """A track or theme of a summit's programme (2016: twelve categories)."""

    summit = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        related_name="tracks_offered",
        verbose_name=_("summit"),
        limit_choices_to={"kind": EventKind.SUMMIT},
    )
    slug = models.SlugField(_("slug"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    name_zh = models.CharField(_("Chinese name"), max_length=200, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    objects = TrackQuerySet.as_manager()

    class Meta:
        verbose_name = _("track")
        verbose_name_plural = _("tracks")
        ordering = ["summit_id", "position", "name_en"]
        constraints = [
            models.UniqueConstraint(fields=["summit", "slug"], name="track_slug_unique_in_summit"),
            models.CheckConstraint(
                condition=~Q(name_en="") | ~Q(name_zh=""),
                name="track_has_a_name",
                violation_error_message=_("A track needs an English or a Chinese name."),
            ),
        ]

    def __str__(self):
        return self.name_zh or self.name_en


class SessionRoleKind(models.TextChoices):
    SPEAKER = "speaker", _("speaker")
    MODERATOR = "moderator", _("moderator")
    CHAIR = "chair", _("chair")
    ORGANISER = "organiser", _("organiser")
    HOST = "host", _("host")
    PARTICIPANT = "participant", _("participant")


class SessionRoleQuerySet(models.QuerySet):
    def public(self):
        return self.filter(event__is_public=True)

    def for_programme(self):
        """Roles as a programme prints them: in order, with the person or organisation each
        links to, less their long text columns."""
        return (
            self.select_related("person", "organization")
            .defer(
                "person__biography",
                "person__search_document",
                "organization__description",
                "organization__search_document",
            )
            .order_by("order")
        )


class SessionRole(models.Model):
    """Who took part in an event and how, with the name and affiliation as the source printed
    them. The person may be unknown (an organisation as organiser)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="roles", verbose_name=_("event"))
    role = models.CharField(_("role"), max_length=20, choices=SessionRoleKind.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="session_roles",
        verbose_name=_("person"),
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="session_roles",
        verbose_name=_("organisation represented"),
    )
    name_as_printed = models.CharField(_("name as printed"), max_length=300, blank=True)
    affiliation_as_printed = models.CharField(_("affiliation as printed"), max_length=500, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True, help_text=_("e.g. tbc, remote, recorded"))

    objects = SessionRoleQuerySet.as_manager()

    class Meta:
        verbose_name = _("session role")
        verbose_name_plural = _("session roles")
        ordering = ["event_id", "order"]
        constraints = [
            models.UniqueConstraint(fields=["event", "order"], name="session_role_order_unique"),
            models.CheckConstraint(
                condition=Q(person__isnull=False) | Q(organization__isnull=False) | ~Q(name_as_printed=""),
                name="session_role_names_someone",
                violation_error_message=_(
                    "A session role needs a person, an organisation or a printed name."
                ),
            ),
        ]

    def __str__(self):
        who = self.name_as_printed or self.person or self.organization
        return f"{who} · {self.get_role_display()} · {self.event}"

    @property
    def role_label(self):
        """get_role_display() without building the choices' dict again for each of a
        programme's hundreds of roles."""
        return SessionRoleKind(self.role).label if self.role in SessionRoleKind.values else self.role


track_history(Language, Event, Room, Track, SessionRole)
