import dataclasses
import datetime

from django.apps import apps
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.history import track_history
from core.search import deleted_with, index_terms, rebuild_documents, search_filter
from core.text import clean_text, name_key

country_code_validator = RegexValidator(
    r"^[A-Z]{2}$", _("Enter a two-letter ISO 3166-1 country code, such as TW or FR.")
)


class NameLanguage(models.TextChoices):
    ZH_HANT = "zh-Hant", _("Chinese (Traditional)")
    EN = "en", _("English / romanised")
    FR = "fr", _("French")
    ES = "es", _("Spanish")
    OTHER = "und", _("Other")


class NameKind(models.TextChoices):
    ALTERNATE = "alternate", _("alternate form")
    ROMANISED = "romanised", _("romanisation")
    SHORT = "short", _("short name or acronym")
    MISSPELLING = "misspelling", _("misspelling in a source")
    FORMER = "former", _("former name")


# The roles the people list filters by; each has a flag on Person (reports.publication).
PUBLIC_ROLES = ("delegate", "speaker", "moderator", "organiser")


class PersonQuerySet(models.QuerySet):
    def public(self):
        """People who appear in published material (the rule and its upkeep: reports.publication)."""
        return self.filter(is_public=True)

    def for_listing(self):
        member = apps.get_model("reports", "DelegationMember")
        return self.prefetch_related(
            "other_names",
            models.Prefetch(
                "memberships",
                member.objects.public()
                .select_related("delegation", "organization")
                .order_by("-delegation__departure_date"),
                to_attr="public_memberships",
            ),
        )

    def matching(self, name):
        """People any of whose names has the same matching key as `name`."""
        key = name_key(name)
        if not key:
            return self.none()
        return self.filter(Q(name_zh_key=key) | Q(name_en_key=key) | Q(other_names__key=key)).distinct()

    def search(self, query):
        """People any of whose names match `query` (see core.search); none for a query
        without terms."""
        return self.filter(search_filter("search_document", query))

    def rebuild_search_documents(self, batch_size=2000):
        """Recompute these people's search documents; (read, changed)."""
        return rebuild_documents(self.prefetch_related("other_names"), batch_size)


