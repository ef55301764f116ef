"""What is cached from public data (filter choices, the home page's figures) never outlives a
publish, withdrawal or edit: it is kept under the publication version, which every committed
write to the archive bumps (core.publication_version).

These tests commit (transaction=True): the version grows after a commit, and inside a test's
rolled-back transaction nothing is cached at all. tests/core/test_publication_servers.py runs the
same story through two server processes."""

import re

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from archive.models import ImportRecord
from core.publication_version import current_version
from people.models import OrganizationKey, PersonKey
from reports.models import PublicationStatus, Report, StatusChange
from reports.publication import refresh_public_flags
from reports.receivers import PUBLISHED_RECORDS
from reports.services import TRANSITIONS, move_report
from tests import factories as f

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.cache]


def english_page(client, name):
    with translation.override("en"):
        response = client.get(reverse(name))
    assert response.status_code == 200
    return response.content.decode()


def report_figure(client):
    """The home page's count of published reports, as the visitor reads it."""
    return home_report_figure(english_page(client, "home"))


def home_report_figure(home):
    """The count in the home page's "<strong>2</strong> reports" (or "1 report")."""
    return int(re.search(r"<strong>(\d+)</strong> reports?\b", home)[1])


@pytest.fixture
def trips():
    kept = f.make_published_trip("Kept Agency", "Paris Test Summit", "FR")
    withdrawn = f.make_published_trip("Withdrawn Agency", "Tallinn Test Summit", "EE")
    return kept, withdrawn


def test_withdrawal_shows_at_once_in_filter_choices_and_home_figures(client, trips, superuser):
    _kept, withdrawn = trips
    listing = english_page(client, "reports:report-list")
    assert ("Withdrawn Agency" in listing, "Estonia" in listing, "Tallinn Test Summit" in listing) == (
        True,
        True,
        True,
    )
    assert report_figure(client) == 2

    move_report(withdrawn, TRANSITIONS["withdraw"], superuser, note="Errors in the roster.")

    listing = english_page(client, "reports:report-list")
    assert ("Withdrawn Agency" in listing, "Estonia" in listing, "Tallinn Test Summit" in listing) == (
        False,
        False,
        False,
    )
    assert ("Kept Agency" in listing, "France" in listing) == (True, True)
    assert report_figure(client) == 1


def test_publish_shows_at_once_in_home_figures(client, trips, superuser):
    kept, _withdrawn = trips
    assert report_figure(client) == 2
    draft = f.make_report(delegation=kept.delegation, agency=kept.agency, status=PublicationStatus.IN_REVIEW)
    assert report_figure(client) == 2

    move_report(draft, TRANSITIONS["publish"], superuser)

    assert report_figure(client) == 3


def test_renamed_agency_shows_at_once_in_filter_choices(client, trips):
    kept, _withdrawn = trips
    assert "Kept Agency" in english_page(client, "reports:report-list")

    # A name bears on no public flag: only the version says the cached choices are old.
    kept.agency.name_en = "Renamed Agency"
    kept.agency.save()

    listing = english_page(client, "reports:report-list")
    assert ("Kept Agency" in listing, "Renamed Agency" in listing) == (False, True)


def test_renamed_summit_shows_at_once_in_filter_choices(client, trips):
    summit = trips[0].delegation.events.get()
    assert "Paris Test Summit" in english_page(client, "reports:report-list")

    summit.title_en = "Renamed Test Summit"
    summit.save()

    listing = english_page(client, "reports:report-list")
    assert ("Paris Test Summit" in listing, "Renamed Test Summit" in listing) == (False, True)


def test_bulk_withdrawal_shows_at_once_through_the_flag_refresh(client, trips):
    """A writer that skips save() (QuerySet.update(), bulk_create, COPY) sends no signal: it
    refreshes the public flags itself, as reports.receivers asks, and that bumps the version."""
    _kept, withdrawn = trips
    assert report_figure(client) == 2

    Report.objects.filter(pk=withdrawn.pk).update(status=PublicationStatus.DRAFT)
    refresh_public_flags(delegations=[withdrawn.delegation_id])

    assert report_figure(client) == 1
    assert "Withdrawn Agency" not in english_page(client, "reports:report-list")


def test_deleted_report_leaves_at_once(client, trips):
    _kept, withdrawn = trips
    assert report_figure(client) == 2

    withdrawn.delete()

    assert report_figure(client) == 1


def test_rolled_back_publish_leaves_nothing_cached(client, trips):
    """A page read inside the writing transaction sees its uncommitted rows; it must not cache
    them under a version that, once the write is rolled back, nobody bumps."""
    kept, _withdrawn = trips
    with transaction.atomic():
        f.make_report(delegation=kept.delegation, agency=kept.agency, status=PublicationStatus.PUBLISHED)
        assert report_figure(client) == 3
        transaction.set_rollback(True)

    assert report_figure(client) == 2


def test_publication_version_grows_once_per_committed_transaction():
    before = current_version()
    with transaction.atomic():
        for _ in range(3):
            f.make_keyword()
        with transaction.atomic():
            f.make_person()
    assert current_version() == before + 1

    with transaction.atomic():
        f.make_keyword()
        transaction.set_rollback(True)
    assert current_version() == before + 1


def test_publication_version_survives_a_rolled_back_savepoint():
    """The bump registered inside a savepoint goes with it; the write after it registers its own."""
    before = current_version()
    with transaction.atomic():
        try:
            with transaction.atomic():
                f.make_keyword()
                raise RuntimeError
        except RuntimeError:
            pass
        f.make_keyword()
    assert current_version() == before + 1


def test_list_page_reads_the_publication_version_once(client, trips):
    with CaptureQueriesContext(connection) as queries:
        english_page(client, "reports:report-list")

    version_reads = [query for query in queries if "ogparchive_publicationversion" in query["sql"]]
    assert len(version_reads) == 1


def test_publication_version_watches_every_record_public_pages_show():
    """A model added to the archive later is watched, or named here as never public."""
    # Matching keys change only with the names they are made of, whose writes are watched.
    never_public = {ImportRecord, StatusChange, PersonKey, OrganizationKey}
    archive = {
        model
        for label in ("people", "events", "reports")
        for model in apps.get_app_config(label).get_models()
        if not hasattr(model, "instance_type")  # the change history (django-simple-history)
    }

    assert archive - never_public == set(PUBLISHED_RECORDS)
