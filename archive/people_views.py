"""The people and organisation lists and pages, which show what the reports and the events
say of them (roster rows, session roles, reports), and their Popolo downloads. Routed in the
namespace `people` (archive.urls.people_patterns)."""

from django.db.models import Prefetch
from django.http import Http404, HttpResponsePermanentRedirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView

from core.downloads import Column, json_response
from core.listing import ArchiveListView
from core.page_cache import PublicPage
from people.filters import OrganizationFilter
from people.models import Organization, Person
from reports.models import DelegationMember

from .filters import PersonFilter
from .merging import merged_into
from .popolo import popolo_document
from .records import organization_record, person_timeline


class PopoloListView(ArchiveListView):
    """A list of people or organisations that also downloads as a Popolo document."""

    def download_kinds(self):
        return {*super().download_kinds(), "popolo"}

    def extra_downloads(self):
        return [(_("Popolo JSON"), self.download_link("popolo"))]

    def download(self, kind, objects):
        if kind != "popolo":
            return super().download(kind, objects)
        members = DelegationMember.objects.public()
        document = popolo_document(**self.popolo_parts(objects, members), url_for=self.page_url)
        return json_response(f"{self.download_name}-popolo.json", document)


class PersonListView(PopoloListView):
    filterset_class = PersonFilter
    template_name = "people/person_list.html"
    download_name = "people"

    def get_queryset(self):
        return (
            Person.objects.public()
            .prefetch_related(
                "other_names",
                Prefetch(
                    "memberships",
                    DelegationMember.objects.public()
                    .select_related("delegation", "organization")
                    .order_by("-delegation__departure_date"),
                    to_attr="public_memberships",
                ),
            )
            .order_by("name_zh", "name_en")
        )

    def get_download_columns(self):
        return [
            Column("id", _("slug"), "slug"),
            Column("name_zh", _("Chinese name")),
            Column("name_en", _("English or romanised name")),
            Column(
                "other_names",
                _("other names"),
                lambda person: " | ".join(name.name for name in person.other_names.all()),
            ),
            Column("url", _("page"), self.page_url),
        ]

    def popolo_parts(self, people, members):
        """The people listed, their roster rows, and the organisations of those rows."""
        members = members.filter(person__in=people.values("pk"), organization__isnull=False)
        return {
            "persons": people,
            "members": members,
            "organizations": Organization.objects.public().filter(pk__in=members.values("organization")),
        }


class MergedRecordRedirectMixin:
    """A merged record's old address answers 301 with its survivor's page, in the language of
    the request (archive.merging keeps the addresses); only a survivor the public sees."""

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            survivor = merged_into(self.model, kwargs["slug"])
            if survivor is None or not self.get_queryset().filter(pk=survivor.pk).exists():
                raise
            return HttpResponsePermanentRedirect(survivor.get_absolute_url())


class PersonDetailView(MergedRecordRedirectMixin, PublicPage, DetailView):
    model = Person
    template_name = "people/person_detail.html"
    context_object_name = "person"

    def get_queryset(self):
        return Person.objects.public().prefetch_related("other_names")

    def get_context_data(self, **kwargs):
        return super().get_context_data(timeline=person_timeline(self.object), **kwargs)


class OrganizationListView(PopoloListView):
    filterset_class = OrganizationFilter
    template_name = "people/organization_list.html"
    download_name = "organisations"

    def get_download_columns(self):
        return [
            Column("id", _("slug"), "slug"),
            Column("name_zh", _("Chinese name")),
            Column("name_en", _("English name")),
            Column(
                "other_names",
                _("other names"),
                lambda org: " | ".join(name.name for name in org.other_names.all()),
            ),
            Column("kind", _("kind"), "get_kind_display"),
            Column("country", _("country")),
            Column("parent", _("parent organisation"), "public_parent.slug"),
            Column("url", _("page"), self.page_url),
        ]

    def popolo_parts(self, organizations, members):
        """The organisations listed, the roster rows in them, and the people of those rows."""
        members = members.filter(organization__in=organizations.values("pk"))
        return {
            "organizations": organizations,
            "members": members,
            "persons": Person.objects.public().filter(pk__in=members.values("person")),
        }

    def get_queryset(self):
        return (
            Organization.objects.public()
            .select_related("parent")
            .prefetch_related("other_names")
            .order_by("name_zh", "name_en")
        )


class OrganizationDetailView(MergedRecordRedirectMixin, PublicPage, DetailView):
    model = Organization
    template_name = "people/organization_detail.html"
    context_object_name = "organization"

    def get_queryset(self):
        return Organization.objects.public().select_related("parent").prefetch_related("other_names")

    def get_context_data(self, **kwargs):
        return super().get_context_data(record=organization_record(self.object), **kwargs)
