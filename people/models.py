from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
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


class OtherName(models.Model):
    """A further name of a record: another spelling, a romanisation, a short name or acronym, a
    misprint in a source. Each subclass adds the foreign key to its record, named by
    `record_field`; its name's matching key (`key`) finds the record, and every save or delete
    refreshes the record's search document (refresh_record_search_document)."""

    record_field = None

    name = models.CharField(_("name"), max_length=200)
    language = models.CharField(
        _("language"), max_length=10, choices=NameLanguage.choices, default=NameLanguage.EN
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NameKind.choices, default=NameKind.ALTERNATE)
    note = models.CharField(_("note"), max_length=300, blank=True)
    key = models.CharField(max_length=200, editable=False, db_index=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = clean_text(self.name)
        self.key = name_key(self.name)
        super().save(*args, **kwargs)


# A receiver rather than save()/delete(): a queryset's delete() (the admin's delete action, the
# demo loader's pruning) calls no delete() but does send post_delete.
def refresh_record_search_document(sender, instance, raw=False, origin=None, **kwargs):
    """A name added, changed or removed: its record's search document again."""
    record = sender._meta.get_field(sender.record_field).related_model
    if not raw and not deleted_with(origin, record):
        record_id = getattr(instance, f"{sender.record_field}_id")
        record.objects.filter(pk=record_id).rebuild_search_documents()


class PersonName(OtherName):
    """A further name of a person: another spelling, a romanisation, a misprint in a source."""

    record_field = "person"

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="other_names", verbose_name=_("person")
    )

    class Meta:
        verbose_name = _("other name of a person")
        verbose_name_plural = _("other names of people")
        ordering = ["person_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["person", "name"], name="person_name_unique"),
        ]


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


class OrganizationName(OtherName):
    """A short name, acronym or other name of an organisation (OCF, 國發會)."""

    record_field = "organization"

    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="other_names",
        verbose_name=_("organisation"),
    )
    # An organisation's names run longer, and most of its further names are short ones.
    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=NameKind.choices, default=NameKind.SHORT)
    key = models.CharField(max_length=300, editable=False, db_index=True)

    class Meta:
        verbose_name = _("other name of an organisation")
        verbose_name_plural = _("other names of organisations")
        ordering = ["organization_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="organization_name_unique"),
        ]


for other_name in (PersonName, OrganizationName):
    post_save.connect(refresh_record_search_document, sender=other_name)
    post_delete.connect(refresh_record_search_document, sender=other_name)

track_history(Person, PersonName, Organization, OrganizationName)