class Person(models.Model):
    """One human, whatever the name a source printed. Titles and affiliations belong to an
    appearance (a roster row, a session role), not to the person."""

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    name_zh = models.CharField(_("Chinese name"), max_length=200, blank=True)
    name_en = models.CharField(_("English or romanised name"), max_length=200, blank=True)
    name_zh_key = models.CharField(max_length=200, blank=True, editable=False, db_index=True)
    name_en_key = models.CharField(max_length=200, blank=True, editable=False, db_index=True)
    biography = models.TextField(_("note"), blank=True)
    # All names as search terms (core.search), kept current by save() and by the
    # receivers of PersonName; GIN trigram index on PostgreSQL (migration search_document).
    search_document = models.TextField(blank=True, editable=False)
    # Whether published material shows this record: kept by reports.publication (the rule is
    # public_by_rule()); lists and counts then read a column instead of nested EXISTS per row.
    is_public = models.BooleanField(_("public"), default=False, editable=False)
    # The roles published material gives this person, kept with is_public, so the people list
    # filters by role along an index of its own instead of a join per row.
    is_delegate = models.BooleanField(_("delegate"), default=False, editable=False)
    is_speaker = models.BooleanField(_("speaker"), default=False, editable=False)
    is_moderator = models.BooleanField(_("moderator"), default=False, editable=False)
    is_organiser = models.BooleanField(_("organiser"), default=False, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name_en", "name_zh"]
        indexes = [
            # The people list's order: the database walks it and stops after one page.
            models.Index(fields=["name_zh", "name_en", "id"], name="person_list_order"),
            models.Index(fields=["is_public", "name_zh", "name_en", "id"], name="person_public_order"),
            # The people list filtered by role: one ordered index per role the filter offers.
            *(
                models.Index(
                    fields=["is_public", f"is_{role}", "name_zh", "name_en", "id"],
                    name=f"person_{role}_order",
                )
                for role in PUBLIC_ROLES
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(name_zh="") | ~Q(name_en=""),
                name="person_has_a_name",
                violation_error_message=_("A person needs a Chinese or an English name."),
            ),
        ]

    def __str__(self):
        if self.name_zh and self.name_en:
            return f"{self.name_zh} ({self.name_en})"
        return self.name_zh or self.name_en

    def save(self, *args, **kwargs):
        self.name_zh = clean_text(self.name_zh)
        self.name_en = clean_text(self.name_en)
        self.name_zh_key = name_key(self.name_zh)
        self.name_en_key = name_key(self.name_en)
        self.search_document = self.build_search_document()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_document"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("people:person-detail", kwargs={"slug": self.slug})

    def build_search_document(self):
        other_names = [other.name for other in self.other_names.all()] if self.pk else []
        return index_terms(self.name_zh, self.name_en, *other_names)

    def timeline(self):
        """What the published record says this person did, year by year (oldest first): the
        delegations they travelled with (and the title held then), the sessions they took part
        in, and the reports they wrote. [(year, [Appearance, …]), …]; undated things last."""
        member = apps.get_model("reports", "DelegationMember")
        role = apps.get_model("events", "SessionRole")
        author = apps.get_model("reports", "ReportAuthor")
        appearances = [
            Appearance("delegation", m.delegation.departure_date, m)
            for m in member.objects.public().filter(person=self).select_related("delegation", "organization")
        ]
        appearances += [
            Appearance("session", r.event.start_date or getattr(r.event.summit, "start_date", None), r)
            for r in role.objects.public().filter(person=self).select_related("event__summit", "organization")
        ]
        appearances += [
            Appearance("report", a.report.report_date, a)
            for a in author.objects.public().filter(person=self).select_related("report")
        ]
        by_year = {}
        for appearance in sorted(appearances, key=Appearance.sort_key):
            by_year.setdefault(appearance.year, []).append(appearance)
        return list(by_year.items())


@dataclasses.dataclass(frozen=True)
class Appearance:
    """One line of a person's timeline: `kind` is delegation, session or report; `record` is
    the roster row, session role or report author row."""

    kind: str
    date: datetime.date | None
    record: models.Model

    @property
    def year(self):
        return self.date.year if self.date else None

    def sort_key(self):
        return (self.date is None, self.date or datetime.date.min, self.kind)


class PersonName(models.Model):
    """A further name of a person: another spelling, a romanisation, a misprint in a source."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="other_names", verbose_name=_("person")
    )
    name = models.CharField(_("name"), max_length=200)
    language = models.CharField(
        _("language"), max_length=10, choices=NameLanguage.choices, default=NameLanguage.EN
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NameKind.choices, default=NameKind.ALTERNATE)
    note = models.CharField(_("note"), max_length=300, blank=True)
    key = models.CharField(max_length=200, editable=False, db_index=True)

    class Meta:
        verbose_name = _("other name of a person")
        verbose_name_plural = _("other names of people")
        ordering = ["person_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["person", "name"], name="person_name_unique"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = clean_text(self.name)
        self.key = name_key(self.name)
        super().save(*args, **kwargs)


# Receivers rather than save()/delete(): a queryset's delete() (the admin's delete action, the
# demo loader's pruning) calls no delete() but does send post_delete.
@receiver(post_save, sender=PersonName)
@receiver(post_delete, sender=PersonName)
def refresh_person_search_document(sender, instance, raw=False, origin=None, **kwargs):
    if not raw and not deleted_with(origin, Person):
        Person.objects.filter(pk=instance.person_id).rebuild_search_documents()


class OrganizationKind(models.TextChoices):
    GOVERNMENT = "government", _("government agency")
    LEGISLATURE = "legislature", _("legislature")
    CONTROL = "control", _("control body")
    LOCAL_GOVERNMENT = "local_government", _("local government")
    CIVIL_SOCIETY = "civil_society", _("civil society")
    COMPANY = "company", _("company")
    INTERNATIONAL = "international", _("international organisation")
    MEDIA = "media", _("media")
    ACADEMIA = "academia", _("academia")


class OrganizationQuerySet(models.QuerySet):
    def public(self):
        """Organisations named in published material, and the parents of those, so a unit's page
        can say what it belongs to (the rule and its upkeep: reports.publication)."""
        return self.filter(is_public=True)

    def matching(self, name):
        """Organisations whose name, short name or any other name has `name`'s matching key."""
        key = name_key(name)
        if not key:
            return self.none()
        return self.filter(Q(name_zh_key=key) | Q(name_en_key=key) | Q(other_names__key=key)).distinct()

    def search(self, query):
        """Organisations any of whose names match `query` (see core.search); none for a
        query without terms."""
        return self.filter(search_filter("search_document", query))

    def rebuild_search_documents(self, batch_size=2000):
        """Recompute these organisations' search documents; (read, changed)."""
        return rebuild_documents(self.prefetch_related("other_names"), batch_size)


class Organization(models.Model):
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    name_zh = models.CharField(_("Chinese name"), max_length=300, blank=True)
    name_en = models.CharField(_("English name"), max_length=300, blank=True)
    name_zh_key = models.CharField(max_length=300, blank=True, editable=False, db_index=True)
    name_en_key = models.CharField(max_length=300, blank=True, editable=False, db_index=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganizationKind.choices, blank=True)
    country = models.CharField(
        _("country"),
        max_length=2,
        blank=True,
        validators=[country_code_validator],
        help_text=_("ISO 3166-1 alpha-2 code, e.g. TW, FR, EE."),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="units",
        verbose_name=_("parent organisation"),
    )
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("note"), blank=True)
    # All names as search terms (core.search), kept current by save() and by the
    # receivers of OrganizationName; GIN trigram index on PostgreSQL (migration search_document).
    search_document = models.TextField(blank=True, editable=False)
    # Whether published material shows this record: kept by reports.publication (the rule is
    # public_by_rule()); lists and counts then read a column instead of nested EXISTS per row.
    is_public = models.BooleanField(_("public"), default=False, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name_zh", "name_en"]
        indexes = [
            models.Index(fields=["name_zh", "name_en", "id"], name="organization_list_order"),
            models.Index(fields=["is_public", "name_zh", "name_en", "id"], name="organization_public_order"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(name_zh="") | ~Q(name_en=""),
                name="organization_has_a_name",
                violation_error_message=_("An organisation needs a Chinese or an English name."),
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")),
                name="organization_not_its_own_parent",
                violation_error_message=_("An organisation cannot be its own parent."),
            ),
        ]

    def __str__(self):
        return self.name_zh or self.name_en

    def save(self, *args, **kwargs):
        self.name_zh = clean_text(self.name_zh)
        self.name_en = clean_text(self.name_en)
        self.name_zh_key = name_key(self.name_zh)
        self.name_en_key = name_key(self.name_en)
        self.search_document = self.build_search_document()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_document"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("people:organization-detail", kwargs={"slug": self.slug})

    def build_search_document(self):
        other_names = [other.name for other in self.other_names.all()] if self.pk else []
        return index_terms(self.name_zh, self.name_en, *other_names)

    @property
    def public_parent(self):
        """The parent organisation, when published material shows it: public() takes the parents
        of named organisations, one level up, so a grandparent may be private."""
        return self.parent if self.parent_id and self.parent.is_public else None

    def public_record(self):
        """What the published record says of this organisation: its public units, its people
        (roster rows), the delegations it organised, the sessions it took part in, its reports."""
        member = apps.get_model("reports", "DelegationMember")
        role = apps.get_model("events", "SessionRole")
        delegation = apps.get_model("reports", "Delegation")
        report = apps.get_model("reports", "Report")
        # Each list reads only the columns its lines show: a large agency's page lists 200 rows.
        person = ("person__slug", "person__name_zh", "person__name_en")
        record = {
            "units": Organization.objects.public()
            .filter(parent=self)
            .only("slug", "name_zh", "name_en")
            .order_by("name_zh", "name_en"),
            "members": member.objects.public()
            .filter(organization=self)
            .select_related("person", "delegation")
            .only("title", *person, "delegation__slug", "delegation__title", "delegation__departure_date")
            .order_by("-delegation__departure_date", "order"),
            "delegations": delegation.objects.public()
            .filter(organising_agency=self)
            .only("slug", "title", "departure_date")
            .order_by("-departure_date"),
            "session_roles": role.objects.public()
            .filter(organization=self)
            .select_related("event__summit", "person")
            .only(
                "role",
                *person,
                *(f"event__{field}" for field in ("slug", "title_zh", "title_en")),
                *(f"event__summit__{field}" for field in ("slug", "title_zh", "title_en", "is_public")),
            )
            .order_by("-event__start_date", "event__starts_at"),
            "reports": report.objects.published()
            .filter(agency=self)
            .only("slug", "title")
            .order_by("-report_date", "title", "id"),
        }
        # A large agency has thousands of roster rows: the page shows the latest of each kind
        # and links to the filtered lists for the rest.
        return {name: Shortlist.of(queryset) for name, queryset in record.items()}


@dataclasses.dataclass(frozen=True)
class Shortlist:
    """The first rows of a queryset, and whether there are more."""

    LENGTH = 50

    rows: list
    more: bool

    @classmethod
    def of(cls, queryset):
        rows = list(queryset[: cls.LENGTH + 1])
        return cls(rows[: cls.LENGTH], len(rows) > cls.LENGTH)

    def __bool__(self):
        return bool(self.rows)

    def __iter__(self):
        return iter(self.rows)


class OrganizationName(models.Model):
    """A short name, acronym or other name of an organisation (OCF, 國發會)."""

    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="other_names",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=300)
    language = models.CharField(
        _("language"), max_length=10, choices=NameLanguage.choices, default=NameLanguage.EN
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NameKind.choices, default=NameKind.SHORT)
    note = models.CharField(_("note"), max_length=300, blank=True)
    key = models.CharField(max_length=300, editable=False, db_index=True)

    class Meta:
        verbose_name = _("other name of an organisation")
        verbose_name_plural = _("other names of organisations")
        ordering = ["organization_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="organization_name_unique"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = clean_text(self.name)
        self.key = name_key(self.name)
        super().save(*args, **kwargs)


@receiver(post_save, sender=OrganizationName)
@receiver(post_delete, sender=OrganizationName)
def refresh_organization_search_document(sender, instance, raw=False, origin=None, **kwargs):
    if not raw and not deleted_with(origin, Organization):
        Organization.objects.filter(pk=instance.organization_id).rebuild_search_documents()


track_history(Person, PersonName, Organization, OrganizationName)
