"""The History page of a record as staff read it: each version's changes with the fields'
labels and values in the staff member's language (a status as 已公開, not `published`), and
the rows changed in its inlines on the same save listed under it (a roster row's new title),
where simple-history would show an empty entry."""

import dataclasses
import datetime

from django.contrib.admin.options import InlineModelAdmin
from django.forms.models import _get_foreign_key
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.template_utils import HistoricalRecordContextHelper

from .history import ADDED, CHANGED, DELETED, is_tracked

# Inline rows are saved right after their parent, in the same request: a row of the same
# user this soon after a version belongs to it (an import's rows, with no version of their
# parent, to none).
SAME_SAVE = datetime.timedelta(seconds=60)
EMPTY = pgettext_lazy("change history", "(empty)")


class ArchiveRecordContextHelper(HistoricalRecordContextHelper):
    """simple-history's changes of a version, with choices shown as their labels, yes/no and
    an empty value in words."""

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        return shown_value(field, super().prepare_delta_change_value(change, value))


def shown_value(field, value):
    if value is None or value == "" or value == []:
        return EMPTY
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if getattr(field, "choices", None) and not isinstance(value, list):
        return dict(field.flatchoices).get(value, value)
    return value


@dataclasses.dataclass
class InlineChange:
    """One inline row changed with a version: what it is, what happened, and its changes."""

    model_name: str
    row: str
    action: str
    changes: list


ACTIONS = {
    ADDED: pgettext_lazy("change history", "added"),
    CHANGED: pgettext_lazy("change history", "changed"),
    DELETED: pgettext_lazy("change history", "deleted"),
}


def inline_models(model_admin, request):
    """(model, name of its foreign key to the admin's model) of the admin's tracked inlines."""
    found = []
    for inline in model_admin.get_inline_instances(request):
        if not isinstance(inline, InlineModelAdmin) or not is_tracked(inline.model):
            continue
        try:
            fk = _get_foreign_key(model_admin.model, inline.model, fk_name=inline.fk_name)
        except ValueError:
            continue  # a generic inline (source notes): no foreign key to follow
        found.append((inline.model, fk.name))
    return found


def attach_inline_changes(model_admin, request, versions):
    """Give each of `versions` (a page of one record's versions, newest first) the list
    `history_inline_changes` of the inline rows saved with it."""
    versions = list(versions)
    for version in versions:
        version.history_inline_changes = []
    if not versions:
        return
    object_id = getattr(versions[0], model_admin.model._meta.pk.attname)
    oldest = versions[-1].history_date
    for model, fk_name in inline_models(model_admin, request):
        history = model.history.model
        rows = list(
            history.objects.filter(**{f"{fk_name}_id": object_id, "history_date__gte": oldest}).order_by(
                "history_date", "history_id"
            )
        )
        if not rows:
            continue
        earlier = _previous_versions(history, rows, oldest)
        for row in rows:
            previous = earlier.get(row.id)
            earlier[row.id] = row
            version = _version_of(versions, row)
            if version is None:
                continue
            changes = []
            if row.history_type == CHANGED and previous is not None:
                delta = row.diff_against(previous, foreign_keys_are_objs=True)
                helper = ArchiveRecordContextHelper(model, row)
                changes = helper.context_for_delta_changes(delta)
                if not changes:
                    continue
            version.history_inline_changes.append(
                InlineChange(
                    model_name=capfirst(model._meta.verbose_name),
                    row=str(row.instance),
                    action=ACTIONS.get(row.history_type, row.history_type),
                    changes=changes,
                )
            )


def _previous_versions(history, rows, before):
    """{row id: its latest version before `before`}, for diffing the first change on the page."""
    ids = {row.id for row in rows}
    latest = {}
    for version in history.objects.filter(id__in=ids, history_date__lt=before).order_by("history_date"):
        latest[version.id] = version
    return latest


def _version_of(versions, row):
    """The version (newest first) saved just before `row`, by the same user, if it is soon enough."""
    for version in versions:
        if version.history_date <= row.history_date:
            same_user = version.history_user_id == row.history_user_id
            return version if same_user and row.history_date - version.history_date <= SAME_SAVE else None
    return None
