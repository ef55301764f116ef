"""`manage.py ingest_report FILE --dry-run [--json]`: read a 出國報告 (PDF or text) and show
what was read, field by field with the page it is on, or as JSON (ReadReport.as_dict()). A file
that cannot be read, or is not a 出國報告, ends the command with exit status 1 and the message
staff get in the admin. With -v 2 the pages read are counted on standard error.

Without --dry-run the report is saved as a draft (archive.report_drafts.save_draft) as read,
with the PDF attached: its roster's people matched as the roster import matches them. A name
that probably names a person already in the archive stops the command (exit status 1, nothing
saved) and is listed with its candidates, unless --possible-duplicates says best or new; staff
who want to correct fields or choose row by row use "Start from a PDF" in the admin.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from archive.report_drafts import (
    DRAFT_PERMISSIONS,
    DraftRefused,
    DraftValues,
    Upload,
    check_roster,
    save_draft,
)
from archive.report_reading import UnreadableReport, read_report
from archive.report_reading.dates import PartialDate
from archive.report_reading.lines import width
from archive.report_reading.report import FIELD_LABELS, Found
from core.import_commands import LanguageOption, Progress, staff_account
from core.imports import ASK, POLICIES, duplicate_lines
from reports.models import ReportCategory

# The header fields in the order they are shown.
HEADER_FIELDS = (
    "title",
    "title_en",
    "category",
    "category_detail",
    "agency",
    "destination",
    "countries",
    "departure_date",
    "return_date",
    "report_date",
    "system_id",
    "pages",
    "pages_note",
    "organiser",
    "contact_person",
    "contact_phone",
    "contact_email",
    "classification",
    "keywords",
    "abstract",
)
LABEL_WIDTH = 18


class LineProgress:
    """Pages read, as a line every `every` pages, where standard error is not a terminal."""

    def __init__(self, out, every=10):
        self.out = out
        self.every = every

    def __call__(self, stage, done, total):
        if done == total or done % self.every == 0:
            self.out.write(f"{stage}: {done}/{total}")

    def done(self):
        pass


class Command(LanguageOption, BaseCommand):
    help = (
        "Read a 出國報告 (trip report) from its PDF or plain text and show what was read: the header "
        "fields with their pages, the sections, recommendations and roster. --dry-run saves nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the report's PDF, or its text (UTF-8 or Big5)")
        parser.add_argument("--dry-run", action="store_true", help="show what was read; save nothing")
        parser.add_argument("--json", action="store_true", help="print what was read as JSON")
        parser.add_argument(
            "--possible-duplicates",
            choices=POLICIES,
            default=ASK,
            help=(
                "a roster name that probably names a person already in the archive: ask (default: "
                "list them and save nothing), best (the strongest candidate) or new (a new person)"
            ),
        )
        parser.add_argument(
            "--user",
            help="the staff account the draft is recorded for (it needs the permission to add reports)",
        )
        self.add_language_argument(parser)

    def handle(self, *args, file, dry_run, json, verbosity, **options):
        self.activate_language(options)
        report = self.read(file, verbosity)
        if json:
            self.show_json(report)
        else:
            self.show(report, file)
        if not dry_run:
            self.save_draft(report, file, options["possible_duplicates"], self.get_user(options["user"]))

    def read(self, path, verbosity):
        progress = None
        if verbosity >= 2:
            progress = Progress(self.stderr) if self.stderr.isatty() else LineProgress(self.stderr)
        try:
            report = read_report(path, progress)
        except UnreadableReport as error:
            raise CommandError(f"{path.name}: {error}") from None
        except OSError as error:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s") % {"file": path, "error": error.strerror}
            ) from None
        finally:
            if progress:
                progress.done()
        return report

    def get_user(self, username):
        return staff_account(
            username,
            DRAFT_PERMISSIONS,
            _("%(name)s may not start a report: the account lacks the permissions to add reports."),
        )

    def save_draft(self, report, path, policy, user):
        """Save `report` as read, as a draft with the file at `path` attached."""
        values = DraftValues.from_read(report)
        if policy == ASK:
            plan = check_roster(values)
            if plan.duplicates:
                self.stdout.write(
                    _("%(file)s: %(count)s name(s) probably name people already in the archive:")
                    % {"file": path.name, "count": len(plan.duplicates)}
                )
                for line in duplicate_lines(plan):
                    self.stdout.write(line)
                raise CommandError(
                    _(
                        "Nothing was saved. Check them, then run again with --possible-duplicates "
                        "best or new, or start the report from its PDF in the admin to choose row by row."
                    )
                )
        data = path.read_bytes()
        try:
            draft = save_draft(
                values,
                user=user,
                upload=Upload(path.name, data, data.startswith(b"%PDF-")),
                policy=policy,
                may_change_public=user is None or user.has_perm("reports.publish_report"),
            )
        except DraftRefused as refusal:
            for problem in refusal.problems:
                self.stderr.write(f"{path.name}: {problem}")
            raise CommandError(_("%(file)s: nothing was saved.") % {"file": path.name}) from None
        self.stdout.write(
            self.style.SUCCESS(
                _("Saved as a draft: %(title)s (%(url)s)")
                % {"title": draft.title, "url": reverse("admin:reports_report_change", args=[draft.pk])}
            )
        )

    def show_json(self, report):
        self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))

    def show(self, report, path):
        write = self.stdout.write
        write(f"{path.name}")
        for name in HEADER_FIELDS:
            self.field(name, getattr(report, name))
        self.list_heading("authors", report.authors)
        for found in report.authors:
            write(self.line(f"  {found.value.name} · {found.value.title}", found.page))
        self.list_heading("travellers", report.travellers)
        for row in report.travellers:
            write(self.line(f"  {self.roster_line(row)}", row.page))
        self.list_heading("sections", report.sections)
        for section in report.sections:
            separator = "、" if section.level <= 2 and section.number else " "
            text = f"{'  ' * section.level}{section.number}{separator}{section.heading}".rstrip()
            count = _("%(count)s characters") % {"count": f"{len(section.body):,}"}
            write(self.line(f"{text} ({count})", section.page))
        for name in ("recommendations", "follow_up_items"):
            items = getattr(report, name)
            self.list_heading(name, items)
            for item in items:
                write(self.line(f"  {item.number} {item.text}".replace("\n\n", " "), item.page))
        self.list_heading("roster", report.roster)
        for row in report.roster:
            write(self.line(f"  {self.roster_line(row)}", row.page))
        labels = [str(FIELD_LABELS[name]) for name in report.missing]
        separator = pgettext("between the items of a list", ", ")
        write(_("Missing: %(fields)s") % {"fields": separator.join(labels) if labels else "—"})
        for warning in report.warnings:
            write(self.style.WARNING(_("Check: %(warning)s") % {"warning": warning}))

    def field(self, name, found):
        # Padded to a column by display width: a Chinese label's characters are two wide.
        label = str(FIELD_LABELS[name])
        label = label + " " * max(LABEL_WIDTH - width(label), 1)
        if found is None or found == []:
            self.stdout.write(f"{label}—")
            return
        if isinstance(found, list):  # countries: one Found each
            text = "、".join(f"{each.value} ({each.printed})" for each in found)
            self.stdout.write(self.line(f"{label}{text}", found[0].page))
            return
        text = shown(found)
        if name == "category":  # the code's name in the staff's language
            text = str(ReportCategory(found.value).label)
        if "\n" in text:  # the abstract: its paragraphs under the label
            self.stdout.write(self.line(label.rstrip(), found.page))
            for paragraph in text.split("\n\n"):
                self.stdout.write(f"  {paragraph}")
            return
        if found.private:
            text = _("%(value)s (private)") % {"value": text}
        if found.printed and found.printed != shown(found) and "\n" not in found.printed:
            text = f"{text} «{found.printed}»"
        self.stdout.write(self.line(f"{label}{text}", found.page))

    def list_heading(self, name, items):
        self.stdout.write(f"{FIELD_LABELS[name]} ({len(items)})")

    @staticmethod
    def roster_line(row):
        parts = [row.name, row.agency, row.unit, row.title, row.grade]
        text = f"{row.order}. " + " · ".join(part for part in parts if part)
        if row.phone:
            text += " · " + _("%(value)s (private)") % {"value": row.phone}
        return text

    @staticmethod
    def line(text, page):
        if page is None:
            return text
        where = _("p. %(page)s") % {"page": page}
        return f"{text}  [{where}]"


def shown(found):
    """A Found's value as text: a date in ISO form, a list joined with 、."""
    value = found.value
    if isinstance(value, PartialDate):
        return value.isoformat()
    if isinstance(value, list):
        return "、".join(str(item) for item in value)
    if isinstance(value, Found):
        return shown(value)
    return str(value)
