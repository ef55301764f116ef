"""The migrations: they agree with the models, make today's database from zero on whichever
database the suite runs on (tests/data/migrations/README.md), and their data steps do what
they did on a database with data.

The tests here that run migrations do it on databases of their own (tests/migration_snapshot.py),
not on the test database: one migrated from zero once for the module, and copies of it."""

import hashlib
import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation

from reports.models import ReportFile

from .factories import pdf_bytes
from .migration_snapshot import as_default, compare_or_write, migrate, new_database, snapshot


@pytest.fixture(scope="module")
def migrated_from_zero(django_db_setup, django_db_blocker):
    """A new database migrated from zero as `manage.py migrate` does (without post_migrate);
    tests read it, or change a copy of it (new_database(copy_of=...))."""
    with django_db_blocker.unblock(), new_database() as fresh:
        # With translations deactivated, as manage.py migrate runs (@no_translations): the
        # many-to-many history models' permission names hold translatable words.
        with as_default(fresh), translation.override(None):
            migrate(fresh)
        yield fresh


@pytest.mark.django_db
def test_models_and_migrations_agree():
    out = io.StringIO()

    call_command("makemigrations", "--check", "--dry-run", stdout=out)

    assert "No changes detected" in out.getvalue()


@pytest.mark.django_db
def test_migrating_an_empty_database_makes_the_snapshot(migrated_from_zero):
    difference = compare_or_write(migrated_from_zero.vendor, snapshot(migrated_from_zero))

    if difference:
        pytest.fail(
            "The migrations from zero no longer make the database of the snapshot "
            "(tests/data/migrations/README.md):\n" + difference,
            pytrace=False,
        )


@pytest.mark.django_db
def test_report_file_migration_describes_files_stored_before(migrated_from_zero):
    with new_database(copy_of=migrated_from_zero) as copy, as_default(copy):
        describe_files_stored_before(copy)


def describe_files_stored_before(connection):
    # A file uploaded before report files were checked keeps its stored name and gets its
    # original name, size and SHA-256; a row whose file is gone keeps working without them.
    before, after = [("reports", "0011_history")], [("reports", "0012_report_file_checks")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old_apps = executor.loader.project_state(before).apps
    OldReport = old_apps.get_model("reports", "Report")
    OldReportFile = old_apps.get_model("reports", "ReportFile")
    report = OldReport.objects.create(
        slug="old",
        title="舊報告",
        category="other",
        report_date="2017-02-21",
        agency=make_organization_for(old_apps),
    )
    content = pdf_bytes("Open Parliament")
    stored = default_storage.save("reports/2017/出國報告.pdf", ContentFile(content))
    kept = OldReportFile.objects.create(report=report, file=stored)
    gone = OldReportFile.objects.create(report=report, file="reports/2016/gone.pdf")

    executor = MigrationExecutor(connection)
    executor.migrate(after)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    kept, gone = ReportFile.objects.get(pk=kept.pk), ReportFile.objects.get(pk=gone.pk)
    assert (kept.file.name, kept.original_name, kept.size, kept.sha256) == (
        "reports/2017/出國報告.pdf",
        "出國報告.pdf",
        len(content),
        hashlib.sha256(content).hexdigest(),
    )
    assert (gone.original_name, gone.size, gone.sha256) == ("gone.pdf", None, "")


def make_organization_for(old_apps):
    return old_apps.get_model("people", "Organization").objects.create(slug="ndc", name_zh="國家發展委員會")


@pytest.mark.django_db
def test_public_rule_migration_recomputes_the_flags_stored_before(migrated_from_zero):
    # A database from before reports 0016, its flags as the rule of then left them: a draft
    # delegation's own visit during a public summit, the meeting under it, the person who spoke
    # there and the organisation they represented public through the summit; a public
    # delegation's contact person not public. 0016 recomputes every flag with today's rule.
    before = [("reports", "0015_import_record_system_account")]
    with new_database(copy_of=migrated_from_zero) as copy, as_default(copy):
        old = migrate(copy, before)
        rows = make_world_before_0016(old)

        migrate(copy)

        flags = {
            name: {
                field: getattr(type(row).objects.get(pk=row.pk), field)
                for field in ("is_public", "is_speaker", "delegate_took_part")
                if hasattr(row, field)
            }
            for name, row in rows.items()
        }
    assert flags == {
        "agency": {"is_public": True},
        "host": {"is_public": False},
        "contact": {"is_public": True, "is_speaker": False},
        "speaker": {"is_public": False, "is_speaker": False},
        "published": {"is_public": True},
        "draft": {"is_public": False},
        "summit": {"is_public": True, "delegate_took_part": False},
        "session": {"is_public": True, "delegate_took_part": False},
        "visit": {"is_public": False, "delegate_took_part": False},
        "meeting": {"is_public": False, "delegate_took_part": False},
    }


def make_world_before_0016(old_apps):
    Organization = old_apps.get_model("people", "Organization")
    Person = old_apps.get_model("people", "Person")
    Event = old_apps.get_model("events", "Event")
    SessionRole = old_apps.get_model("events", "SessionRole")
    Delegation = old_apps.get_model("reports", "Delegation")
    DelegationEvent = old_apps.get_model("reports", "DelegationEvent")
    Report = old_apps.get_model("reports", "Report")
    rows = {
        "agency": Organization.objects.create(slug="agency", name_zh="外交部", is_public=True),
        "host": Organization.objects.create(slug="host", name_zh="接待機關", is_public=True),
        "contact": Person.objects.create(slug="contact", name_zh="聯絡人"),
        "speaker": Person.objects.create(slug="speaker", name_zh="講者", is_public=True, is_speaker=True),
    }
    summit = Event.objects.create(kind="summit", slug="summit", title_en="Summit", is_public=True)
    rows |= {
        "summit": summit,
        "session": Event.objects.create(
            kind="session", slug="session", title_en="Session", parent=summit, summit=summit, is_public=True
        ),
    }
    rows["visit"] = Event.objects.create(
        kind="visit", slug="visit", title_en="Visit", parent=summit, summit=summit, is_public=True
    )
    rows["meeting"] = Event.objects.create(
        kind="meeting",
        slug="meeting",
        title_en="Meeting",
        parent=rows["visit"],
        summit=summit,
        is_public=True,
    )
    SessionRole.objects.create(
        event=rows["visit"], role="speaker", person=rows["speaker"], organization=rows["host"]
    )
    for state in ("published", "draft"):
        rows[state] = Delegation.objects.create(
            slug=state,
            title=state,
            organising_agency=rows["agency"],
            contact_person=rows["contact"] if state == "published" else None,
            departure_date="2016-12-06",
            return_date="2016-12-10",
            is_public=state == "published",
        )
        Report.objects.create(
            slug=state,
            title=state,
            category="other",
            report_date="2017-02-21",
            agency=rows["agency"],
            delegation=rows[state],
            status=state,
            published_at="2017-02-21T00:00:00Z" if state == "published" else None,
        )
    DelegationEvent.objects.create(delegation=rows["published"], event=summit)
    DelegationEvent.objects.create(delegation=rows["draft"], event=rows["visit"])
    return rows
