"""Spreadsheet imports in the admin, on django-import-export's own flow.

Staff upload a file on the import page; django-import-export stores it (in `PreviewStorage`),
runs the import as a dry run and shows the preview; "Confirm import" runs it again for real,
in one transaction. What is customised, and why:

- the importers are ours (reports.roster_io, events.programme_io): set-based, with matching by
  any name, so `PlanResource.import_data` hands the file to them and returns their Plan inside
  a django-import-export Result; the preview template shows the plan row by row;
- one import format, `SpreadsheetFormat`, reads CSV, XLSX and ODS and recognises which (and the
  text encoding) from the file itself, with staff-readable messages instead of the library's
  "<exception> encountered while trying to read file";
- importing needs its own permission (`import_permission`, e.g. reports.import_roster), not any
  staff account: without it there is no button and the URLs answer 403;
- the uploaded file is kept, between preview and confirmation, in a private storage that is
  never served (STORAGES["import_export"]), removed as soon as the import ends or its preview
  shows errors, and removed by the next import after IMPORT_PREVIEW_MAX_AGE when abandoned;
- a name that probably names a person already in the archive (core.imports.PossibleDuplicate)
  is shown with its candidates and their evidence, and a choice for each inside the confirm form
  ("this person" or "a new person", fields "duplicate-<key>"); the confirmation is refused until
  each has one, and a choice that is none of that name's candidates is refused too;
- the confirmation writes only what the preview showed: the preview's plan digest travels
  in the confirm form, and a confirmation whose plan differs (the archive changed in between)
  is refused, writes nothing and is recorded;
- every import (and every refused confirmation) is announced with the signal `import_finished`,
  with its facts; the archive app records each as an ImportRecord (archive.receivers).

Exports are core.export_admin's, streamed.
"""

import datetime
import hashlib
import os

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import storages
from django.dispatch import Signal
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from import_export.admin import ImportMixin
from import_export.formats.base_formats import Format
from import_export.forms import ConfirmImportForm, ImportForm
from import_export.resources import Resource
from import_export.results import Result, RowResult
from import_export.tmp_storages import MediaStorage

from .admin import may_change_public
from .imports import DELETED, DONE_LABELS, ERROR, NEW, UNCHANGED, UPDATED, problem_lines
from .spreadsheets.errors import SpreadsheetError
from .spreadsheets.limits import size_error
from .spreadsheets.reading import read_table

PREVIEW_ROWS = 1000
# A file of 200,000 bad rows would otherwise make a preview page of tens of megabytes.
PREVIEW_PROBLEMS = 500


class SpreadsheetFormat(Format):
    """CSV, XLSX or ODS, told apart by content; text encodings likewise."""

    def get_title(self):
        return _("CSV, XLSX or ODS (recognised from the file)")

    def create_dataset(self, in_stream):
        return read_table(in_stream)

    def is_binary(self):
        return True

    def get_read_mode(self):
        return "rb"

    def can_import(self):
        return True

    def can_export(self):
        return False


