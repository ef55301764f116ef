from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.history import track_history
from core.search import deleted_with, index_terms, rebuild_documents, search_filter
from events.models import Event, SessionRole
from people.models import Organization, Person, country_code_validator

from .pdf import PdfFileField, delete_when_committed, read_pdf, safe_download_name, stored_file_name


class DelegationQuerySet(models.QuerySet):
    def public(self):
        """Delegations with at least one published report (kept by reports.publication)."""
        return self.filter(is_public=True)

    def for_detail(self):
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


class ReportCategory(models.TextChoices):
    INSPECTION = "inspection", _("inspection (考察)")
    STUDY = "study", _("study (進修)")
    RESEARCH = "research", _("research (研究)")
    INTERNSHIP = "internship", _("internship (實習)")
    OTHER = "other", _("other (其他)")


class DatePrecision(models.TextChoices):
    DAY = "day", _("day")
    MONTH = "month", _("month")
    YEAR = "year", _("year")


class AccessLevel(models.TextChoices):
    PUBLIC = "public", _("public")
    RESTRICTED = "restricted", _("restricted")


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    IN_REVIEW = "in_review", _("in review")
    PUBLISHED = "published", _("published")


class KeywordQuerySet(models.QuerySet):
    def public(self):
        """Keywords of a published report."""
        return self.filter(Exists(Report.objects.published().filter(keywords=OuterRef("pk"))))


class Keyword(models.Model):
    name = models.CharField(_("keyword"), max_length=100, unique=True)

    objects = KeywordQuerySet.as_manager()

    class Meta:
        verbose_name = _("keyword")
        verbose_name_plural = _("keywords")
        ordering = ["name"]

    def __str__(self):
        return self.name


class ReportQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=PublicationStatus.PUBLISHED)

    def search(self, query):
        """Reports whose titles, abstract, keywords or sections match `query` (see
        core.search); none for a query without terms."""
        return self.filter(search_filter("search_document", query))

    def rebuild_search_documents(self, batch_size=2000):
        """Recompute these reports' search documents; (read, changed)."""
        return rebuild_documents(self.prefetch_related("keywords", "sections"), batch_size)

    def for_listing(self):
        return self.select_related("agency", "delegation").prefetch_related(
            "delegation__destinations", "keywords"
        )

    def for_detail(self):
        return self.select_related("agency").prefetch_related(
            "keywords",
            "sections",
            "recommendations",
            "follow_up_items",
            "files",
            models.Prefetch("authors", ReportAuthor.objects.select_related("person", "organization")),
        )


class Report(models.Model):
    """A trip report (出國報告) with every field of its header page."""

    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    delegation = models.ForeignKey(
        Delegation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("delegation"),
    )
    title = models.CharField(_("title"), max_length=500)
    title_en = models.CharField(_("English title"), max_length=500, blank=True)
    category = models.CharField(_("category (出國類別)"), max_length=20, choices=ReportCategory.choices)
    category_detail = models.CharField(
        _("category detail"), max_length=100, blank=True, help_text=_("e.g. 出席會議")
    )
    agency = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="reports", verbose_name=_("agency (服務機關)")
    )
    report_date = models.DateField(_("report date"))
    report_date_precision = models.CharField(
        _("report date precision"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text=_("How much of the date the report prints: 2023年12月 is month precision."),
    )
    pages = models.PositiveSmallIntegerField(_("pages"), null=True, blank=True)
    pages_note = models.CharField(_("pages note"), max_length=100, blank=True, help_text=_("e.g. 含附錄"))
    classification = models.CharField(_("classification (分類號/目)"), max_length=100, blank=True)
    keywords = models.ManyToManyField(Keyword, blank=True, related_name="reports", verbose_name=_("keywords"))
    abstract = models.TextField(_("abstract"), blank=True)
    system_id = models.CharField(_("portal system id (系統識別號)"), max_length=50, blank=True)
    portal_url = models.URLField(_("portal URL"), max_length=500, blank=True)
    access_level = models.CharField(
        _("access level"), max_length=20, choices=AccessLevel.choices, default=AccessLevel.PUBLIC
    )
    cost = models.DecimalField(_("cost (NT$)"), max_digits=12, decimal_places=0, null=True, blank=True)
    sponsor = models.CharField(_("sponsor"), max_length=300, blank=True)
    status = models.CharField(
        _("publication status"),
        max_length=20,
        choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT,
    )
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True, editable=False)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("status changed by"),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    # Titles, abstract, keywords and sections as search terms (core.search), kept current
    # by save() and by the receivers below; GIN trigram index on PostgreSQL (migration search_document).
    search_document = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-report_date", "title"]
        indexes = [
            # The reports list's order (newest first, then by title), for the public and for staff.
            models.Index(fields=["status", "-report_date", "title", "id"], name="report_published_order"),
            models.Index(fields=["-report_date", "title", "id"], name="report_list_order"),
            # An agency's reports, newest first: its page and the reports list filtered by agency.
            models.Index(
                fields=["agency", "status", "-report_date", "title", "id"], name="report_agency_order"
            ),
        ]
        # Publishing and withdrawing (reports.services.TRANSITIONS) is a reviewer's decision.
        permissions = [("publish_report", _("Can publish, return and withdraw reports"))]
        constraints = [
            models.UniqueConstraint(
                fields=["system_id"],
                condition=~Q(system_id=""),
                name="report_system_id_unique",
                violation_error_message=_("Another report already has this portal system id."),
            ),
            models.CheckConstraint(
                condition=~Q(status=PublicationStatus.PUBLISHED) | Q(published_at__isnull=False),
                name="report_published_has_date",
                violation_error_message=_("A published report needs its publication time."),
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.search_document = self.build_search_document()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_document"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("reports:report-detail", kwargs={"slug": self.slug})

    def build_search_document(self):
        keywords = [keyword.name for keyword in self.keywords.all()] if self.pk else []
        sections = [(section.heading, section.body) for section in self.sections.all()] if self.pk else []
        return index_terms(
            self.title, self.title_en, self.abstract, *keywords, *(text for pair in sections for text in pair)
        )


class ReportPartQuerySet(models.QuerySet):
    """Rows that belong to a report (authors…): public with it."""

    def public(self):
        return self.filter(report__status=PublicationStatus.PUBLISHED)


class ReportAuthor(models.Model):
    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="authors", verbose_name=_("report")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="reports_authored", verbose_name=_("person")
    )
    title = models.CharField(_("title as printed"), max_length=200, blank=True)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )

    objects = ReportPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        ordering = ["report_id", "order"]
        constraints = [
            models.UniqueConstraint(fields=["report", "order"], name="report_author_order_unique"),
            models.UniqueConstraint(fields=["report", "person"], name="report_author_person_unique"),
        ]

    def __str__(self):
        return f"{self.person} {self.title}".strip()


