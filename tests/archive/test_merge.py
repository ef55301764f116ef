"""The reviewed merge of people and of organisations (archive.merging, archive.merge_admin): what
moves, what the public sees afterwards (counts, old addresses), the history, the undo, and who
may do it."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation

from archive.merging import MergeRefused, merge_records, undo_merge
from archive.models import Merge, MergedAddress
from core.publication_version import current_version
from events.models import SessionRole
from people.models import NameKind, Organization, OrganizationName, Person, PersonName
from reports.models import DelegationMember, PublicationStatus, SourceNote
from tests import factories as f

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

EDITOR, REVIEWER = "編輯 Editor", "審核 Reviewer"


def page(name, language, **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


def published_trip():
    """A published report whose delegation attended a summit: its roster and the roles in the
    summit's sessions are public."""
    summit = f.make_summit()
    delegation = f.make_delegation()
    f.make_delegation_event(delegation=delegation, event=summit)
    f.make_report(delegation=delegation, status=PublicationStatus.PUBLISHED)
    session = f.make_session(parent=summit, summit=summit)
    return delegation, session


@pytest.fixture
def duplicate_people():
    """高仙桂 twice: once on a published roster speaking at a public session (the duplicate,
    with a note and an other name), once on another published roster (the one kept)."""
    delegation, session = published_trip()
    duplicate = f.make_person(name_zh="高仙桂", name_en="Kao Shien Quey", slug="kao-shien-quey-2")
    f.make_person_name(person=duplicate, name="高仙桂 主委")
    f.make_member(delegation=delegation, person=duplicate, title="主任委員")
    f.make_session_role(event=session, person=duplicate)
    f.make_source_note(record=duplicate, note="名單第 3 頁")
    kept_delegation, _session = published_trip()
    kept = f.make_person(name_zh="高仙桂", name_en="Kao Shien-Quey", slug="kao-shien-quey")
    f.make_member(delegation=kept_delegation, person=kept, title="主任委員")
    return kept, duplicate


