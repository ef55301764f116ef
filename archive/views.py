"""The pages that span the apps: the home page and the search across everything."""

from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from core.listing import PAGE_SIZE, QUERY_MAX_LENGTH
from core.page_cache import PublicPage, not_kept
from core.pagination import first_of_tiers, paginate_tiers
from core.publication_version import cached
from events.models import Event
from people.models import Person
from reports.models import Delegation, Report

from .search import KINDS, KINDS_BY_NAME

SEARCH_RESULTS_PER_KIND = 10
# The home page's figures count whole tables: kept under the publication version (so a publish
# or withdrawal shows at once), the time limit only frees the figures of past versions.
FIGURES_SECONDS = 60 * 60


def archive_figures():
    return {
        "reports": Report.objects.published().count(),
        "delegations": Delegation.objects.public().count(),
        "people": Person.objects.public().count(),
        "sessions": Event.objects.public().sessions().count(),
    }


class HomeView(PublicPage, TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            latest_reports=Report.objects.published().for_listing().order_by("-report_date")[:5],
            summits=Event.objects.public().summits().order_by("-start_date"),
            figures=cached("archive-figures", archive_figures, FIGURES_SECONDS),
            **kwargs,
        )


class SearchView(PublicPage, TemplateView):
    """Search across reports, people, organisations and sessions: each kind's best matches first
    (archive.search), and with ?kind= one kind's matches a page at a time, paged by a cursor
    that carries the tier."""

    template_name = "search.html"
    per_page = PAGE_SIZE
    page_parameters = frozenset({"q", "kind", "after", "before"})

    def get_template_names(self):
        return ["search_kind.html" if self.kind() else self.template_name]

    def query(self):
        asked = self.request.GET.get("q", "").strip()
        if len(asked) > QUERY_MAX_LENGTH:
            not_kept(self.request)
        return asked[:QUERY_MAX_LENGTH]

    def kind(self):
        """The one kind asked for (?kind=), when there is a query; an unknown kind is ignored."""
        asked = self.request.GET.get("kind")
        if asked and asked not in KINDS_BY_NAME:
            not_kept(self.request)
        return KINDS_BY_NAME.get(asked) if self.query() else None

    def get_context_data(self, **kwargs):
        query, kind = self.query(), self.kind()
        if kind is not None:
            page = paginate_tiers(
                kind.tiers(query),
                self.per_page,
                after=self.request.GET.get("after"),
                before=self.request.GET.get("before"),
            )
            if page.cursor_ignored:
                not_kept(self.request)
            page.object_list = kind.details(list(page.object_list), query)
            return super().get_context_data(query=query, kind=kind, page_obj=page, **kwargs)
        sections = []
        if query:
            for kind in KINDS:
                results = first_of_tiers(kind.tiers(query), SEARCH_RESULTS_PER_KIND + 1)
                sections.append(
                    {
                        "kind": kind.name,
                        "label": kind.label,
                        "results": kind.details(results[:SEARCH_RESULTS_PER_KIND], query),
                        "more": len(results) > SEARCH_RESULTS_PER_KIND,
                    }
                )
        return super().get_context_data(query=query, sections=sections, **kwargs)


@never_cache
def health_check(request):
    """Says the application answers, for a load balancer and as the load test's baseline: no
    database, no template, no session, nothing about the site."""
    return HttpResponse("ok\n", content_type="text/plain")
