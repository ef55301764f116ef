"""Delegations (出國計畫): the trip, its destinations, the events attended and the roster."""

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from events.models import Event
from people.models import Organization, Person, country_code_validator


class DelegationQuerySet(models.QuerySet):
    def public(self):
        """Delegations with at least one published report (kept by reports.publication)."""
        return self.filter(is_public=True)

    def for_detail(self):
        from .reports import Report  # reports.models.reports imports this module

        return self.select_related("organising_agency", "contact_person").prefetch_related(
            "destinations",
            models.Prefetch("members", DelegationMember.objects.select_related("person", "organization")),
            models.Prefetch(
                "event_links", DelegationEvent.objects.select_related("event__summit", "event__room")
            ),
            models.Prefetch("reports", Report.objects.published()),
        )


class Delegation(models.Model):
    """A trip (出國計畫): who went, where, when, and what they attended."""

    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    title = models.CharField(_("plan title"), max_length=500)
    title_en = models.CharField(_("English title"), max_length=500, blank=True)
    organising_agency = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="delegations_organised",
        verbose_name=_("organising agency"),
    )
    contact_person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="delegations_contact",
        verbose_name=_("contact person"),
    )
    # Contact details are kept for staff only and never published.
    contact_phone = models.CharField(_("contact phone (private)"), max_length=100, blank=True)
    departure_date = models.DateField(_("departure date"))
    return_date = models.DateField(_("return date"))
    events = models.ManyToManyField(
        Event,
        through="DelegationEvent",
        blank=True,
        related_name="delegations",
        verbose_name=_("events attended"),
    )
    description = models.TextField(_("note"), blank=True)
    # Whether published material shows this record: kept by reports.publication (the rule is
    # public_by_rule()); lists and counts then read a column instead of nested EXISTS per row.
    is_public = models.BooleanField(_("public"), default=False, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = DelegationQuerySet.as_manager()

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        ordering = ["-departure_date", "title"]
        # Importing a roster from a spreadsheet (reports.roster_io, in the admin and import_roster).
        permissions = [("import_roster", _("Can import rosters from spreadsheets"))]
        indexes = [
            # An agency's page lists the latest delegations it organised.
            models.Index(
                fields=["organising_agency", "is_public", "-departure_date"], name="delegation_agency_order"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(return_date__gte=F("departure_date")),
                name="delegation_returns_after_departure",
                violation_error_message=_("A delegation cannot return before it departs."),
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.departure_date:%Y})"

    def get_absolute_url(self):
        return reverse("reports:delegation-detail", kwargs={"slug": self.slug})


class Destination(models.Model):
    delegation = models.ForeignKey(
        Delegation,
        on_delete=models.CASCADE,
        related_name="destinations",
        verbose_name=_("delegation"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    country = models.CharField(
        _("country"),
        max_length=2,
        validators=[country_code_validator],
        help_text=_("ISO 3166-1 alpha-2 code, e.g. FR."),
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    as_printed = models.CharField(_("as printed"), max_length=200, blank=True, help_text=_("e.g. 法國巴黎"))

    class Meta:
        verbose_name = _("destination")
        verbose_name_plural = _("destinations")
        ordering = ["delegation_id", "order"]
        constraints = [
            models.UniqueConstraint(fields=["delegation", "order"], name="destination_order_unique"),
        ]

    def __str__(self):
        return self.as_printed or ", ".join(filter(None, [self.city, self.country]))


class DelegationPartQuerySet(models.QuerySet):
    """Rows that belong to a delegation (events attended, roster rows): public with it."""

    def public(self):
        return self.filter(delegation__is_public=True)


class DelegationEvent(models.Model):
    delegation = models.ForeignKey(
        Delegation, on_delete=models.CASCADE, related_name="event_links", verbose_name=_("delegation")
    )
    event = models.ForeignKey(
        Event, on_delete=models.PROTECT, related_name="delegation_links", verbose_name=_("event")
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = DelegationPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("event attended")
        verbose_name_plural = _("events attended")
        ordering = ["delegation_id", "event__start_date", "event__starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["delegation", "event"], name="delegation_event_unique"),
        ]

    def __str__(self):
        return f"{self.delegation} → {self.event}"


class MemberRole(models.TextChoices):
    HEAD = "head", _("head of delegation")
    MEMBER = "member", _("member")
    CONTACT = "contact", _("contact")
    SPEAKER = "speaker", _("speaker")
    STAFF = "staff", _("staff")


class Sector(models.TextChoices):
    EXECUTIVE = "executive", _("executive")
    LEGISLATURE = "legislature", _("legislature")
    CONTROL_YUAN = "control_yuan", _("Control Yuan")
    LOCAL_GOVERNMENT = "local_government", _("local government")
    CIVIL_SOCIETY = "civil_society", _("civil society")
    ACADEMIA = "academia", _("academia")
    MEDIA = "media", _("media")
    BUSINESS = "business", _("business")


class DelegationMember(models.Model):
    """One row of a delegation's roster (團員名單), as printed."""

    delegation = models.ForeignKey(
        Delegation, on_delete=models.CASCADE, related_name="members", verbose_name=_("delegation")
    )
    order = models.PositiveSmallIntegerField(_("order (序號)"))
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("person")
    )
    name_as_printed = models.CharField(_("name as printed"), max_length=200, blank=True)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("organisation"),
    )
    organization_as_printed = models.CharField(_("organisation as printed"), max_length=300, blank=True)
    title = models.CharField(_("title (職稱)"), max_length=200, blank=True)
    grade = models.CharField(_("civil-service grade (官職等)"), max_length=100, blank=True)
    role = models.CharField(
        _("role in the delegation"), max_length=20, choices=MemberRole.choices, blank=True
    )
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices, blank=True)
    # Private: for staff only, never published or exported to the public.
    phone = models.CharField(_("phone (private)"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail (private)"), blank=True)

    objects = DelegationPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("roster row")
        verbose_name_plural = _("roster")
        ordering = ["delegation_id", "order"]
        constraints = [
            models.UniqueConstraint(fields=["delegation", "order"], name="roster_order_unique"),
            models.UniqueConstraint(fields=["delegation", "person"], name="roster_person_unique"),
        ]

    def __str__(self):
        return f"{self.order}. {self.name_as_printed or self.person}"
