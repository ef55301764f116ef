"""The reviewed merge in the admin: the action "Merge selected" on the people and organisation
lists leads to a page showing the selected records side by side, where a reviewer picks the
record kept and the value of each field; the merge (archive.merging) is then listed in the
survivor's History, and undone from there or from the merge's own page.

`MergeableAdmin` is a mixin for the people app's admins of Person and Organization, which
archive.people_admin composes (people may not import archive: the layers). Only a user with
archive.merge_records (the reviewers' group, migration archive 0003) sees the action or may open
its pages."""

from django import forms
from django.apps import apps
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.admin import ArchiveModelAdmin
from events.models import SessionRole
from people.models import Organization, Person
from reports.models import Delegation, DelegationMember, Report, ReportAuthor, SourceNote

from .merging import CHOSEN_FIELDS, KINDS, MODELS, MergeRefused, merge_records, undo_merge, undo_problems
from .models import Merge

MERGE_PERMISSION = "archive.merge_records"


def may_merge(user):
    return user.has_perm(MERGE_PERMISSION)


def refused(request, admin_site, back_url):
    """403 with why: merging is a reviewer's decision."""
    context = {
        **admin_site.each_context(request),
        "title": _("Only a reviewer can merge records"),
        "message": _(
            "Merging people or organisations changes what published material shows, so it needs "
            "the permission to merge (the reviewers' group has it). Ask a reviewer."
        ),
        "change_url": back_url,
    }
    return TemplateResponse(request, "admin/ogparchive/locked.html", context, status=403)


class MergeForm(forms.Form):
    """The record kept, and for each field the record whose value the kept record takes."""

    def __init__(self, records, fields, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(str(record.pk), str(record)) for record in records]
        self.records = {str(record.pk): record for record in records}
        self.fields["survivor"] = forms.ChoiceField(
            label=_("record kept"), choices=choices, widget=forms.RadioSelect, initial=choices[0][0]
        )
        for name in fields:
            filled = [pk for pk, record in self.records.items() if getattr(record, name)]
            self.fields[name] = forms.ChoiceField(
                label=records[0]._meta.get_field(name).verbose_name,
                choices=choices,
                widget=forms.RadioSelect,
                initial=(filled or [choices[0][0]])[0],
            )

    def survivor(self):
        return self.records[self.cleaned_data["survivor"]]

    def values(self):
        return {name: self.records[pk] for name, pk in self.cleaned_data.items() if name != "survivor"}


def shown(record, name):
    """A field's value as the page shows it (a kind by its label, a parent by its name)."""
    field = record._meta.get_field(name)
    if field.choices:
        return getattr(record, f"get_{name}_display")()
    return getattr(record, name) or ""


def person_facts(person):
    """What the merge page shows of a person beside the others."""
    roster = DelegationMember.objects.filter(person=person).select_related(
        "delegation__organising_agency", "organization"
    )
    roles = SessionRole.objects.filter(person=person).select_related("event")
    authors = ReportAuthor.objects.filter(person=person).select_related("report")
    return [
        (
            _("roster rows"),
            [_roster_row(row, row.organization or row.delegation.organising_agency) for row in roster],
        ),
        (_("session roles"), [f"{role.event} · {role.get_role_display()}" for role in roles]),
        (_("reports written"), [str(author.report) for author in authors]),
        (_("contact of"), [str(d) for d in Delegation.objects.filter(contact_person=person)]),
    ]


def organization_facts(organization):
    """What the merge page shows of an organisation beside the others."""
    roster = DelegationMember.objects.filter(organization=organization).select_related("delegation", "person")
    roles = SessionRole.objects.filter(organization=organization).select_related("event", "person")
    return [
        (_("units"), [str(unit) for unit in organization.units.all()]),
        (_("roster rows"), [_roster_row(row, row.person) for row in roster]),
        (
            _("session roles"),
            [f"{role.event} · {role.get_role_display()} · {role.person or ''}" for role in roles],
        ),
        (_("reports (agency)"), [str(report) for report in Report.objects.filter(agency=organization)]),
        (
            _("delegations organised"),
            [str(d) for d in Delegation.objects.filter(organising_agency=organization)],
        ),
    ]


def _roster_row(row, who):
    year = row.delegation.departure_date.year
    return " · ".join(str(part) for part in (row.delegation, year, who or "", row.title) if part)


FACTS = {Person: person_facts, Organization: organization_facts}


def side_by_side(records):
    """[(label, [what each record has])] of the facts the reviewer compares."""
    content_type = ContentType.objects.get_for_model(type(records[0]))
    rows = [
        (_("slug"), [[record.slug] for record in records]),
        (_("public"), [[_("yes") if record.is_public else _("no")] for record in records]),
        (_("other names"), [[str(name) for name in record.other_names.all()] for record in records]),
    ]
    facts = [FACTS[type(record)](record) for record in records]
    for index, (label, _values) in enumerate(facts[0]):
        rows.append((label, [record_facts[index][1] for record_facts in facts]))
    notes = [
        [str(note) for note in SourceNote.objects.filter(content_type=content_type, object_id=record.pk)]
        for record in records
    ]
    rows.append((_("source and correction notes"), notes))
    return rows


