"""No address a visitor can type gives a server error.

Every public page of the URLconf (everything but the staff admin), in both languages, is asked
for with generated query parameters: the names the pages read, with hostile values (huge and
negative numbers, Infinity, NaN, 1e400, NUL bytes, unicode, very long text, repeated keys,
cursors holding hostile JSON) and names of no meaning. No response may be a 5xx, and no
exception may escape a view (the test client raises it). The pages are found from the URLconf
and their parameters from the links the site itself prints, so a new page is covered without
being listed here.

Hypothesis runs derandomised (the same examples every run) with a capped number per page, so
the module adds about a minute per database to the suite.
"""

import base64
import json
import re
import string
from urllib.parse import urlencode, urlsplit

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.test import Client, RequestFactory, override_settings
from django.urls import NoReverseMatch, Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.resolvers import LocalePrefixPattern
from django.utils import translation
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from core.listing import ArchiveListView
from core.pagination import encode_cursor, sort_keys
from reports.models import Report
from tests import factories as f

LANGUAGES = [code for code, _name in settings.LANGUAGES]
# Examples per page and language: 2 languages x 12 pages x 20 = some 500 requests.
EXAMPLES_PER_PAGE = 20


def public_routes(patterns=None, namespaces=(), localised=False):
    """(URL name, its pattern, whether its path carries the language) of every page of the
    URLconf, the admin's left out (staff only, behind a login)."""
    routes = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin":
                continue
            inner = (*namespaces, pattern.namespace) if pattern.namespace else namespaces
            routes += public_routes(
                pattern.url_patterns, inner, localised or isinstance(pattern.pattern, LocalePrefixPattern)
            )
        elif isinstance(pattern, URLPattern):
            assert pattern.name, f"{pattern.pattern} has no name to reverse it by"
            routes.append((":".join([*namespaces, pattern.name]), pattern, localised))
    return routes


PATTERNS = {name: pattern for name, pattern, _localised in public_routes()}
ROUTES = [
    (name, language)
    for name, _pattern, localised in public_routes()
    for language in (LANGUAGES if localised else [None])
]


def route_of(path):
    match = resolve(path)
    return match.view_name, match.kwargs


@pytest.fixture(scope="module")
def world(demo, django_db_blocker, tmp_path_factory):
    """The demo data with a report file, and for every page that takes arguments (a slug, an
    id) the arguments of the first link to it found by following the site's own links from
    the pages that take none."""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        for report in Report.objects.published():
            f.make_report_file(
                report=report, file=ContentFile(f.pdf_bytes("Open Government"), name="報告.pdf")
            )
        client = Client()
        arguments, seen = {}, set()
        queue = [reverse(name) for name, _language in ROUTES if not _takes_arguments(name)]
        while queue:
            path = queue.pop(0)
            if path in seen:
                continue
            seen.add(path)
            response = client.get(path)
            assert response.status_code < 400, path
            content_type = response.get("Content-Type", "")
            if "html" in content_type:
                links = re.findall(r'href="(/[^"]*)"', response.content.decode())
            elif content_type == "application/xml":  # the sitemap's index and files
                links = re.findall(r"<loc>([^<]*)</loc>", response.content.decode())
            else:
                continue
            for link in links:
                link_path = urlsplit(link.replace("&amp;", "&")).path
                try:
                    name, kwargs = route_of(link_path)
                except Resolver404:  # a static file
                    continue
                if kwargs and name not in arguments:
                    arguments[name] = kwargs
                    queue.append(link_path)
        # An agency's feed is linked only from the page of an agency of a published report; the
        # walk reaches one organisation page, the first a list links, which need not be one.
        agency = Report.objects.published().order_by("pk").first().agency
        arguments.setdefault("people:organization-feed", {"slug": agency.slug})
        positions = {name: list_position(name) for name, _language in ROUTES if list_position(name)}
    return {"media": media, "arguments": arguments, "positions": positions}