CHINESE_NUMERALS = "壹貳參肆伍陸柒捌玖拾一二三四五六七八九十"


class ReportSection(models.Model):
    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="sections", verbose_name=_("report")
    )
    order = models.PositiveSmallIntegerField(_("order"))
    number = models.CharField(
        _("number as printed"), max_length=20, blank=True, help_text=_("e.g. 壹, 一, (一)")
    )
    heading = models.CharField(_("heading"), max_length=300)
    level = models.PositiveSmallIntegerField(_("level"), default=1)
    body = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["report_id", "order"]
        constraints = [
            models.UniqueConstraint(fields=["report", "order"], name="report_section_order_unique"),
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=6), name="report_section_level_range"
            ),
        ]

    def __str__(self):
        if not self.number:
            return self.heading
        # 壹、目的 and 一、行前準備 take the enumeration comma; (一) and 1. are followed by a space.
        separator = "、" if self.number[-1] in CHINESE_NUMERALS else " "
        return f"{self.number}{separator}{self.heading}"


# A report's search document holds its sections and keywords, which change after the report's
# save(). Receivers rather than save()/delete(): a queryset's delete() (the admin's delete
# action, the demo loader's pruning) calls no delete() but does send post_delete.
@receiver(post_save, sender=ReportSection)
@receiver(post_delete, sender=ReportSection)
def refresh_report_search_document(sender, instance, raw=False, origin=None, **kwargs):
    if not raw and not deleted_with(origin, Report):
        Report.objects.filter(pk=instance.report_id).rebuild_search_documents()


@receiver(m2m_changed, sender=Report.keywords.through)
def refresh_search_document_of_keyword_links(sender, instance, action, reverse, pk_set, **kwargs):
    if not reverse:
        if action.startswith("post_"):
            Report.objects.filter(pk=instance.pk).rebuild_search_documents()
    elif action == "pre_clear":
        # keyword.reports.clear(): which reports lose the keyword is known only before.
        instance.search_report_pks = list(instance.reports.values_list("pk", flat=True))
    elif action.startswith("post_"):
        pks = instance.search_report_pks if action == "post_clear" else pk_set
        Report.objects.filter(pk__in=pks).rebuild_search_documents()


@receiver(pre_delete, sender=Keyword)
def remember_reports_of_keyword(sender, instance, **kwargs):
    # The links go with the keyword: which reports had it is known only before.
    instance.search_report_pks = list(instance.reports.values_list("pk", flat=True))


@receiver(post_delete, sender=Keyword)
def refresh_search_document_of_deleted_keyword(sender, instance, **kwargs):
    Report.objects.filter(pk__in=instance.search_report_pks).rebuild_search_documents()


