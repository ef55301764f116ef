"""The pages that span the apps: the home page and the search across everything."""

from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from core.listing import QUERY_MAX_LENGTH
from core.publication_version import cached
from events.models import Event
from people.models import Organization, Person
from reports.models import Delegation, Report

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


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            latest_reports=Report.objects.published().for_listing().order_by("-report_date")[:5],
            summits=Event.objects.public().summits().order_by("-start_date"),
            figures=cached("archive-figures", archive_figures, FIGURES_SECONDS),
            **kwargs,
        )


class SearchView(TemplateView):
    template_name = "search.html"

    def get_context_data(self, **kwargs):
        query = self.request.GET.get("q", "").strip()[:QUERY_MAX_LENGTH]
        sections = []
        if query:
            kinds = [
                ("reports", Report.objects.published().for_listing(), "reports:report-list"),
                ("people", Person.objects.public(), "people:person-list"),
                ("organisations", Organization.objects.public(), "people:organization-list"),
                ("sessions", Event.objects.public().select_related("summit"), "events:session-list"),
            ]
            for kind, queryset, list_url in kinds:
                results = list(queryset.search(query)[: SEARCH_RESULTS_PER_KIND + 1])
                sections.append(
                    {
                        "kind": kind,
                        "results": results[:SEARCH_RESULTS_PER_KIND],
                        "more": len(results) > SEARCH_RESULTS_PER_KIND,
                        "list_url": list_url,
                    }
                )
        return super().get_context_data(query=query, sections=sections, **kwargs)


@never_cache
def health_check(request):
    """Says the application answers, for a load balancer and as the load test's baseline: no
    database, no template, no session, nothing about the site."""
    return HttpResponse("ok\n", content_type="text/plain")