@pytest.fixture
def staff(client, django_user_model):
    """Log `client` in as a member of a staff group, reading the admin in English."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"

    def log_in(group):
        user = django_user_model.objects.create_user(username=group, password=None, is_staff=True)
        user.groups.add(Group.objects.get(name=group))
        client.force_login(user)
        return user

    return log_in


def counts(person):
    return {
        "roster rows": DelegationMember.objects.filter(person=person).count(),
        "session roles": SessionRole.objects.filter(person=person).count(),
        "notes": SourceNote.objects.for_record(person).count(),
    }


# Committing: the publication version grows after the commit.
@pytest.mark.django_db(transaction=True)
def test_merge_moves_roster_rows_roles_and_notes_and_keeps_the_names(duplicate_people, superuser):
    kept, duplicate = duplicate_people
    assert counts(kept) == {"roster rows": 1, "session roles": 0, "notes": 0}
    assert Person.objects.get(pk=kept.pk).is_public and Person.objects.get(pk=duplicate.pk).is_speaker
    version = current_version()

    merge_records(kept, [duplicate], {"name_en": duplicate}, superuser)

    kept.refresh_from_db()
    assert counts(kept) == {"roster rows": 2, "session roles": 1, "notes": 1}
    assert not Person.objects.filter(pk=duplicate.pk).exists()
    assert kept.name_en == "Kao Shien Quey"
    assert sorted(kept.other_names.values_list("name", "kind")) == [
        ("Kao Shien-Quey", NameKind.ALTERNATE),  # its own name before the merge
        ("高仙桂 主委", NameKind.ALTERNATE),
    ]
    assert (kept.is_public, kept.is_delegate, kept.is_speaker) == (True, True, True)
    assert Person.objects.search("主委").get() == kept
    assert current_version() > version


def test_old_address_answers_301_with_the_survivor_in_both_languages(client, duplicate_people, superuser):
    kept, duplicate = duplicate_people
    merge_records(kept, [duplicate], {}, superuser)

    for language in ("zh-hant", "en"):
        response = client.get(page("people:person-detail", language, slug="kao-shien-quey-2"))
        assert response.status_code == 301
        assert response.url == page("people:person-detail", language, slug="kao-shien-quey")
    assert client.get(page("people:person-detail", "en", slug="never-there")).status_code == 404


def test_a_chain_of_merges_leads_to_the_last_survivor(client, duplicate_people, superuser):
    kept, duplicate = duplicate_people
    merge_records(kept, [duplicate], {}, superuser)
    final = f.make_person(slug="kao-final")
    f.make_member(delegation=published_trip()[0], person=final)

    merge_records(final, [kept], {}, superuser)

    for slug in ("kao-shien-quey-2", "kao-shien-quey"):
        response = client.get(page("people:person-detail", "en", slug=slug))
        assert (response.status_code, response.url) == (301, "/en/people/kao-final/")


def test_merge_is_in_the_history_of_the_survivor_and_the_merged(duplicate_people, superuser):
    kept, duplicate = duplicate_people

    merge = merge_records(kept, [duplicate], {}, superuser)

    latest = kept.history.order_by("-history_id").first()
    assert latest.history_change_reason == f"Merged {duplicate} into it (merge {merge.pk})"
    assert latest.history_user == superuser
    deleted = Person.history.filter(id=duplicate.pk).order_by("-history_id").first()
    assert (deleted.history_type, deleted.history_user) == ("-", superuser)
    row = DelegationMember.history.filter(person=kept).order_by("-history_id").first()
    assert row.history_change_reason == latest.history_change_reason


def test_undo_puts_everything_back(client, duplicate_people, superuser):
    kept, duplicate = duplicate_people
    before = {"kept": counts(kept), "duplicate": counts(duplicate)}
    names_before = sorted(PersonName.objects.values_list("person", "name"))
    merge = merge_records(kept, [duplicate], {"name_en": duplicate}, superuser)

    undo_merge(merge, superuser)

    restored = Person.objects.get(pk=duplicate.pk)
    kept.refresh_from_db()
    assert (restored.slug, restored.name_en, restored.created_at) == (
        "kao-shien-quey-2",
        "Kao Shien Quey",
        duplicate.created_at,
    )
    assert kept.name_en == "Kao Shien-Quey"
    assert {"kept": counts(kept), "duplicate": counts(restored)} == before
    assert sorted(PersonName.objects.values_list("person", "name")) == names_before
    assert (restored.is_public, restored.is_speaker) == (True, True)
    assert not MergedAddress.objects.exists()
    assert client.get(page("people:person-detail", "en", slug="kao-shien-quey-2")).status_code == 200
    merge.refresh_from_db()
    assert merge.undone_by == superuser
    assert kept.history.order_by("-history_id").first().history_change_reason.startswith("Undid merge")


def test_undo_is_refused_once_the_survivor_has_been_merged_again(duplicate_people, superuser):
    kept, duplicate = duplicate_people
    first = merge_records(kept, [duplicate], {}, superuser)
    merge_records(f.make_person(), [kept], {}, superuser)

    with pytest.raises(MergeRefused) as refused:
        undo_merge(first, superuser)

    assert "no longer exists" in refused.value.problems[0]
    assert Merge.objects.get(pk=first.pk).undone_at is None


def test_undo_is_refused_when_the_survivor_was_edited_since(duplicate_people, superuser):
    kept, duplicate = duplicate_people
    merge = merge_records(kept, [duplicate], {"name_en": duplicate}, superuser)
    kept.refresh_from_db()
    kept.name_en = "Kao, Shien-Quey"
    kept.save()

    with pytest.raises(MergeRefused) as refused:
        undo_merge(merge, superuser)

    assert refused.value.problems == [
        "“English or romanised name” of the record kept has been changed since the merge."
    ]
    assert not Person.objects.filter(pk=duplicate.pk).exists()


def test_two_people_on_the_same_roster_are_not_merged(duplicate_people, superuser):
    kept, duplicate = duplicate_people
    roster = DelegationMember.objects.get(person=duplicate).delegation
    f.make_member(delegation=roster, person=kept)

    with pytest.raises(MergeRefused) as refused:
        merge_records(kept, [duplicate], {}, superuser)

    assert "Correct or remove one of the two rows first" in refused.value.problems[0]
    assert Person.objects.filter(pk=duplicate.pk).exists()
    assert counts(kept)["roster rows"] == 2


def test_the_same_other_name_is_kept_once_and_comes_back_with_the_undo(duplicate_people, superuser):
    kept, duplicate = duplicate_people
    f.make_person_name(person=kept, name="高仙桂 主委")

    merge = merge_records(kept, [duplicate], {}, superuser)

    assert list(PersonName.objects.filter(name="高仙桂 主委").values_list("person", flat=True)) == [kept.pk]
    undo_merge(merge, superuser)
    assert sorted(PersonName.objects.filter(name="高仙桂 主委").values_list("person", flat=True)) == sorted(
        [kept.pk, duplicate.pk]
    )


def test_organisation_merge_moves_units_roster_rows_and_agencies(client, superuser):
    delegation, _session = published_trip()
    kept = f.make_organization(name_zh="國家發展委員會", name_en="National Development Council", slug="ndc")
    duplicate = f.make_organization(name_zh="國發會", name_en="NDC", slug="ndc-2", country="TW")
    unit = f.make_organization(name_zh="社會發展處", slug="ndc-social", parent=duplicate)
    f.make_member(delegation=delegation, organization=duplicate)
    f.make_organization_name(organization=duplicate, name="National Development Council (Taiwan)")
    report = f.make_report(agency=duplicate)

    merge = merge_records(kept, [duplicate], {"country": duplicate}, superuser)

    kept.refresh_from_db()
    assert list(kept.units.all()) == [unit]
    assert DelegationMember.objects.filter(organization=kept).count() == 1
    assert report.__class__.objects.get(pk=report.pk).agency == kept
    assert kept.country == "TW"
    assert sorted(kept.other_names.values_list("name", flat=True)) == [
        "NDC",
        "National Development Council (Taiwan)",
        "國發會",
    ]
    assert kept.is_public
    response = client.get(page("people:organization-detail", "zh-hant", slug="ndc-2"))
    assert (response.status_code, response.url) == (301, "/zh-hant/organisations/ndc/")

    undo_merge(merge, superuser)

    assert Organization.objects.get(pk=unit.pk).parent_id == duplicate.pk
    assert report.__class__.objects.get(pk=report.pk).agency_id == duplicate.pk
    assert OrganizationName.objects.filter(organization=kept).count() == 0
    assert Organization.objects.get(pk=duplicate.pk).is_public


def test_an_organisation_cannot_take_its_own_unit_as_parent(superuser):
    kept = f.make_organization()
    duplicate = f.make_organization()
    unit = f.make_organization(parent=duplicate)
    chooser = f.make_organization(parent=unit)

    with pytest.raises(MergeRefused):
        merge_records(kept, [duplicate], {"parent": chooser}, superuser)


def test_reviewer_merges_in_the_admin_and_undoes_from_the_history(client, staff, duplicate_people):
    kept, duplicate = duplicate_people
    reviewer = staff(REVIEWER)
    changelist = reverse("admin:people_person_changelist")
    assert "Merge selected" in client.get(changelist).text

    response = client.post(
        changelist, {"action": "merge_selected", "_selected_action": [duplicate.pk, kept.pk]}
    )
    merge_page = reverse("admin:people_person_merge") + f"?ids={duplicate.pk},{kept.pk}"
    assert response.url == merge_page
    page_text = client.get(merge_page).text
    for shown in ("kao-shien-quey-2", "高仙桂 主委", "主任委員", "speaker", "名單第 3 頁", "Kao Shien Quey"):
        assert shown in page_text

    response = client.post(
        merge_page,
        {"survivor": kept.pk, "name_zh": kept.pk, "name_en": kept.pk, "biography": kept.pk},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == reverse("admin:people_person_change", args=[kept.pk])
    assert f"Merged {duplicate} into" in response.text
    assert counts(kept) == {"roster rows": 2, "session roles": 1, "notes": 1}
    merge = Merge.objects.get()
    assert merge.user == reviewer
    history = client.get(reverse("admin:people_person_history", args=[kept.pk])).text
    undo_page = reverse("admin:archive_merge_undo", args=[merge.pk])
    assert undo_page in history
    assert undo_page in client.get(reverse("admin:archive_merge_change", args=[merge.pk])).text

    response = client.post(undo_page, follow=True)

    assert "Undid the merge" in response.text
    assert counts(Person.objects.get(pk=duplicate.pk))["roster rows"] == 1
    assert "undone" in client.get(reverse("admin:people_person_history", args=[kept.pk])).text


def test_a_refused_merge_says_why_and_changes_nothing(client, staff, duplicate_people):
    kept, duplicate = duplicate_people
    f.make_member(delegation=DelegationMember.objects.get(person=duplicate).delegation, person=kept)
    staff(REVIEWER)
    merge_page = reverse("admin:people_person_merge") + f"?ids={kept.pk},{duplicate.pk}"

    response = client.post(
        merge_page, {"survivor": kept.pk, "name_zh": kept.pk, "name_en": kept.pk, "biography": kept.pk}
    )

    assert response.status_code == 200
    assert "Correct or remove one of the two rows first" in response.text
    assert Person.objects.filter(pk=duplicate.pk).exists()
    assert not Merge.objects.exists()


def test_editor_gets_neither_the_action_nor_the_pages(client, staff, duplicate_people, superuser):
    kept, duplicate = duplicate_people
    staff(EDITOR)
    changelist = reverse("admin:people_person_changelist")
    assert "Merge selected" not in client.get(changelist).text

    response = client.get(reverse("admin:people_person_merge") + f"?ids={kept.pk},{duplicate.pk}")

    assert response.status_code == 403
    assert "Only a reviewer can merge records" in response.text
    response = client.post(
        changelist, {"action": "merge_selected", "_selected_action": [kept.pk, duplicate.pk]}
    )
    assert Person.objects.filter(pk=duplicate.pk).exists()
    merge = merge_records(kept, [duplicate], {}, superuser)
    assert client.post(reverse("admin:archive_merge_undo", args=[merge.pk])).status_code == 403
    assert not Person.objects.filter(pk=duplicate.pk).exists()


def test_merge_page_of_organisations_shows_units(client, staff):
    staff(REVIEWER)
    first, second = f.make_organization(), f.make_organization()
    f.make_organization(name_zh="社會發展處", parent=second)

    response = client.get(reverse("admin:people_organization_merge") + f"?ids={first.pk},{second.pk}")

    assert response.status_code == 200
    assert "社會發展處" in response.text


def test_the_merge_speaks_chinese_to_chinese_staff(client, staff, duplicate_people):
    kept, duplicate = duplicate_people
    staff(REVIEWER)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hant"

    assert "合併所選" in client.get(reverse("admin:people_person_changelist")).text
    page_text = client.get(reverse("admin:people_person_merge") + f"?ids={kept.pk},{duplicate.pk}").text
    assert "保留此筆" in page_text


def test_three_organisations_one_a_unit_of_another_merge_and_come_back(superuser):
    kept = f.make_organization(slug="ocf")
    first = f.make_organization(slug="ocf-2", name_en="Open Culture Foundation")
    second = f.make_organization(slug="ocf-3", name_en="OCF", parent=first)
    report = f.make_report(agency=second)

    merge = merge_records(kept, [first, second], {}, superuser)

    assert list(Organization.objects.filter(slug__startswith="ocf").values_list("slug", flat=True)) == ["ocf"]
    assert report.__class__.objects.get(pk=report.pk).agency_id == kept.pk
    assert set(MergedAddress.objects.values_list("slug", "survivor_id")) == {
        ("ocf-2", kept.pk),
        ("ocf-3", kept.pk),
    }

    undo_merge(merge, superuser)

    assert Organization.objects.get(slug="ocf-3").parent == Organization.objects.get(slug="ocf-2")
    assert report.__class__.objects.get(pk=report.pk).agency_id == second.pk