class PreviewStorage(MediaStorage):
    """An uploaded file between its preview and its confirmation, in the private storage
    STORAGES["import_export"] (never served). Saving a new one first removes the files of
    previews abandoned more than IMPORT_PREVIEW_MAX_AGE seconds ago."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.MEDIA_FOLDER = "previews"

    def _configure_storage(self):
        # The process's own instance, as FileFields use: django-import-export makes a new one
        # for each file, which for object storage is a new client (and connection) each time.
        self._storage = storages["import_export"]

    def save(self, data):
        self.remove_abandoned()
        super().save(data)

    def remove(self):
        if self.name:
            self._storage.delete(self.get_full_path())

    def remove_abandoned(self):
        """Remove the files older than IMPORT_PREVIEW_MAX_AGE; how many were removed."""
        max_age = datetime.timedelta(seconds=getattr(settings, "IMPORT_PREVIEW_MAX_AGE", 3600))
        try:
            _folders, files = self._storage.listdir(self.MEDIA_FOLDER)
        except FileNotFoundError:
            return 0
        cutoff = timezone.now() - max_age
        removed = 0
        for name in files:
            path_ = os.path.join(self.MEDIA_FOLDER, name)
            try:
                if self._storage.get_modified_time(path_) < cutoff:
                    self._storage.delete(path_)
                    removed += 1
            except (FileNotFoundError, NotImplementedError):
                continue
        return removed


class PlanResult(Result):
    """django-import-export's Result carrying one of our Plans (core.imports)."""

    TOTALS = {
        NEW: RowResult.IMPORT_TYPE_NEW,
        UPDATED: RowResult.IMPORT_TYPE_UPDATE,
        UNCHANGED: RowResult.IMPORT_TYPE_SKIP,
        DELETED: RowResult.IMPORT_TYPE_DELETE,
        ERROR: RowResult.IMPORT_TYPE_INVALID,
    }
    CSS = {NEW: "new", UPDATED: "update", UNCHANGED: "skip", DELETED: "delete", ERROR: "error"}

    def __init__(self, plan, column_labels=None):
        super().__init__()
        self.plan = plan
        for status, count in plan.counts().items():
            self.totals[self.TOTALS[status]] = count
        self.total_rows = len(plan.table.rows)
        # In the staff member's language, whatever language the file's header row is in.
        labels = column_labels or {}
        self.diff_headers = [labels.get(key, header) for key, header in plan.columns]
        self.preview_rows = [
            {
                "row": row,
                "css": self.CSS[row.status],
                "cells": [(row.cells.get(key, ""), key in row.changed) for key, _header in plan.columns],
            }
            for row in plan.rows[:PREVIEW_ROWS]
        ]
        self.preview_truncated = max(len(plan.rows) - PREVIEW_ROWS, 0)
        problems = plan.problems
        self.problems_shown = problems[:PREVIEW_PROBLEMS]
        self.problems_truncated = max(len(problems) - PREVIEW_PROBLEMS, 0)
        self.file_name = ""

    def has_errors(self):
        return False

    def has_validation_errors(self):
        return not self.plan.ok


class PlanResource(Resource):
    """A django-import-export resource whose import is one of our importers: the admin's
    import_action and process_import call import_data with the file read by SpreadsheetFormat."""

    display_name = ""
    columns = None  # core.spreadsheets.columns.Columns
    # {column key: its name in the staff member's language}, for the preview's header row.
    column_labels = {}

    def __init__(self, **options):
        super().__init__()
        self.options = options

    @classmethod
    def get_display_name(cls):
        return cls.display_name

    def get_user_visible_fields(self):
        return [_Header(column, self.column_labels.get(column.key)) for column in self.columns]

    def get_importer(self):
        raise NotImplementedError

    def import_data(
        self, dataset, dry_run=False, raise_errors=False, user=None, file_name="", expected=None, **kwargs
    ):
        plan = self.get_importer().run(
            dataset, dry_run=dry_run, user=user, file_name=file_name or "", expected=expected
        )
        return PlanResult(plan, self.column_labels)


DUPLICATE_FIELD = "duplicate-"


def duplicate_choices(data):
    """{PossibleDuplicate.key: choice} from a confirmation form's fields "duplicate-<key>"."""
    return {
        name[len(DUPLICATE_FIELD) :]: value
        for name, value in data.items()
        if name.startswith(DUPLICATE_FIELD) and value
    }


class _Header:
    """A column as the import page lists it: the header to write in the file, its name in the
    staff member's language when that differs, and whether it may be left out."""

    def __init__(self, column, label=None):
        name = column.header
        if label is not None and str(label) != column.header:
            name = f"{name} ({label})"
        self.column_name = name + ("" if column.required else " " + str(_("(optional)")))


class SpreadsheetImportForm(ImportForm):
    """The upload form: a target (a delegation, a summit) and the file, size checked before
    anything is stored."""

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if error := size_error(upload.size):
            raise ValidationError(error)
        return upload


class SpreadsheetConfirmForm(ConfirmImportForm):
    """The confirmation: the stored file, and the digest of the plan the preview showed."""

    plan_digest = forms.CharField(widget=forms.HiddenInput())