class MergeableAdmin:
    """The action and the pages of the merge, for the admin of people or of organisations."""

    object_history_template = "admin/archive/history_with_merges.html"
    actions = ["merge_selected"]

    def has_merge_permission(self, request):
        return may_merge(request.user)

    @admin.action(description=gettext_lazy("Merge selected"), permissions=["merge"])
    def merge_selected(self, request, queryset):
        ids = ",".join(str(pk) for pk in queryset.order_by("pk").values_list("pk", flat=True))
        return HttpResponseRedirect(f"{self.merge_url()}?ids={ids}")

    def merge_url(self):
        opts = self.model._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_merge", current_app=self.admin_site.name)

    def changelist_url(self):
        opts = self.model._meta
        return reverse(
            f"admin:{opts.app_label}_{opts.model_name}_changelist", current_app=self.admin_site.name
        )

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "merge/",
                self.admin_site.admin_view(self.merge_view),
                name=f"{opts.app_label}_{opts.model_name}_merge",
            ),
            *super().get_urls(),
        ]

    def merge_view(self, request):
        if not may_merge(request.user):
            return refused(request, self.admin_site, self.changelist_url())
        ids = [pk for pk in request.GET.get("ids", "").split(",") if pk.isdigit()]
        records = list(self.model._default_manager.filter(pk__in=ids).order_by("pk"))
        if len(records) < 2:
            messages.warning(request, _("Select at least two records to merge."))
            return HttpResponseRedirect(self.changelist_url())
        fields = CHOSEN_FIELDS[self.model]
        form = MergeForm(records, fields, request.POST or None)
        if request.method == "POST" and form.is_valid():
            survivor = form.survivor()
            merged = [record for record in records if record.pk != survivor.pk]
            try:
                merge_records(survivor, merged, form.values(), request.user)
            except MergeRefused as refusal:
                for problem in refusal.problems:
                    messages.error(request, problem)
            else:
                messages.success(request, self.merged_message(survivor, merged))
                opts = self.model._meta
                return HttpResponseRedirect(
                    reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[survivor.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Merge %(records)s") % {"records": self.model._meta.verbose_name_plural},
            "records": records,
            "form": form,
            "choices": [
                (
                    form[name],
                    [
                        (shown(record, name), widget)
                        for record, widget in zip(records, form[name], strict=True)
                    ],
                )
                for name in fields
            ],
            "survivor_choices": list(zip(records, form["survivor"], strict=True)),
            "facts": side_by_side(records),
            "changelist_url": self.changelist_url(),
        }
        return TemplateResponse(request, "admin/archive/merge.html", context)

    def merged_message(self, survivor, merged):
        return format_html(
            _(
                "Merged {merged} into {survivor}. Its history lists the merge, which can be undone "
                "from there."
            ),
            merged=" · ".join(str(record) for record in merged),
            survivor=format_html(
                '<a href="{}">{}</a>',
                reverse(
                    f"admin:{survivor._meta.app_label}_{survivor._meta.model_name}_change", args=[survivor.pk]
                ),
                survivor,
            ),
        )

    def history_view(self, request, object_id, extra_context=None):
        merges = Merge.objects.filter(kind=KINDS[self.model], survivor_id=unquote(object_id))
        extra_context = {**(extra_context or {}), "merges": merges, "may_merge": may_merge(request.user)}
        return super().history_view(request, object_id, extra_context)


@admin.register(Merge)
class MergeAdmin(ArchiveModelAdmin):
    """The merges done: read only, each undone from its page (or the survivor's History)."""

    list_display = ["created_at", "kind", "merged_names", "survivor_name", "user", "undone_at"]
    list_filter = ["kind"]
    list_select_related = ["user"]
    search_fields = ["merged_names", "survivor_name"]
    fields = [
        "kind",
        "survivor",
        "merged_names",
        "user",
        "created_at",
        "moved",
        "undone_at",
        "undone_by",
        "undo",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("survivor"))
    def survivor(self, merge):
        model = MODELS[merge.kind]
        if not model._default_manager.filter(pk=merge.survivor_id).exists():
            return merge.survivor_name
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[merge.survivor_id])
        return format_html('<a href="{}">{}</a>', url, merge.survivor_name)

    @admin.display(description=gettext_lazy("rows moved to the survivor"))
    def moved(self, merge):
        counts = []
        for moved in merge.snapshot.get("moved", []):
            related = apps.get_model(moved["model"])
            count = sum(len(rows) for rows in moved["rows"].values())
            counts.append(f"{related._meta.verbose_name_plural}: {count}")
        return " · ".join(counts)

    @admin.display(description=gettext_lazy("undo"))
    def undo(self, merge):
        if merge.undone_at is not None:
            return _("undone")
        url = reverse("admin:archive_merge_undo", args=[merge.pk])
        return format_html('<a class="button" href="{}">{}</a>', url, _("Undo this merge"))

    def get_urls(self):
        return [
            path(
                "<int:merge_id>/undo/", self.admin_site.admin_view(self.undo_view), name="archive_merge_undo"
            ),
            *super().get_urls(),
        ]

    def undo_view(self, request, merge_id):
        merge = Merge.objects.filter(pk=merge_id).first()
        back = reverse("admin:archive_merge_changelist")
        if not may_merge(request.user):
            return refused(request, self.admin_site, back)
        if merge is None:
            return HttpResponseRedirect(back)
        problems = undo_problems(merge)
        if request.method == "POST" and not problems:
            try:
                undo_merge(merge, request.user)
            except MergeRefused as refusal:  # changed between the page and the click
                problems = refusal.problems
            else:
                messages.success(
                    request,
                    _("Undid the merge: %(merged)s are back, with their rows and addresses.")
                    % {"merged": merge.merged_names},
                )
                return HttpResponseRedirect(reverse("admin:archive_merge_change", args=[merge.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": Merge._meta,
            "title": _("Undo the merge"),
            "merge": merge,
            "problems": problems,
            "back_url": reverse("admin:archive_merge_change", args=[merge.pk]),
        }
        return TemplateResponse(
            request,
            "admin/archive/undo_merge.html",
            context,
            status=409 if problems and request.method == "POST" else 200,
        )
