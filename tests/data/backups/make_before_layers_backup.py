"""Make tests/data/backups/before-layers.zip with the code of main before issue 14's moves
(commit a675195): a small archive with a row in every kind of table that moved, then a backup.
Run by that code's `manage.py shell`, never by the tests (its imports are that code's).

    cd <checkout of a675195>
    export DATABASE_URL=sqlite:////tmp/before-layers.sqlite3 MEDIA_ROOT=/tmp/before-layers-media
    .venv/bin/python manage.py migrate
    .venv/bin/python manage.py shell < <this file>     # writes /tmp/before-layers-roster.csv
    .venv/bin/python manage.py import_roster /tmp/before-layers-roster.csv \
        --delegation ogp-2016-paris --user editor
    .venv/bin/python manage.py dump_archive before-layers.zip
"""

import datetime

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.utils import timezone

from events.models import Event, EventKind
from people.models import Organization, Person, PersonName
from reports.models import (
    Delegation,
    DelegationEvent,
    DelegationMember,
    Destination,
    Keyword,
    PublicationStatus,
    Report,
    ReportAuthor,
    ReportFile,
    ReportSection,
    SourceNote,
)
from tests.factories import pdf_bytes

ndc = Organization.objects.create(
    slug="ndc", name_zh="國家發展委員會", name_en="National Development Council"
)
person = Person.objects.create(slug="kao-shien-quey", name_zh="高仙桂", name_en="Kao Shien-quey")
PersonName.objects.create(person=person, name="Shien-quey Kao")
summit = Event.objects.create(
    kind=EventKind.SUMMIT,
    slug="ogp-2016-paris",
    title_zh="2016年開放政府夥伴關係全球高峰會",
    title_en="OGP Global Summit 2016",
    time_zone="Europe/Paris",
    start_date=datetime.date(2016, 12, 7),
    end_date=datetime.date(2016, 12, 9),
    city="Paris",
    country="FR",
)
delegation = Delegation.objects.create(
    slug="ogp-2016-paris",
    title="出席2016年開放政府夥伴關係全球高峰會",
    organising_agency=ndc,
    departure_date=datetime.date(2016, 12, 5),
    return_date=datetime.date(2016, 12, 11),
)
Destination.objects.create(delegation=delegation, order=1, country="FR", city="Paris", as_printed="法國巴黎")
DelegationEvent.objects.create(delegation=delegation, event=summit)
DelegationMember.objects.create(delegation=delegation, order=1, person=person, name_as_printed="高仙桂")
report = Report.objects.create(
    slug="ogp-2016-paris-report",
    delegation=delegation,
    title="出席2016年開放政府夥伴關係全球高峰會報告",
    category="other",
    agency=ndc,
    report_date=datetime.date(2017, 2, 21),
    status=PublicationStatus.PUBLISHED,
    published_at=timezone.now(),
)
report.keywords.add(Keyword.objects.create(name="開放政府"))
ReportAuthor.objects.create(report=report, order=1, person=person, title="副主任委員")
ReportSection.objects.create(
    report=report, order=1, number="壹", heading="目的", body="參與 OGP 全球高峰會。"
)
ReportFile.objects.create(
    report=report, file=ContentFile(pdf_bytes("Open Government Partnership"), name="報告.pdf")
)
SourceNote.objects.create(record=person, report=report, location="p. 3", note="職稱依報告所載")

editor = User.objects.create_user("editor", password="before-layers-editor", is_staff=True)
editor.groups.add(Group.objects.get(name="編輯 Editor"))
# One account holds an import permission of its own, not through a group.
clerk = User.objects.create_user("clerk", password="before-layers-clerk", is_staff=True)
clerk.user_permissions.add(
    Permission.objects.get(codename="import_programme"), Permission.objects.get(codename="view_importrecord")
)
admin = User.objects.create_superuser("admin", password="before-layers-admin")
LogEntry.objects.log_action(
    user_id=admin.pk,
    content_type_id=ContentType.objects.get_for_model(Person).pk,
    object_id=person.pk,
    object_repr=str(person),
    action_flag=CHANGE,
    change_message="[]",
)
with open("/tmp/before-layers-roster.csv", "w", encoding="utf-8") as roster:
    roster.write("序號,單位,職稱,姓名\n1,國家發展委員會,副主任委員,高仙桂\n2,國家發展委員會,專員,林小華\n")
print("made", Person.objects.count(), "people")