class SpreadsheetImportMixin(ImportMixin):
    """django-import-export's ImportMixin for one of our importers. A subclass names:
    `import_permission` ("reports.import_roster"), `import_resource_class` (a PlanResource),
    `import_form_class` / `confirm_form_class` (with a `target_field` and any options),
    `target_admin_url` (where a confirmed import goes back to), `import_help_text`."""

    import_template_name = "admin/ogparchive/import.html"
    import_form_class = SpreadsheetImportForm
    confirm_form_class = SpreadsheetConfirmForm
    import_permission = None
    import_resource_class = None
    import_kind = ""
    target_field = ""
    option_fields = ()
    import_help_text = ""
    # Each import is recorded once (import_finished), not as a LogEntry per row.
    skip_admin_log = True

    def has_import_permission(self, request):
        return request.user.has_perm(self.import_permission)

    def get_import_formats(self):
        return [SpreadsheetFormat]

    def get_tmp_storage_class(self):
        return PreviewStorage

    def get_import_resource_classes(self, request):
        return [self.import_resource_class]

    def get_import_form_initial(self, request):
        return {self.target_field: request.GET.get(self.target_field)}

    def create_import_form(self, request):
        form = super().create_import_form(request)
        form.fields["import_file"].help_text = self.import_help_text
        form.fields["import_file"].label = _("Spreadsheet (CSV, XLSX or ODS)")
        # django-import-export's "Format" is a session's format (形式) in our catalogue.
        form.fields["format"].label = _("File format")
        return form

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            initial[self.target_field] = import_form.cleaned_data[self.target_field].pk
            initial.update({name: import_form.cleaned_data.get(name) for name in self.option_fields})
        return initial

    def get_import_resource_kwargs(self, request, form=None, **kwargs):
        data = getattr(form, "cleaned_data", None) or {}
        if self.target_field not in data:
            return {}
        return {
            "target": data[self.target_field],
            **{name: data.get(name) for name in self.option_fields},
            # Whether the import may change what published material shows (a public person's names).
            "may_change_public": may_change_public(request.user),
            # What staff chose in the preview for each possible duplicate (none in the preview
            # itself). The importer takes a choice only if it is one of that name's candidates.
            "choices": duplicate_choices(request.POST) if isinstance(form, SpreadsheetConfirmForm) else {},
        }

    def get_import_data_kwargs(self, **kwargs):
        form = kwargs.get("form")
        kwargs = super().get_import_data_kwargs(**kwargs)
        if isinstance(form, SpreadsheetConfirmForm):
            kwargs["expected"] = form.cleaned_data["plan_digest"]
        return kwargs

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, SpreadsheetError):
            form.add_error("import_file", str(e.message))
        else:
            super().add_data_read_fail_error_to_form(form, e)

    def import_action(self, request, **kwargs):
        if request.method == "GET" and self.has_import_permission(request):
            self.get_tmp_storage_class()().remove_abandoned()
        response = super().import_action(request, **kwargs)
        context = getattr(response, "context_data", None) or {}
        if context.get("confirm_form") is not None and context.get("result") is not None:
            # What the confirmation must find again before it writes anything.
            context["confirm_form"].initial["plan_digest"] = context["result"].plan.digest()
        # A preview with errors is never confirmed: its file goes now, not in an hour.
        upload = request.FILES.get("import_file")
        stored = getattr(upload, "tmp_storage_name", None)
        if stored and not context.get("confirm_form"):
            self.get_tmp_storage_class()(name=stored).remove()
        return response

    @method_decorator(require_POST)
    def process_import(self, request, **kwargs):
        if not self.has_import_permission(request):
            raise PermissionDenied
        confirm_form = self.create_confirm_form(request)
        if not confirm_form.is_valid():
            return super().process_import(request, **kwargs)
        storage = self.get_tmp_storage_class()(name=confirm_form.cleaned_data["import_file_name"])
        try:
            data = storage.read()
        except (FileNotFoundError, OSError):
            messages.error(
                request,
                _(
                    "The uploaded file is no longer kept (a preview waits at most an hour for its "
                    "confirmation): upload it again."
                ),
            )
            return HttpResponseRedirect(self.import_url(confirm_form.cleaned_data[self.target_field]))
        try:
            table = read_table(data)
            result = self.process_dataset(table, confirm_form, request, **kwargs)
        except SpreadsheetError as error:
            messages.error(request, str(error))
            return HttpResponseRedirect(self.import_url(confirm_form.cleaned_data[self.target_field]))
        finally:
            storage.remove()
        result.file_name = confirm_form.cleaned_data["original_file_name"]
        result.target = confirm_form.cleaned_data[self.target_field]
        return self.process_result(result, request)

    def process_result(self, result, request):
        plan = result.plan
        record_import(
            plan,
            kind=self.import_kind,
            target=result.target,
            user=request.user,
            source="admin",
            file_name=result.file_name,
        )
        if not plan.committed:
            messages.error(
                request,
                _("Nothing was imported: %(problems)s")
                % {"problems": " ".join(problem_lines(plan, limit=10))},
            )
            return HttpResponseRedirect(self.import_url(result.target))
        message = _("Imported “%(file)s” into %(target)s: %(summary)s.") % {
            "file": result.file_name,
            "target": result.target,
            "summary": plan.summary(),
        }
        created = "; ".join(
            f"{DONE_LABELS[key]}: {len(names)}" for key, names in plan.created.items() if names
        )
        messages.success(request, f"{message} {created}".strip())
        return HttpResponseRedirect(self.target_admin_url(result.target))

    def import_url(self, target):
        opts = self.model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_import", current_app=self.admin_site.name)
        return f"{url}?{urlencode({self.target_field: target.pk})}"

    def target_admin_url(self, target):
        opts = target._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[target.pk])


