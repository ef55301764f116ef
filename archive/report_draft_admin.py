"""A draft report from its PDF, in the admin: "Start from a PDF" on the reports list.

1. Staff upload the report's PDF (or its plain text). The archive reads it
   (archive.report_reading); a file it cannot read, or one that is not a 出國報告, is refused
   with the reason and nothing is kept.
2. The preview shows every field as read, with what the report printed and on which page,
   as a form: the header, the sections, the recommendations, the follow-up items, the authors
   and the roster. The roster is checked as the roster import checks it: each row's person
   matched, new, or a possible duplicate for staff to decide ("this person" or "a new
   person"). "Check again" re-checks after corrections; nothing is written.
3. "Save as draft" writes it all in one transaction (archive.report_drafts.save_draft) and
   opens the new draft report.

While a long file is read, the upload page shows how many pages are read: the reading reports
its progress into the cache under the upload's id, and the page's script (static
admin/ogparchive/report-draft.js) asks for it every second. With several app servers the cache
must be the shared one (CACHE_URL) for the question to reach the server reading the file.

Between the steps the file waits in the imports' private storage (core.import_admin.
PreviewStorage, never served), named in the form by a signed token bound to the staff member,
and is removed once the draft is saved. Starting a draft needs the permissions to add reports
and delegations and to import rosters (the editors' group has them)."""

import uuid

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.cache import cache
from django.http import HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _

from core.import_admin import PreviewStorage, duplicate_choices
from core.imports import problem_lines

from .report_draft_forms import DraftForms, UploadForm
from .report_drafts import (
    DRAFT_PERMISSIONS,
    DraftRefused,
    DraftValues,
    Upload,
    agency_candidates,
    check_roster,
    save_draft,
)
from .report_reading import UnreadableReport, read_report

TOKEN_SALT = "archive.report-draft"
# How long the progress of a reading is kept (seconds): the page asks while the file is read.
PROGRESS_TIMEOUT = 600


def progress_key(user, job):
    return f"report-draft-progress:{user.pk}:{job}"


class CachedProgress:
    """The reading's progress(stage, done, total), kept where the upload page's script asks."""

    def __init__(self, user, job):
        self.key = progress_key(user, job)

    def __call__(self, stage, done, total):
        cache.set(self.key, {"stage": str(stage), "done": done, "total": total}, PROGRESS_TIMEOUT)


PDF_SIGNATURE = b"%PDF-"


def may_start_draft(user):
    return user.has_perms(DRAFT_PERMISSIONS)


class DraftFromPdfAdmin:
    """A mixin for the reports app's ReportAdmin (composed in archive.report_admin)."""

    change_list_template = "admin/archive/report/change_list.html"

    def get_urls(self):
        return [
            path(
                "from-pdf/",
                self.admin_site.admin_view(self.draft_from_pdf_view),
                name="reports_report_from_pdf",
            ),
            path(
                "from-pdf/progress/<uuid:job>/",
                self.admin_site.admin_view(self.draft_progress_view),
                name="reports_report_from_pdf_progress",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "may_start_draft": may_start_draft(request.user)}
        return super().changelist_view(request, extra_context)

    def draft_from_pdf_view(self, request):
        if not may_start_draft(request.user):
            context = {
                **self.admin_site.each_context(request),
                "title": _("You may not start a report from its PDF"),
                "message": _(
                    "Starting a report from its PDF adds a report, its trip and its roster: it "
                    "needs the permissions to add reports and trips and to import rosters."
                ),
                "change_url": reverse("admin:reports_report_changelist"),
            }
            return TemplateResponse(request, "admin/ogparchive/locked.html", context, status=403)
        if request.method == "POST" and "token" in request.POST:
            return self._preview_or_save(request)
        form = UploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            data = upload.read()
            job = form.cleaned_data["job"]
            try:
                read = read_report(data, CachedProgress(request.user, job) if job else None)
            except UnreadableReport as error:
                form.add_error("file", error)
            else:
                storage = PreviewStorage()
                storage.save(data)
                token = signing.dumps(
                    {
                        "file": storage.name,
                        "name": upload.name,
                        "pdf": data.startswith(PDF_SIGNATURE),
                        "user": request.user.pk,
                    },
                    salt=TOKEN_SALT,
                )
                values = DraftValues.from_read(read)
                forms = DraftForms(values=values, read=read)
                return self._render_preview(request, forms, read, values, token, upload.name)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Start a report from its PDF"),
            "form": form,
            # A bound form without a valid id (sent by a script, say) gets a new one.
            "job": (form.is_bound and form.is_valid() and form.cleaned_data["job"]) or uuid.uuid4(),
            "max_size": settings.REPORT_FILE_MAX_SIZE,
        }
        return TemplateResponse(request, "admin/archive/report/draft_upload.html", context)

    def draft_progress_view(self, request, job):
        """How far the reading of the upload `job` is: {"stage", "done", "total"}, or {} before
        it starts (and for another staff member's upload)."""
        if not may_start_draft(request.user):
            return JsonResponse({}, status=403)
        return JsonResponse(cache.get(progress_key(request.user, job)) or {})

    def _stored(self, request):
        """(the token's facts, the file's bytes), or None for a token that is not this staff
        member's, has expired, or whose file is gone."""
        try:
            facts = signing.loads(
                request.POST.get("token", ""), salt=TOKEN_SALT, max_age=settings.IMPORT_PREVIEW_MAX_AGE
            )
        except signing.BadSignature:
            return None
        if facts.get("user") != request.user.pk:
            return None
        try:
            return facts, PreviewStorage(name=facts["file"]).read()
        except (OSError, KeyError):
            return None

    def _preview_or_save(self, request):
        stored = self._stored(request)
        if stored is None:
            messages.error(
                request,
                _("This preview has expired or is not yours: upload the report's file again."),
            )
            return HttpResponseRedirect(reverse("admin:reports_report_from_pdf"))
        facts, data = stored
        read = read_report(data)
        forms = DraftForms(request.POST)
        if not forms.is_valid():
            return self._render_preview(request, forms, read, None, request.POST["token"], facts["name"])
        values = forms.values()
        choices = duplicate_choices(request.POST)
        if "save" not in request.POST:
            return self._render_preview(
                request, forms, read, values, request.POST["token"], facts["name"], choices
            )
        try:
            report = save_draft(
                values,
                user=request.user,
                upload=Upload(facts["name"], data, facts["pdf"]),
                choices=choices,
                may_change_public=request.user.has_perm("reports.publish_report"),
            )
        except DraftRefused as refusal:
            return self._render_preview(
                request,
                forms,
                read,
                values,
                request.POST["token"],
                facts["name"],
                choices,
                refused=refusal.problems,
            )
        PreviewStorage(name=facts["file"]).remove()
        messages.success(
            request,
            _("The draft “%(title)s” was saved from the file: check it, then submit it for review.")
            % {"title": report.title},
        )
        return HttpResponseRedirect(reverse("admin:reports_report_change", args=[report.pk]))

    def _render_preview(self, request, forms, read, values, token, file_name, choices=None, refused=()):
        plan = None
        if values is not None:
            may_change_public = request.user.has_perm("reports.publish_report")
            plan = check_roster(values, choices, may_change_public=may_change_public)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Check what was read from %(file)s") % {"file": file_name},
            "forms": forms,
            "read": read,
            "plan": plan,
            "plan_problems": problem_lines(plan, limit=50) if plan is not None else [],
            "agencies": list(agency_candidates(values)[:5]) if values is not None else [],
            "token": token,
            "refused": refused,
        }
        return TemplateResponse(request, "admin/archive/report/draft_preview.html", context)
