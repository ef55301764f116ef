"""Duplicates in the admin: the person and organisation add forms warn of likely duplicates
before saving, and reviewers get the list of possible duplicates (archive.duplicates).

`PersonDuplicateCheck` / `OrganizationDuplicateCheck` are mixins for the people app's model
admins (people cannot know the reports and events this needs); archive.people_admin
composes them."""

import re

from django import forms
from django.contrib import messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from core.admin import may_change_public

from .duplicates import candidates_for_names, evidence_of, ordered, reason_labels, refresh_for
from .models import DuplicateKind, NotDuplicate, PossibleDuplicate

CONFIRM_FIELD = "not_a_duplicate"
PAIRS_PER_PAGE = 25


class DuplicateCheck:
    """An add form that, when the new record's names (main fields and inline other names) are
    probably an existing record's, is shown again with those records and their evidence, and
    saves only once "this is a different …" is ticked. A change form, or a name with no
    candidate, is as before."""

    duplicate_kind = None
    confirm_label = None
    duplicate_message = None
    add_form_template = "admin/ogparchive/add_form_duplicates.html"
    change_list_template = "admin/ogparchive/change_list_duplicates.html"

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is not None or change:
            return form
        confirm_label, message = self.confirm_label, self.duplicate_message
        candidates = self.duplicate_candidates(request) if request.method == "POST" else []
        request.duplicate_candidates = candidates

        class DuplicateCheckForm(form):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                if candidates:
                    self.fields[CONFIRM_FIELD] = forms.BooleanField(label=confirm_label, required=False)

            def clean(self):
                cleaned_data = super().clean()
                if candidates and not cleaned_data.get(CONFIRM_FIELD):
                    raise ValidationError(message, code="possible_duplicate")
                return cleaned_data

        return DuplicateCheckForm

    def duplicate_candidates(self, request):
        """[(Evidence, reason labels)] of the existing records the posted names would pair
        with: read from the request, since the names of the inline rows are in formsets the
        form does not see."""
        main = [request.POST.get("name_zh", ""), request.POST.get("name_en", "")]
        prefix = "other_names"  # the inline formset's prefix: the records' related name
        pattern = re.compile(rf"^{re.escape(prefix)}-(\d+)-name$")
        others = [
            value
            for field, value in request.POST.items()
            if (match := pattern.match(field)) and not request.POST.get(f"{prefix}-{match.group(1)}-DELETE")
        ]
        found = candidates_for_names(self.duplicate_kind, (main, others))
        evidence = evidence_of(self.duplicate_kind, [pk for pk, _reasons in found])
        return [(evidence[pk], reason_labels(reasons)) for pk, reasons in found if pk in evidence]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if add:
            context["duplicate_candidates"] = getattr(request, "duplicate_candidates", [])
            form = context["adminform"].form
            context["duplicate_confirm"] = form[CONFIRM_FIELD] if CONFIRM_FIELD in form.fields else None
        return super().render_change_form(
            request, context, add=add, change=change, form_url=form_url, obj=obj
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The keys are current once the other names are saved: the pairs of this record again.
        refresh_for(self.duplicate_kind, [form.instance.pk])

    # -- the reviewers' list ----------------------------------------------------------------------

    def changelist_view(self, request, extra_context=None):
        if may_change_public(request.user):
            opts = self.model._meta
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_possible_duplicates")
            extra_context = {**(extra_context or {}), "possible_duplicates_url": url}
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}"
        return [
            path(
                "possible-duplicates/",
                self.admin_site.admin_view(self.possible_duplicates_view),
                name=f"{name}_possible_duplicates",
            ),
            path(
                "possible-duplicates/not-the-same/",
                self.admin_site.admin_view(require_POST(self.not_the_same_view)),
                name=f"{name}_not_the_same",
            ),
            *super().get_urls(),
        ]

    def check_reviewer(self, request):
        if not may_change_public(request.user):
            raise PermissionDenied

    def possible_duplicates_view(self, request):
        """The pairs of this kind, strongest evidence first, side by side with their evidence,
        each with "merge" and "not the same"."""
        self.check_reviewer(request)
        kind = self.duplicate_kind
        pairs = PossibleDuplicate.objects.filter(kind=kind).order_by("-score", "first", "second")
        page = Paginator(pairs, PAIRS_PER_PAGE).get_page(request.GET.get("page"))
        rows = list(page.object_list)
        evidence = evidence_of(kind, {pk for pair in rows for pk in (pair.first, pair.second)})
        opts = self.model._meta
        shown = [
            {
                "pair": pair,
                "reasons": reason_labels(pair.reasons),
                "same_name_other_agencies": "different-agencies" in pair.reasons,
                "sides": (evidence[pair.first], evidence[pair.second]),
            }
            for pair in rows
            # A record deleted or merged since the last computation: its pair is gone.
            if pair.first in evidence and pair.second in evidence
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": _("Possible duplicates"),
            "opts": opts,
            "kind": kind,
            "tabs": [
                (
                    _("People"),
                    reverse("admin:people_person_possible_duplicates"),
                    kind == DuplicateKind.PERSON,
                ),
                (
                    _("Organisations"),
                    reverse("admin:people_organization_possible_duplicates"),
                    kind == DuplicateKind.ORGANIZATION,
                ),
            ],
            "rows": shown,
            "page": page,
            "merge_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
            "not_the_same_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_not_the_same"),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/ogparchive/possible_duplicates.html", context)

    def not_the_same_view(self, request):
        """A reviewer's "not the same": remembered, so the pair is never listed again."""
        self.check_reviewer(request)
        try:
            first, second = ordered(int(request.POST["first"]), int(request.POST["second"]))
        except (KeyError, ValueError) as error:
            raise PermissionDenied from error
        if first == second:
            raise PermissionDenied
        kind = self.duplicate_kind
        NotDuplicate.objects.get_or_create(
            kind=kind, first=first, second=second, defaults={"decided_by": request.user}
        )
        PossibleDuplicate.objects.filter(kind=kind, first=first, second=second).delete()
        messages.success(request, _("The pair is marked as not the same and will not be listed again."))
        opts = self.model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_possible_duplicates")
        page = request.POST.get("page", "")
        return HttpResponseRedirect(f"{url}?page={int(page)}" if page.isdigit() else url)


class PersonDuplicateCheck(DuplicateCheck):
    duplicate_kind = DuplicateKind.PERSON
    confirm_label = _("This is a different person: save it anyway")
    duplicate_message = _(
        "The archive probably already has this person (see below). Open the existing record "
        "instead, or tick “This is a different person” to save a new one."
    )


class OrganizationDuplicateCheck(DuplicateCheck):
    duplicate_kind = DuplicateKind.ORGANIZATION
    confirm_label = _("This is a different organisation: save it anyway")
    duplicate_message = _(
        "The archive probably already has this organisation (see below). Open the existing record "
        "instead, or tick “This is a different organisation” to save a new one."
    )
