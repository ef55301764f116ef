from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.history import track_history
from core.names import latin_words, lookup_keys, organisation_keys, person_keys, romanised_words
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

    def named(self, name):
        """People one of whose names is `name` as printed (case, width and spaces aside)."""
        key = name_key(name)
        if not key:
            return self.none()
        return self.filter(Q(name_zh_key=key) | Q(name_en_key=key) | Q(other_names__key=key)).distinct()

    def matching(self, name):
        """People one of whose names is `name` in any spelling (core.names): the same Chinese
        name in any of its forms, a romanisation of it, the same Latin name in any case, accents
        and word order."""
        keys = lookup_keys(name)
        if not keys:
            return self.none()
        chinese = {key for key in keys if key.startswith("zh:")}
        if not chinese:
            return self.filter(pk__in=PersonKey.objects.filter(key__in=keys).values("person_id"))
        # A Chinese name meets a romanised one only in a person with no Chinese name: 陳美言 is
        # not 陳美延, whose English name is also a spelling of 陳美言.
        # One set of ids (a UNION), not an OR of two: PostgreSQL reads the OR row by row along
        # the list's order (seconds at 300,000 people), the UNION through the key index.
        romanised = keys - chinese
        found = (
            PersonKey.objects.filter(key__in=chinese)
            .values("person_id")
            .union(PersonKey.objects.filter(key__in=romanised, person__name_zh="").values("person_id"))
        )
        return self.filter(pk__in=found)

    def search(self, query):
        """People any of whose names match `query` (see core.search); none for a query
        without terms."""
        return self.filter(search_filter("search_document", query))

    def rebuild_search_documents(self, batch_size=2000):
        """Recompute these people's search documents and matching keys; (read, changed)."""
        result = rebuild_documents(self.prefetch_related("other_names"), batch_size)
        refresh_keys(self, batch_size)
        return result


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
        refresh_keys(Person.objects.filter(pk=self.pk))

    def get_absolute_url(self):
        return reverse("people:person-detail", kwargs={"slug": self.slug})

    def names(self):
        other_names = [other.name for other in self.other_names.all()] if self.pk else []
        return [self.name_zh, self.name_en, *other_names]

    def build_search_document(self):
        """The names as printed, then what finds them in other spellings: the romanisations
        of each Chinese name (core.names) and each Latin name's hyphenated parts as one word
        (Chia-liang as chialiang)."""
        names = self.names()
        return index_terms(
            *names,
            *(" ".join(romanised_words(name)) for name in names),
            *(" ".join(latin_words(name)) for name in names),
        )

    def matching_keys(self):
        return person_keys(self.names())


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

    def named(self, name):
        """Organisations whose name, short name or any other name is `name` as printed (case,
        width and spaces aside)."""
        key = name_key(name)
        if not key:
            return self.none()
        return self.filter(Q(name_zh_key=key) | Q(name_en_key=key) | Q(other_names__key=key)).distinct()

    def matching(self, name):
        """Organisations one of whose names is `name` in any spelling: variant and Simplified
        characters folded, Latin letters without case, accents or punctuation (core.names)."""
        keys = organisation_keys([name])
        if not keys:
            return self.none()
        return self.filter(pk__in=OrganizationKey.objects.filter(key__in=keys).values("organization_id"))

    def search(self, query):
        """Organisations any of whose names match `query` (see core.search); none for a
        query without terms."""
        return self.filter(search_filter("search_document", query))

    def rebuild_search_documents(self, batch_size=2000):
        """Recompute these organisations' search documents and matching keys; (read, changed)."""
        result = rebuild_documents(self.prefetch_related("other_names"), batch_size)
        refresh_keys(self, batch_size)
        return result


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
        refresh_keys(Organization.objects.filter(pk=self.pk))

    def get_absolute_url(self):
        return reverse("people:organization-detail", kwargs={"slug": self.slug})

    def names(self):
        other_names = [other.name for other in self.other_names.all()] if self.pk else []
        return [self.name_zh, self.name_en, *other_names]

    def build_search_document(self):
        names = self.names()
        return index_terms(*names, *(" ".join(latin_words(name)) for name in names))

    def matching_keys(self):
        return organisation_keys(self.names())

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


class MatchingKey(models.Model):
    """One matching key of a record (core.names): made from its names, never typed. A name in
    another spelling finds the record through the key they share; the possible-duplicates list
    pairs records that share one. Each subclass adds the foreign key `record_field`."""

    record_field = None
    # A merge of records makes their keys again instead of moving them (archive.merging).
    remade_not_merged = True

    key = models.CharField(_("matching key"), max_length=300, db_index=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.key


class PersonKey(MatchingKey):
    record_field = "person"

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="keys", verbose_name=_("person")
    )

    class Meta:
        verbose_name = _("matching key of a person")
        verbose_name_plural = _("matching keys of people")
        constraints = [models.UniqueConstraint(fields=["person", "key"], name="person_key_unique")]


class OrganizationKey(MatchingKey):
    record_field = "organization"

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="keys", verbose_name=_("organisation")
    )

    class Meta:
        verbose_name = _("matching key of an organisation")
        verbose_name_plural = _("matching keys of organisations")
        constraints = [
            models.UniqueConstraint(fields=["organization", "key"], name="organization_key_unique"),
        ]


def refresh_keys(queryset, batch_size=2000):
    """Make the matching keys of the records of `queryset` (people or organisations) what their
    names give now: those no name gives any more removed, new ones added."""
    model = queryset.model
    key_model = PersonKey if model is Person else OrganizationKey
    owner = f"{key_model.record_field}_id"
    pks = list(queryset.order_by().values_list("pk", flat=True))
    for start in range(0, len(pks), batch_size):
        chunk = pks[start : start + batch_size]
        records = model._base_manager.filter(pk__in=chunk).prefetch_related("other_names")
        wanted = {(record.pk, key) for record in records for key in record.matching_keys()}
        stored = set(key_model.objects.filter(**{f"{owner}__in": chunk}).values_list(owner, "key"))
        stale = sorted(stored - wanted)
        for first in range(0, len(stale), 500):
            condition = Q()
            for record_pk, key in stale[first : first + 500]:
                condition |= Q(**{owner: record_pk, "key": key})
            key_model.objects.filter(condition).delete()
        key_model.objects.bulk_create(
            [key_model(**{owner: record_pk, "key": key}) for record_pk, key in wanted - stored],
            batch_size=1000,
            ignore_conflicts=True,
        )


for other_name in (PersonName, OrganizationName):
    post_save.connect(refresh_record_search_document, sender=other_name)
    post_delete.connect(refresh_record_search_document, sender=other_name)

track_history(Person, PersonName, Organization, OrganizationName)
