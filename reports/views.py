from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView

from ogparchive.downloads import Column
from ogparchive.listing import ArchiveListView

from .filters import ReportFilter
from .models import Delegation, Report, SourceNote


class ReportListView(ArchiveListView):
    filterset_class = ReportFilter
    template_name = "reports/report_list.html"
    download_name = "reports"

    def get_queryset(self):
        return Report.objects.published().for_listing().order_by("-report_date", "title")

    def get_download_columns(self):
        return [
            Column("id", _("slug"), "slug"),
            Column("title", _("title")),
            Column("agency", _("agency (服務機關)"), "agency.name_zh"),
            Column("category", _("category (出國類別)"), "get_category_display"),
            Column("category_detail", _("category detail")),
            Column("report_date", _("report date")),
            Column("report_date_precision", _("report date precision")),
            Column("departure_date", _("departure date"), "delegation.departure_date"),
            Column("return_date", _("return date"), "delegation.return_date"),
            Column(
                "destinations",
                _("destination"),
                lambda report: (
                    " | ".join(str(place) for place in report.delegation.destinations.all())
                    if report.delegation
                    else ""
                ),
            ),
            Column("pages", _("pages")),
            Column(
                "keywords", _("keywords"), lambda report: " | ".join(k.name for k in report.keywords.all())
            ),
            Column("abstract", _("abstract")),
            Column("url", _("page"), self.page_url),
        ]


class ReportDetailView(DetailView):
    template_name = "reports/report_detail.html"
    context_object_name = "report"

    def get_queryset(self):
        return Report.objects.published().for_detail()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = self.object
        if report.delegation_id:
            context["delegation"] = Delegation.objects.for_detail().get(pk=report.delegation_id)
        context["notes"] = SourceNote.objects.for_record(report)
        return context


class DelegationDetailView(DetailView):
    template_name = "reports/delegation_detail.html"
    context_object_name = "delegation"

    def get_queryset(self):
        return Delegation.objects.public().for_detail()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["notes"] = SourceNote.objects.for_record(self.object)
        return context
