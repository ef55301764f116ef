"""The sitemap of every public page in both languages, and robots.txt, which points crawlers at it.

Django's sitemaps (django.contrib.sitemaps) write it: an index (/sitemap.xml) of one file per
section (a kind of page), a section longer than SITEMAP_URLS_PER_FILE in several files
(?p=2, ?p=3…). Each URL is one page in one language, and carries the same page in every
language as `hreflang` alternates, with the address without a language (which leads to the
reader's) as `x-default`.

A 100,000-report archive has some 1.4 million URLs: a file reads only its own rows (slugs, by
primary key), not the whole section as Django's Sitemap does, and neither a file nor the index
reads anything per page (see the README's Feeds and sitemap for the measures).
"""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.core.paginator import Paginator
from django.db.models import Max
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils.translation import get_language
from django.views import View
from django.views.generic import TemplateView

from core.page_cache import PublicPage
from events.models import Event
from people.models import Organization, Person
from reports.models import Delegation, Report

# A slug no record has, put in a page's URL once per language and replaced by each record's:
# reversing a URL for each of 50,000 lines and their alternates would cost more than the rest.
SLUG_PLACEHOLDER = "--slug--"


class ArchiveSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    @property
    def limit(self):
        return settings.SITEMAP_URLS_PER_FILE


class PageSitemap(ArchiveSitemap):
    """The pages that are not one record's: home and the lists."""

    def items(self):
        return [
            "home",
            "reports:report-list",
            "people:person-list",
            "people:organization-list",
            "events:event-list",
            "events:session-list",
        ]

    def location(self, name):
        return reverse(name)


class InEveryLanguage:
    """(row, language) pairs of a queryset's rows, each row once in every language, read one
    slice at a time (what Paginator asks of its list): a sitemap file reads only its own rows."""

    def __init__(self, rows, languages):
        self.rows, self.languages = rows, languages

    def count(self):
        return self.rows.count() * len(self.languages)

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        each = len(self.languages)
        start, stop = index.start or 0, index.stop
        first = start // each
        pairs = [
            (row, language) for row in self.rows[first : -(-stop // each)] for language in self.languages
        ]
        return pairs[start - first * each : stop - first * each]


class RecordSitemap(ArchiveSitemap):
    """The pages of one kind of record: `records()` (public ones only), each at `url_name` by
    its slug."""

    url_name = None

    def __init__(self):
        self.path_templates = {}

    def records(self):
        raise NotImplementedError

    def items(self):
        return self.records().order_by("pk").values_list("slug", flat=True)

    @property
    def paginator(self):
        return Paginator(InEveryLanguage(self.items(), self._languages()), self.limit)

    def location(self, slug):
        return self.path_template().replace(SLUG_PLACEHOLDER, slug)

    def path_template(self):
        """This kind's page in the active language, the slug a placeholder."""
        language = get_language()
        if language not in self.path_templates:
            self.path_templates[language] = reverse(self.url_name, kwargs={"slug": SLUG_PLACEHOLDER})
        return self.path_templates[language]


# Person, organisation, delegation and event pages show what every published report says of the
# record, so they change with reports no column of theirs records: they carry no lastmod
# rather than one that tells a crawler a changed page is unchanged. A report's page is its own.
class ReportSitemap(RecordSitemap):
    url_name = "reports:report-detail"
    # The last edit, or the publication (a status change does not touch updated_at).
    last_change = Greatest("updated_at", Coalesce("status_changed_at", "published_at"))

    def records(self):
        return Report.objects.published()

    def items(self):
        return self.records().order_by("pk").annotate(lastmod=self.last_change).values_list("slug", "lastmod")

    def location(self, item):
        return super().location(item[0])

    def lastmod(self, item):
        return item[1]

    def get_latest_lastmod(self):
        return self.records().aggregate(latest=Max(self.last_change))["latest"]


class DelegationSitemap(RecordSitemap):
    url_name = "reports:delegation-detail"

    def records(self):
        return Delegation.objects.public()


class PersonSitemap(RecordSitemap):
    url_name = "people:person-detail"

    def records(self):
        return Person.objects.public()


class OrganizationSitemap(RecordSitemap):
    url_name = "people:organization-detail"

    def records(self):
        return Organization.objects.public()


class EventSitemap(RecordSitemap):
    """Summits, their sessions, side events and visits: every public event has its page."""

    url_name = "events:event-detail"

    def records(self):
        return Event.objects.public()


SITEMAPS = {
    "pages": PageSitemap,
    "reports": ReportSitemap,
    "delegations": DelegationSitemap,
    "people": PersonSitemap,
    "organisations": OrganizationSitemap,
    "events": EventSitemap,
}


class SitemapIndexPage(PublicPage, View):
    """The sitemap index: every section's files."""

    def get(self, request):
        return sitemap_views.index(request, SITEMAPS, sitemap_url_name="sitemap-section")


class SitemapSectionPage(PublicPage, View):
    """One file of a section; the index names a section's later files ?p=2, ?p=3…"""

    page_parameters = frozenset({"p"})

    def get(self, request, section):
        return sitemap_views.sitemap(request, SITEMAPS, section=section)


class RobotsPage(PublicPage, TemplateView):
    """robots.txt: everything may be crawled; the sitemap says where everything is."""

    template_name = "robots.txt"
    content_type = "text/plain; charset=utf-8"
