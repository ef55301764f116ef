"""Atom feeds of newly published reports, in the language of the URL: the whole archive's, an
agency's (the reports it is the agency of) and a summit's (the reports of the delegations that
attended it). Django's own feed framework (django.contrib.syndication) writes them; FeedPage
serves each as a public page, so the page cache keeps it like any other page.

An entry is a publication: a report enters its feeds when it is first published and leaves them
when it is withdrawn, since only published reports are read. The entries are the latest
FEED_LENGTH, newest first. Corrections (issue 18) are to come back as entries too: then `items`
orders by the later of the publication and the latest correction, and `item_updateddate` gives
that correction's time, so a reader sees a corrected report again."""

from django.contrib.sites.shortcuts import get_current_site
from django.contrib.syndication.views import Feed, add_domain
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import linebreaks
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View

from core.page_cache import PublicPage
from core.templatetags.archive import localised
from events.models import Event
from people.models import Organization
from reports.models import DelegationEvent, Report

from .merging import merged_into

# A reader asks again every few hours: the latest fifty publications are more than any archive
# publishes between two readings, and keep the feed small.
FEED_LENGTH = 50


class ReportFeed(Feed):
    """The whole archive's newly published reports."""

    feed_type = Atom1Feed

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def reports(self, obj):
        return Report.objects.published()

    def items(self, obj):
        return (
            self.reports(obj)
            .select_related("agency")
            .only(
                "slug",
                "title",
                "title_en",
                "abstract",
                "published_at",
                "agency__slug",
                "agency__name_zh",
                "agency__name_en",
            )
            .order_by("-published_at", "-pk")[:FEED_LENGTH]
        )

    def title(self, obj):
        return _("Newly published reports")

    def subtitle(self, obj):
        return _("The latest reports published in the OGP Trip Report Archive, newest first.")

    def link(self, obj):
        return reverse("reports:report-list")

    def feed_guid(self, obj):
        # The feed's own address: the page it points to (`link`) may have feeds in other languages.
        return self.absolute(self.request.path)

    def author_name(self, obj):
        return _("OGP Trip Report Archive")

    def item_title(self, report):
        if get_language() == "en":
            return report.title_en or report.title
        return report.title

    def item_description(self, report):
        # Atom's summary is HTML: the abstract is plain text, escaped, its paragraphs kept.
        return linebreaks(report.abstract, autoescape=True) if report.abstract else None

    def item_pubdate(self, report):
        return report.published_at

    def item_updateddate(self, report):
        return report.published_at

    def item_author_name(self, report):
        return localised(report.agency)

    def item_author_link(self, report):
        return self.absolute(report.agency.get_absolute_url())

    def absolute(self, path):
        return add_domain(get_current_site(self.request).domain, path, self.request.is_secure())


class AgencyReportFeed(ReportFeed):
    """The newly published reports of one agency (服務機關), public organisations only."""

    def get_object(self, request, slug):
        return Organization.objects.public().get(slug=slug)

    def reports(self, agency):
        return Report.objects.published().filter(agency=agency)

    def title(self, agency):
        return _("Newly published reports of %(agency)s") % {"agency": localised(agency)}

    def link(self, agency):
        return agency.get_absolute_url()


class SummitReportFeed(ReportFeed):
    """The newly published reports of the delegations that attended a summit (as the summit's
    page and the reports list filtered by it count them), public summits only."""

    def get_object(self, request, slug):
        return Event.objects.public().summits().get(slug=slug)

    def reports(self, summit):
        return Report.objects.published().filter(
            Exists(DelegationEvent.objects.filter(delegation=OuterRef("delegation"), event=summit))
        )

    def title(self, summit):
        return _("Newly published reports on %(summit)s") % {"summit": localised(summit, "title")}

    def link(self, summit):
        return summit.get_absolute_url()


class FeedPage(PublicPage, View):
    """A feed as a public page (core.page_cache keeps it). `feed` is its Feed class."""

    feed = None

    def get(self, request, *args, **kwargs):
        return self.feed()(request, *args, **kwargs)


class AgencyFeedPage(FeedPage):
    """An agency's feed; a merged agency's old address leads to its survivor's feed, as its page
    does, so a reader subscribed to it goes on reading."""

    feed = AgencyReportFeed

    def get(self, request, slug):
        try:
            return super().get(request, slug=slug)
        except Http404:
            survivor = merged_into(Organization, slug)
            if survivor is None or not survivor.is_public:
                raise
            return HttpResponsePermanentRedirect(reverse("people:organization-feed", args=[survivor.slug]))