@receiver(post_save, sender=Keyword)
def refresh_search_document_of_renamed_keyword(sender, instance, created, raw=False, **kwargs):
    if not (created or raw):
        instance.reports.all().rebuild_search_documents()


class FollowUpStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    NOT_ADOPTED = "not_adopted", _("not adopted")


class Recommendation(models.Model):
    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="recommendations", verbose_name=_("report")
    )
    order = models.PositiveSmallIntegerField(_("order"))
    text = models.TextField(_("recommendation"))
    status = models.CharField(
        _("follow-up status"), max_length=20, choices=FollowUpStatus.choices, default=FollowUpStatus.PROPOSED
    )
    status_note = models.TextField(_("follow-up note"), blank=True)

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["report_id", "order"]
        constraints = [
            models.UniqueConstraint(fields=["report", "order"], name="recommendation_order_unique"),
        ]

    def __str__(self):
        return self.text[:60]


class FollowUpItem(models.Model):
    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="follow_up_items", verbose_name=_("report")
    )
    order = models.PositiveSmallIntegerField(_("order"))
    text = models.TextField(_("follow-up item"))
    status = models.CharField(
        _("status"), max_length=20, choices=FollowUpStatus.choices, default=FollowUpStatus.PROPOSED
    )
    status_note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("follow-up item")
        verbose_name_plural = _("follow-up items")
        ordering = ["report_id", "order"]
        constraints = [
            models.UniqueConstraint(fields=["report", "order"], name="follow_up_item_order_unique"),
        ]

    def __str__(self):
        return self.text[:60]


class ReportFileKind(models.TextChoices):
    REPORT = "report", _("report")
    ATTACHMENT = "attachment", _("attachment")


class ReportFile(models.Model):
    """A report's PDF or an attachment. Stored under a random name (reports.pdf); the public
    reads it through the report-file view while the report is published, never from MEDIA."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="files", verbose_name=_("report")
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=ReportFileKind.choices, default=ReportFileKind.REPORT
    )
    title = models.CharField(_("title"), max_length=300, blank=True)
    file = PdfFileField(_("file"), upload_to=stored_file_name, max_length=255, help_text=_("A PDF document."))
    original_name = models.CharField(_("original file name"), max_length=255, blank=True, editable=False)
    size = models.PositiveBigIntegerField(_("size (bytes)"), null=True, blank=True, editable=False)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True, editable=False)
    extracted_text = models.TextField(_("extracted text"), blank=True, editable=False)

    objects = ReportPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("file")
        verbose_name_plural = _("files")
        ordering = ["report_id", "kind", "pk"]

    def __str__(self):
        return self.title or self.original_name or self.file.name

    def save(self, *args, **kwargs):
        upload = self.file if self.file and not self.file._committed else None
        replaced = None
        if upload is not None:
            # The form field has read the PDF already (reports.pdf.PdfFormField); other writers
            # (the shell, loaders) have it read here.
            facts = getattr(upload.file, "pdf", None) or read_pdf(upload)
            self.original_name = safe_download_name(upload.name or "")
            self.size, self.sha256, self.extracted_text = facts.size, facts.sha256, facts.text
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {
                    *kwargs["update_fields"],
                    *("file", "original_name", "size", "sha256", "extracted_text"),
                }
            if self.pk:
                replaced = ReportFile.objects.filter(pk=self.pk).values_list("file", flat=True).first()
        super().save(*args, **kwargs)
        if replaced and replaced != self.file.name:
            delete_when_committed(ReportFile, "file", replaced)

    def get_absolute_url(self):
        return reverse("reports:report-file", kwargs={"slug": self.report.slug, "pk": self.pk})

    @property
    def download_name(self):
        return self.original_name or safe_download_name(self.file.name)


@receiver(post_delete, sender=ReportFile)
def remove_stored_report_file(sender, instance, **kwargs):
    # After the commit, so a delete rolled back (or refused further on) keeps its file.
    if instance.file.name:
        delete_when_committed(ReportFile, "file", instance.file.name)


class NoteKind(models.TextChoices):
    SOURCE = "source", _("source")
    CORRECTION = "correction", _("correction")


class SourceNoteQuerySet(models.QuerySet):
    def public(self):
        """Notes published material shows: on a public record, citing no unpublished report."""
        public_records = [
            Person.objects.public(),
            Organization.objects.public(),
            Event.objects.public(),
            SessionRole.objects.public(),
            Delegation.objects.public(),
            DelegationMember.objects.public(),
            Report.objects.published(),
        ]
        on_public_record = Q()
        for records in public_records:
            content_type = ContentType.objects.get_for_model(records.model)
            on_public_record |= Q(content_type=content_type, object_id__in=records.values("pk"))
        return self.filter(on_public_record).filter(
            Q(report__isnull=True) | Q(report__status=PublicationStatus.PUBLISHED)
        )

    def for_record(self, record):
        """The notes of one record that the public may read: none citing an unpublished report."""
        return (
            self.filter(
                content_type=ContentType.objects.get_for_model(record),
                object_id=record.pk,
            )
            .filter(Q(report__isnull=True) | Q(report__status=PublicationStatus.PUBLISHED))
            .select_related("report")
        )


class SourceNote(models.Model):
    """Where a record comes from (which report, which page) or what a source printed wrongly
    and what the archive holds instead. Attaches to any record."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, verbose_name=_("record type"))
    object_id = models.PositiveBigIntegerField(_("record id"))
    record = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(_("kind"), max_length=20, choices=NoteKind.choices, default=NoteKind.SOURCE)
    report = models.ForeignKey(
        Report,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="source_notes",
        verbose_name=_("source report"),
    )
    location = models.CharField(
        _("where in the source"), max_length=200, blank=True, help_text=_("page or section")
    )
    source_text = models.TextField(_("as the source prints it"), blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = SourceNoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("source or correction note")
        verbose_name_plural = _("sources and correction notes")
        ordering = ["content_type", "object_id", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="source_note_record")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.note[:60] or self.source_text[:60]}"