# Sent once for each import that ran or was refused (never for a dry run), outside the import's
# own transaction (a refusal is recorded too), with the facts of the import as keyword arguments:
#   kind ("roster", "programme"), target (the record imported into; also the sender's model),
#   user (the staff account, or None), source ("admin", "command"), file_name, system_account
#   (who ran a command), outcome ("imported", "refused"), file_sha256, file_size, file_format,
#   encoding, rows, rows_new, rows_updated, rows_unchanged, rows_deleted, rows_with_errors,
#   created_records ({what: how many created}), messages (the problems, one a line).
# The framework knows no model of the archive: the archive app's receiver writes the record
# (archive.receivers), in the sender's transaction.
import_finished = Signal()


def _record(*, kind, target, user, source, file_name, system_account="", **fields):
    import_finished.send(
        sender=type(target),
        kind=kind,
        target=target,
        user=user if getattr(user, "pk", None) else None,
        source=source,
        file_name=str(file_name),
        system_account=system_account,
        **fields,
    )


def record_import(plan, **who):
    """Announce a committed or refused import (import_finished; outside its transaction, so a
    refusal is recorded too). `who`: kind, target, user, source, file_name, system_account."""
    counts = plan.counts()
    table = plan.table
    _record(
        outcome="imported" if plan.committed else "refused",
        file_sha256=table.sha256,
        file_size=table.size,
        file_format=table.format,
        encoding=table.encoding,
        rows=len(table.rows),
        rows_new=counts[NEW],
        rows_updated=counts[UPDATED],
        rows_unchanged=counts[UNCHANGED],
        rows_deleted=counts[DELETED],
        rows_with_errors=counts[ERROR],
        created_records={key: len(names) for key, names in plan.created.items()} if plan.committed else {},
        messages="\n".join(problem_lines(plan, limit=200)),
        **who,
    )


def record_unreadable_file(data, error, **who):
    """Announce a file refused before it could be read (no spreadsheet, too large; import_finished);
    `data` is its bytes, or the file opened for reading (one too large to hold in memory)."""
    if isinstance(data, bytes):
        sha256, size = hashlib.sha256(data), len(data)
    else:
        sha256 = hashlib.file_digest(data, "sha256")
        size = data.tell()
    _record(
        outcome="refused",
        file_sha256=sha256.hexdigest(),
        file_size=size,
        file_format="",
        messages=str(error),
        **who,
    )


def hidden_target_field(queryset):
    return forms.ModelChoiceField(queryset=queryset, widget=forms.HiddenInput())