def world_list(name):
    """Whether page `name` is one of the archive's filtered lists."""
    match = _resolve_name(name)
    view_class = getattr(match.func, "view_class", None) if match else None
    return view_class is not None and issubclass(view_class, ArchiveListView)


def list_position(name):
    """The sort values of the first row of list page `name` (None for other pages), as its
    cursors carry them, for cursors that are the site's own but for one value."""
    if not world_list(name):
        return None
    view = _resolve_name(name).func.view_class(request=RequestFactory().get("/"), kwargs={})
    queryset = view.get_queryset()
    first = queryset.first()
    if first is None:
        return None
    cursor = encode_cursor(first, sort_keys(queryset))
    return json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))


def _takes_arguments(name):
    try:
        reverse(name)
    except NoReverseMatch:  # the path needs arguments
        return True
    return False


def cursor(values):
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


HOSTILE_WORDS = [
    "",
    "0",
    "-1",
    "1e30",
    "1e400",
    "-1e400",
    "Infinity",
    "-Infinity",
    "NaN",
    "9" * 40,
    str(2**63),
    str(-(2**63) - 1),
    "２０１６",
    "٢٠١٦",
    "0x10",
    "1_000",
    "\x00",
    "2016\x00",
    "國會",
    "台灣",
    "e\u0301",
    "\U0001f600",
    "\ufeff",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%00",
    "..%2f..%2f",
    "2016-12-05",
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "2016-02-30",
    "undated",
    "none",
    "csv",
    "json",
    "popolo",
    "ics",
    "date",
    "-date",
    "title",
    "-title",
    "time",
    "name_zh",
    "yes",
    "no",
    "en",
    "zh-hant",
    "https://example.org/",
    "//example.org/",
    "javascript:alert(1)",
]

HOSTILE_PATH_WORDS = ["0", "9" * 40, str(2**63), str(2**31), "a" * 300, "-" * 60, "_"]

CURSOR_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=2**62, max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(HOSTILE_WORDS),
    st.sampled_from(["9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00", "2016-12-08T08:00:00"]),
    st.text(max_size=20),
)

VALUES = st.one_of(
    st.sampled_from(HOSTILE_WORDS),
    st.integers(min_value=-(2**80), max_value=2**80).map(str),
    st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=30),
    st.integers(min_value=300, max_value=5000).map(lambda length: "國" * length),
    st.lists(CURSOR_VALUES, max_size=6).map(cursor),
    st.lists(st.lists(CURSOR_VALUES, max_size=2), max_size=3).map(cursor),
    st.text(alphabet=string.ascii_letters + string.digits + "-_=", max_size=40),
)


def known_names():
    """Every query parameter a page reads: the list filters' names, and the others."""
    names = {"after", "before", "download", "page", "p", "q", "kind", "day", "room", "next", "language"}
    for pattern_name, _language in ROUTES:
        with translation.override(LANGUAGES[0]):
            match = _resolve_name(pattern_name)
        view_class = getattr(match.func, "view_class", None) if match else None
        filterset = getattr(view_class, "filterset_class", None)
        if filterset is not None:
            names |= set(filterset.base_filters)
    return sorted(names)


def _resolve_name(name):
    try:
        return resolve(reverse(name))
    except NoReverseMatch:  # a page that takes arguments has no filters of its own
        return None


NAMES = st.one_of(
    st.sampled_from(known_names()),
    st.text(alphabet=st.characters(exclude_categories=["Cs"]), min_size=1, max_size=10),
)
PARAMETERS = st.lists(st.tuples(NAMES, VALUES), max_size=6)
# Query strings no form could make, left as they are by the test client.
RAW_TAILS = st.sampled_from(["", "&%ff=%fe", "&a=%", "&=&&", "&after", "&q=%00", "&%E4%B8=1"])


