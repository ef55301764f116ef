"""The one base class of the public list pages: a django-filter FilterView whose filters and
sorting live in the URL, paginated, that also hands out exactly its filtered rows as a
download (?download=csv or ?download=json; a list may offer more kinds, such as Popolo); and
Shortlist, the first rows of a list a detail page shows."""

import dataclasses

from django.utils.text import slugify
from django.utils.translation import get_language
from django_filters.views import FilterView

from .countries import country_name
from .downloads import csv_download, json_download
from .page_cache import PublicPage, not_kept
from .pagination import paginate
from .publication_version import cached

PAGE_SIZE = 25
# A search longer than this is refused with a form error (every term becomes a condition).
QUERY_MAX_LENGTH = 200
CHUNK_SIZE = 500


class ArchiveListView(PublicPage, FilterView):
    paginate_by = PAGE_SIZE
    # Invalid filter values are shown as form errors; the list ignores them.
    strict = False
    download_name = "download"
    download_columns = []

    @classmethod
    def cached_parameters(cls):
        """The filters, the page's cursor and the download asked for (core.page_cache)."""
        return frozenset(cls.filterset_class.base_filters) | {"after", "before", "download"}

    def get(self, request, *args, **kwargs):
        kind = request.GET.get("download")
        if kind in self.download_kinds():
            filterset = self.get_filterset(self.get_filterset_class())
            return self.download(kind, filterset.qs)
        if kind:  # an unknown download: the page is shown instead
            not_kept(request)
        return super().get(request, *args, **kwargs)

    def paginate_queryset(self, queryset, page_size):
        page = paginate(
            queryset, page_size, after=self.request.GET.get("after"), before=self.request.GET.get("before")
        )
        if page.cursor_ignored:
            not_kept(self.request)
        return (None, page, page.object_list, page.has_other_pages())

    def download_kinds(self):
        return {"csv", "json"}

    def download(self, kind, objects):
        filename = f"{slugify(self.download_name)}.{kind}"
        make = csv_download if kind == "csv" else json_download
        return make(filename, self.get_download_columns(), objects.iterator(chunk_size=CHUNK_SIZE))

    def get_download_columns(self):
        return self.download_columns

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["filter"].form
        if form.errors:  # shown beside the filters, which the list ignores
            not_kept(self.request)
        context["filters_active"] = form.is_bound and any(
            value not in (None, "", [])
            for name, value in form.data.items()
            if name in form.fields and name != "sort"
        )
        context["extra_downloads"] = self.extra_downloads()
        return context

    def extra_downloads(self):
        """(label, link) pairs of further download formats of this list."""
        return []

    def download_link(self, kind):
        """This list's own query string, filters kept, asking for a download of `kind`."""
        params = self.request.GET.copy()
        for name in ("after", "before"):
            params.pop(name, None)
        params["download"] = kind
        return f"?{params.urlencode()}"

    def page_url(self, record):
        return self.request.build_absolute_uri(record.get_absolute_url())


# The filter forms offer the values the public data holds (years, countries, agencies…);
# finding them reads whole tables, and they change only when public data is written. They are
# kept under the publication version, so such a write shows at once in every process; the time
# limit only frees the answers of past versions.
CHOICES_SECONDS = 60 * 60


def cached_choices(name, compute):
    """The result of `compute()` (a list), kept under `name` until public data changes."""
    return cached(f"filter-choices:{name}", lambda: list(compute()), CHOICES_SECONDS)


def cached_record_choices(name, queryset, field="name"):
    """(slug, name) choices of `queryset`'s records, named in the reader's language (as the
    `localised` filter names them), kept like cached_choices: a filter offering a thousand
    organisations then costs no query and no model instance per request."""
    chinese_first = get_language() != "en"

    def compute():
        rows = queryset().values_list("slug", f"{field}_zh", f"{field}_en")
        return [(slug, (zh or en) if chinese_first else (en or zh)) for slug, zh, en in rows]

    return cached_choices(f"{name}:{get_language()}", compute)


def cached_country_choices(name, codes):
    """(code, country name) choices of the country codes in the values_list `codes()`: the
    codes kept like cached_choices, named in the reader's language and sorted by name."""
    kept = cached_choices(name, lambda: codes().order_by("country").distinct())
    return sorted(((code, country_name(code)) for code in kept), key=lambda choice: choice[1])


@dataclasses.dataclass(frozen=True)
class Shortlist:
    """The first rows of a queryset, and whether there are more."""

    LENGTH = 50

    rows: list
    more: bool

    @classmethod
    def of(cls, queryset):
        rows = list(queryset[: cls.LENGTH + 1])
        return cls(rows[: cls.LENGTH], len(rows) > cls.LENGTH)

    def __bool__(self):
        return bool(self.rows)

    def __iter__(self):
        return iter(self.rows)
