"""The admins of people and organisations as the archive layer completes them: the people app's
own (people cannot know reports and events), with the reviewed merge (merge_admin) and the add
forms' duplicate check and the reviewers' possible-duplicates list (duplicate_admin)."""

from django.contrib import admin

from people.admin import OrganizationAdmin, PersonAdmin
from people.models import Organization, Person

from .duplicate_admin import OrganizationDuplicateCheck, PersonDuplicateCheck
from .merge_admin import MergeableAdmin

admin.site.unregister(Person)
admin.site.unregister(Organization)


@admin.register(Person)
class ArchivePersonAdmin(PersonDuplicateCheck, MergeableAdmin, PersonAdmin):
    pass


@admin.register(Organization)
class ArchiveOrganizationAdmin(OrganizationDuplicateCheck, MergeableAdmin, OrganizationAdmin):
    pass