# The values that broke cursors (OverflowError, or a value the database refuses), often.
OUT_OF_RANGE = st.sampled_from(
    [
        float("inf"),
        float("-inf"),
        float("nan"),
        1e400,
        1e30,
        2**63,
        -(2**63) - 1,
        2**100,
        "\x00",
        "9999-12-31T23:59:59-14:00",
    ]
)


def cursors(world, name):
    """A strategy of cursors for page `name`: the site's own for its first row with one value
    replaced, or a list of anything."""
    position = world["positions"].get(name)
    anything = st.lists(CURSOR_VALUES, max_size=6).map(cursor)
    if position is None:
        return anything

    def replaced(index, value):
        return cursor([*position[:index], value, *position[index + 1 :]])

    index = st.integers(min_value=0, max_value=len(position) - 1)
    return st.one_of(
        st.builds(replaced, index, OUT_OF_RANGE),
        st.builds(replaced, index, CURSOR_VALUES),
        anything,
    )


def path_arguments(world, name):
    """A strategy of path arguments for page `name`: a real record's, or made-up ones that
    match its path converters (huge ids, unknown slugs)."""
    real = world["arguments"].get(name)
    pattern = PATTERNS[name]
    made_up = st.fixed_dictionaries(
        {
            key: st.one_of(
                st.from_regex(converter.regex, fullmatch=True),
                # The largest values, which the regex alone rarely draws.
                st.sampled_from(HOSTILE_PATH_WORDS).filter(re.compile(converter.regex).fullmatch),
            )
            for key, converter in pattern.pattern.converters.items()
        }
    )
    if not pattern.pattern.converters:
        return st.just({})
    return st.one_of(st.just(real), st.just(real), made_up) if real else made_up


@pytest.mark.django_db
def test_every_public_page_that_takes_arguments_is_reached_by_a_link(world):
    # Each page with a slug or an id in its path is tried with a real record's (found from the
    # site's links) as well as made-up ones; a new page no link leads to must get one here.
    needing = {name for name, _language in ROUTES if _takes_arguments(name)}

    assert needing <= set(world["arguments"])
    assert {"reports:report-file", "events:summit-calendar", "events:event-detail"} <= needing


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "language"), ROUTES, ids=[f"{name}-{lang}" for name, lang in ROUTES])
@hypothesis_settings(
    derandomize=True,
    max_examples=EXAMPLES_PER_PAGE,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_no_public_page_gives_a_server_error_whatever_its_parameters(world, name, language, data):
    kwargs = data.draw(path_arguments(world, name), label="path arguments")
    parameters = data.draw(PARAMETERS, label="query")
    direction = data.draw(st.sampled_from(["after", "before", None]), label="cursor direction")
    if direction:
        parameters.append((direction, data.draw(cursors(world, name), label="cursor")))
    tail = data.draw(RAW_TAILS, label="raw tail")
    with translation.override(language or LANGUAGES[0]):
        path = reverse(name, kwargs=kwargs)
    url = f"{path}?{urlencode(parameters)}{tail}"

    with override_settings(MEDIA_ROOT=world["media"]):
        response = Client().get(url)
        # A download is written as it is read: read it, so that an error on the way shows.
        body = b"".join(response.streaming_content) if response.streaming else response.content

    assert response.status_code < 500, url
    assert body or response.status_code in (301, 302, 304), url


LISTS = sorted({name for name, _language in ROUTES if world_list(name)})


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["a\x00b", "9" * 40], ids=["nul", "40-digits"])
def test_every_filter_of_every_list_takes_a_hostile_value(world, value):
    # Each name a list reads, alone: the property test above draws few of these pairs for any
    # one list. A NUL byte is refused by PostgreSQL in a query, 40 digits by SQLite.
    client = Client()
    for name in LISTS:
        path = reverse(name)
        for parameter in known_names():
            response = client.get(path, {parameter: value})
            assert response.status_code < 500, (path, parameter)
