from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, View

from core.downloads import Column
from core.listing import ArchiveListView
from core.page_cache import PublicPage

from .filters import ReportFilter
from .models import Delegation, Keyword, PublicationStatus, Report, ReportFile, ReportFileKind, SourceNote


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


class ReportDetailView(PublicPage, DetailView):
    """A published report's page; a withdrawn report's address answers 410 Gone, saying so."""

    template_name = "reports/report_detail.html"
    context_object_name = "report"

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            gone = withdrawn_report(request, kwargs["slug"])
            if gone is None:
                raise
            return gone

    def get_queryset(self):
        return Report.objects.published().for_detail()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(report_page(self.object, SourceNote.objects.for_record(self.object)))
        return context


def withdrawn_report(request, slug):
    """The 410 Gone page of the report withdrawn under `slug`: its title, agency, when it was
    withdrawn and why (the withdrawal's note), nothing else of it; None when no withdrawn
    report has this slug (a draft's or an unknown address stays a 404)."""
    withdrawn = Report.objects.filter(slug=slug, status=PublicationStatus.WITHDRAWN)
    report = withdrawn.select_related("agency").first()
    if report is None:
        return None
    withdrawal = report.status_changes.filter(to_status=PublicationStatus.WITHDRAWN).first()
    withdrawn_at = withdrawal.changed_at if withdrawal else report.status_changed_at
    context = {
        "report": report,
        "withdrawn_on": timezone.localdate(withdrawn_at) if withdrawn_at else None,
        "reason": withdrawal.note if withdrawal else "",
    }
    return render(request, "reports/report_withdrawn.html", context, status=410)


def report_page(report, notes):
    """What a report's page shows besides the report (for_detail) itself."""
    page = {"notes": notes, "delegation": None}
    if report.delegation_id:
        page["delegation"] = Delegation.objects.for_detail().get(pk=report.delegation_id)
    # The report's own PDF, to link each section to its page in it (#page=, which PDF
    # viewers honour).
    pdfs = [file for file in report.files.all() if file.kind == ReportFileKind.REPORT]
    page["report_pdf"] = pdfs[0] if pdfs else None
    return page


class ReportPreviewView(DetailView):
    """A report of any status as its public page will show it, for staff: the report admin's
    preview (reports.admin), which decides who may see it. Marked as a preview, with what the
    public cannot follow yet marked too (the `preview` context; core.templatetags.archive);
    never indexed, and kept by no cache: not a PublicPage, private and not stored.

    The admin's URL carries no language: the page is in the staff member's, or in the one
    `?language=` names (the preview's language switch)."""

    template_name = "reports/report_preview.html"
    context_object_name = "report"

    def get_queryset(self):
        return Report.objects.for_detail(keywords=Keyword.objects.with_public_flag())

    def get(self, request, *args, **kwargs):
        language = request.GET.get("language", "")
        if language not in dict(settings.LANGUAGES):
            language = translation.get_language()
        with translation.override(language):
            response = super().get(request, *args, **kwargs)
            response.render()
        response["Content-Language"] = language
        response["X-Robots-Tag"] = "noindex, nofollow"
        patch_cache_control(response, private=True, no_store=True)
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = self.object
        context.update(report_page(report, SourceNote.objects.for_record(report, publishing=report)))
        context["preview"] = True
        return context


class DelegationDetailView(PublicPage, DetailView):
    template_name = "reports/delegation_detail.html"
    context_object_name = "delegation"

    def get_queryset(self):
        return Delegation.objects.public().for_detail()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["notes"] = SourceNote.objects.for_record(self.object)
        return context


def stream_report_file(report_file, as_attachment=False):
    """The stored PDF as a response, read from storage in chunks; 404 when the file is gone."""
    try:
        stored = report_file.file.storage.open(report_file.file.name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        stored,
        as_attachment=as_attachment,
        filename=report_file.download_name,
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


class ReportFileView(PublicPage, View):
    """A published report's file. A withdrawn report's files answer 410 Gone with its page;
    any other (a draft's, none at all) is the same 404. MEDIA_URL is never served, so this is
    the only way to a file."""

    def get(self, request, slug, pk):
        report_file = ReportFile.objects.public().filter(report__slug=slug, pk=pk).first()
        if report_file is None:
            if ReportFile.objects.filter(report__slug=slug, pk=pk).exists():
                gone = withdrawn_report(request, slug)
                if gone is not None:
                    return gone
            raise Http404
        return stream_report_file(report_file)
