"""Reports (出國報告): the header page, keywords, authors, sections, recommendations and
follow-up items."""

from urllib.parse import quote

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.search import (
    TITLE_TERMS_COLUMN,
    apply_search_fields,
    exact_key,
    index_terms,
    key_filter,
    rebuild_documents,
    search_filter,
)
from people.models import Organization, Person

from .delegations import Delegation


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
    # Once public, taken back with a reason: its address answers 410 Gone (reports.views).
    WITHDRAWN = "withdrawn", _("withdrawn")


class KeywordQuerySet(models.QuerySet):
    def public(self):
        """Keywords of a published report."""
        return self.filter(Exists(Report.objects.published().filter(keywords=OuterRef("pk"))))

    def with_public_flag(self):
        """Each keyword with `is_public`, as public() decides it (a staff preview marks those
        the public cannot follow yet)."""
        return self.annotate(is_public=Exists(Report.objects.published().filter(keywords=OuterRef("pk"))))


class Keyword(models.Model):
    name = models.CharField(_("keyword"), max_length=100, unique=True)

    objects = KeywordQuerySet.as_manager()

    class Meta:
        verbose_name = _("keyword")
        verbose_name_plural = _("keywords")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        # The keyword's page is the reports list filtered by it (quoted as the `urlencode`
        # template filter quotes it).
        return f"{reverse('reports:report-list')}?keyword={quote(self.name, safe='/')}"


class ReportQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=PublicationStatus.PUBLISHED)

    def search(self, query):
        """Reports whose titles, abstract, keywords or sections match `query` (see
        core.search); none for a query without terms."""
        return self.filter(search_filter("search_document", query))

    def search_tiers(self, query):
        """The reports `query` finds, best first, as querysets that share no report: the title
        (Chinese or English) is the query; a title matches; the rest of the text matches.
        Each is an index lookup of its own (title keys, the title document's terms, the search
        document's), so a page reads a tier with a limit and nothing ranks every match."""
        exact = key_filter(["title_key", "title_en_key"], query)
        titled = search_filter("title_document", query, TITLE_TERMS_COLUMN)
        return [
            self.filter(exact),
            self.filter(titled).exclude(exact),
            self.search(query).exclude(exact).exclude(titled),
        ]

    def rebuild_search_documents(self, batch_size=2000):
        """Recompute these reports' search documents (and title keys); (read, changed)."""
        return rebuild_documents(self.prefetch_related("keywords", "sections"), batch_size)

    def for_listing(self):
        """Reports as lists and downloads show them, without the search columns (a report's
        search document is some 11 kB stored out of line, read back for nothing)."""
        return (
            self.select_related("agency", "delegation")
            .defer(
                "search_document",
                "title_document",
                "agency__search_document",
                "agency__description",
                "delegation__description",
            )
            .prefetch_related("delegation__destinations", "keywords")
        )

    def for_detail(self, keywords=None):
        """Reports as their page shows them; `keywords`, the keywords' queryset when it is
        not the plain one (a staff preview's, with_public_flag)."""
        return self.select_related("agency").prefetch_related(
            "keywords" if keywords is None else models.Prefetch("keywords", keywords),
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
    # by save() and by reports.receivers; GIN trigram index on PostgreSQL (migration search_document).
    search_document = models.TextField(blank=True, editable=False)
    # The titles alone as search terms, and each title's exact key (core.search.exact_key),
    # kept with the search document: the search's first tiers (search_tiers). The terms column
    # and GIN index of PostgreSQL: migration title_search. Not in a backup (serialize=False):
    # a restore computes them again (archive.backup), so a backup made before them restores.
    title_document = models.TextField(blank=True, editable=False, serialize=False)
    title_key = models.CharField(max_length=500, blank=True, editable=False, serialize=False)
    title_en_key = models.CharField(max_length=500, blank=True, editable=False, serialize=False)
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
            # Search: the reports whose title is the query.
            models.Index(fields=["title_key"], name="report_title_key"),
            models.Index(fields=["title_en_key"], name="report_title_en_key"),
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
        apply_search_fields(self)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], *SEARCH_FIELDS}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("reports:report-detail", kwargs={"slug": self.slug})

    @property
    def is_public(self):
        """Whether the public sees it: published. (People, organisations, events and
        delegations keep a stored flag of this name.)"""
        return self.status == PublicationStatus.PUBLISHED

    def build_search_document(self):
        keywords = [keyword.name for keyword in self.keywords.all()] if self.pk else []
        sections = [(section.heading, section.body) for section in self.sections.all()] if self.pk else []
        return index_terms(
            self.title, self.title_en, self.abstract, *keywords, *(text for pair in sections for text in pair)
        )

    def build_search_fields(self):
        """Every derived search column (core.search.apply_search_fields)."""
        return {
            "search_document": self.build_search_document(),
            "title_document": index_terms(self.title, self.title_en),
            "title_key": exact_key(self.title)[:500],
            "title_en_key": exact_key(self.title_en)[:500],
        }


SEARCH_FIELDS = ("search_document", "title_document", "title_key", "title_en_key")


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
    # Where the section starts in the report's PDF (its first page is 1): set when the report was
    # read from its PDF (archive.report_reading), so a passage found by search links to its page.
    page = models.PositiveSmallIntegerField(_("page in the PDF"), null=True, blank=True)

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