class ImportKind(models.TextChoices):
    ROSTER = "roster", _("roster")
    PROGRAMME = "programme", _("programme")


class ImportOutcome(models.TextChoices):
    IMPORTED = "imported", _("imported")
    REFUSED = "refused", _("refused: nothing written")


class ImportSource(models.TextChoices):
    ADMIN = "admin", _("admin")
    COMMAND = "command", _("command line")


class ImportRecord(models.Model):
    """One import of a spreadsheet (a roster into a delegation, a programme into a summit): who,
    when, which file (name and SHA-256), and what it did. Written by the importers only; read-only
    in the admin. Also carries the two import permissions."""

    kind = models.CharField(_("kind"), max_length=20, choices=ImportKind.choices)
    outcome = models.CharField(_("outcome"), max_length=20, choices=ImportOutcome.choices)
    source = models.CharField(_("source"), max_length=20, choices=ImportSource.choices)
    delegation = models.ForeignKey(
        Delegation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="import_records",
        verbose_name=_("delegation"),
    )
    event = models.ForeignKey(
        Event,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="import_records",
        verbose_name=_("summit"),
    )
    target = models.CharField(_("imported into"), max_length=500, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    # Who ran a command-line import: its --user (above) is optional, the shell account is not.
    system_account = models.CharField(
        _("system account"),
        max_length=150,
        blank=True,
        help_text=_("The operating-system account that ran a command-line import."),
    )
    file_name = models.CharField(_("file name"), max_length=255)
    file_sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    file_size = models.PositiveIntegerField(_("file size (bytes)"))
    file_format = models.CharField(_("file format"), max_length=10)
    encoding = models.CharField(_("encoding"), max_length=20, blank=True)
    rows = models.PositiveIntegerField(_("rows in the file"), default=0)
    rows_new = models.PositiveIntegerField(_("new rows"), default=0)
    rows_updated = models.PositiveIntegerField(_("updated rows"), default=0)
    rows_unchanged = models.PositiveIntegerField(_("unchanged rows"), default=0)
    rows_deleted = models.PositiveIntegerField(_("deleted rows"), default=0)
    rows_with_errors = models.PositiveIntegerField(_("rows with errors"), default=0)
    created_records = models.JSONField(_("records created"), default=dict, blank=True)
    messages = models.TextField(_("messages"), blank=True)
    created_at = models.DateTimeField(_("imported at"), auto_now_add=True)

    class Meta:
        verbose_name = _("import record")
        verbose_name_plural = _("import records")
        ordering = ["-created_at", "-pk"]
        permissions = [
            ("import_roster", _("Can import rosters from spreadsheets")),
            ("import_programme", _("Can import programmes from spreadsheets")),
        ]

    def __str__(self):
        when = f" · {self.created_at:%Y-%m-%d %H:%M}" if self.created_at else ""
        return f"{self.get_kind_display()} · {self.file_name}{when}"


class StatusChange(models.Model):
    """One step of a report through the publication workflow (reports.services.move_report):
    from which status to which, who, when and why. Written by the workflow only."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("report")
    )
    from_status = models.CharField(_("from"), max_length=20, choices=PublicationStatus.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=PublicationStatus.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    changed_at = models.DateTimeField(_("when"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["-changed_at", "-pk"]

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


# Import records and status changes are logs themselves: no history of their own.
track_history(
    Delegation,
    Destination,
    DelegationEvent,
    DelegationMember,
    Keyword,
    Report,
    ReportAuthor,
    ReportSection,
    Recommendation,
    FollowUpItem,
    ReportFile,
    SourceNote,
)
