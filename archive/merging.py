"""A reviewed merge of people or of organisations, and its undo.

`merge_records(survivor, merged, values, user)` moves everything that points at the merged
records to the survivor, in one transaction: every foreign key to their model (found through
`_meta.related_objects`, so a relation added later is not missed: roster rows, session roles,
report authors, delegation contacts and agencies, report agencies, units, other names) and the
source and correction notes attached to them (generic relations). The merged records' names
become other names of the survivor, the survivor takes the chosen `values` (field → the record
whose value it keeps), the merged records are deleted (nothing is left for a cascade to take),
and their slugs answer with a redirect to the survivor (MergedAddress). Everything it changed
is kept in the Merge's snapshot, from which `undo_merge` puts it back.

Clashes are refused, not resolved: two of the records on the same roster, or authors of the
same report, are two rows that a unique constraint allows once. Which row's title, order and
organisation are right is for a person to decide, in the roster, before merging. The same other
name on two records is kept once (the copy on the merged record is deleted, and put back by an
undo). A session role has no such constraint: two roles in one session stay two roles.
"""

import json

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.db import transaction
from django.db.models import ForeignKey, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.history import CHANGED, is_tracked, record_bulk, recorded_as
from core.publication_version import publication_changed
from people.models import NameKind, NameLanguage, Organization, Person
from reports.publication import refresh_public_flags
from reports.receivers import deferred_public_flags

from .models import Merge, MergedAddress, MergeKind

# The fields a reviewer picks a value of, per kind; the slug stays the survivor's (the merged
# slugs redirect to it).
CHOSEN_FIELDS = {
    Person: ["name_zh", "name_en", "biography"],
    Organization: ["name_zh", "name_en", "kind", "country", "parent", "website", "description"],
}
KINDS = {Person: MergeKind.PERSON, Organization: MergeKind.ORGANIZATION}
MODELS = {kind: model for model, kind in KINDS.items()}
NAME_LANGUAGES = {"name_zh": NameLanguage.ZH_HANT, "name_en": NameLanguage.EN}


class MergeRefused(Exception):
    """A merge or an undo that cannot be done cleanly; `problems` says why, in the user's language."""

    def __init__(self, problems):
        super().__init__("; ".join(problems))
        self.problems = problems


# -- what points at a record -----------------------------------------------------------------------


def foreign_keys_to(model):
    """(related model, foreign key) of every foreign key to `model`, with many-to-many links as
    the foreign keys of their through tables."""
    found = []
    for relation in model._meta.related_objects:
        # Rows made from the records (their matching keys, possible-duplicate pairs) are made
        # again for the survivor, not moved: moving would clash with the survivor's own.
        if getattr(relation.related_model, "remade_not_merged", False):
            continue
        if relation.many_to_many:
            through = (
                relation.through if hasattr(relation, "through") else relation.field.remote_field.through
            )
            for field in through._meta.concrete_fields:
                if isinstance(field, ForeignKey) and field.related_model is model:
                    found.append((through, field))
        else:
            found.append((relation.related_model, relation.field))
    return found


def generic_relations():
    """(model, its GenericForeignKey) of every model that can attach to any record (notes)."""
    from django.apps import apps

    return [
        (model, field)
        for model in apps.get_models()
        for field in model._meta.private_fields
        if isinstance(field, GenericForeignKey)
    ]


def other_name_model(model):
    """The model of `model`'s other names (PersonName, OrganizationName)."""
    return model._meta.get_field("other_names").related_model


def label(model):
    return model._meta.label_lower


# -- checks ------------------------------------------------------------------------------------------


def merge_problems(survivor, merged, values):
    """What stops merging `merged` into `survivor` with `values` (field → record), as messages."""
    model = type(survivor)
    problems = []
    ids = [record.pk for record in merged]
    if not merged:
        problems.append(_("Select at least two records to merge."))
    if survivor.pk in ids:
        problems.append(_("The record kept cannot also be merged away."))
    for related, field in foreign_keys_to(model):
        if related is other_name_model(model) or related is model:
            continue
        for constraint in related._meta.total_unique_constraints:
            if field.name not in constraint.fields:
                continue
            problems += _clashes(related, field, constraint.fields, [survivor.pk, *ids])
    if model is Organization:
        problems += _parent_problems(survivor, merged, values)
    return problems


def _clashes(related, field, unique_fields, ids):
    """Rows of `related` that would become two rows the unique `unique_fields` allow once."""
    others = [name for name in unique_fields if name != field.name]
    rows = related._base_manager.filter(**{f"{field.name}__in": ids}).select_related(
        *[name for name in others if isinstance(related._meta.get_field(name), ForeignKey)]
    )
    seen, problems = {}, []
    for row in rows:
        key = tuple(getattr(row, related._meta.get_field(name).attname) for name in others)
        if key in seen:
            problems.append(
                _(
                    "Two of these records are in the same %(model)s (%(where)s: “%(first)s” and "
                    "“%(second)s”). Correct or remove one of the two rows first."
                )
                % {
                    "model": related._meta.verbose_name,
                    "where": ", ".join(str(getattr(row, name)) for name in others),
                    "first": seen[key],
                    "second": row,
                }
            )
        else:
            seen[key] = row
    return problems


def _parent_problems(survivor, merged, values):
    source = values.get("parent", survivor)
    parent = source.parent
    gone = {survivor.pk, *(record.pk for record in merged)}
    seen = set()
    while parent is not None and parent.pk not in seen:
        if parent.pk in gone:
            return [
                _(
                    "“%(parent)s” cannot be the parent of the organisation kept: it is one of the "
                    "organisations merged, or one of their units. Pick another parent."
                )
                % {"parent": source.parent}
            ]
        seen.add(parent.pk)
        parent = parent.parent
    return []


# -- the merge -------------------------------------------------------------------------------------


def _serialised(records):
    """`records` as JSON-ready data that Django's deserializer reads back; datetimes in full
    (the JSON serializer would cut them to milliseconds)."""
    return json.loads(json.dumps(serializers.serialize("python", records), default=_jsonable))


def _jsonable(value):
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _field_values(record, fields):
    return {name: getattr(record, record._meta.get_field(name).attname) for name in fields}


@transaction.atomic
def merge_records(survivor, merged, values, user):
    """Merge `merged` (records of the survivor's model) into `survivor`, which takes the value
    of each field of CHOSEN_FIELDS from the record `values` names (itself where it names none).
    Returns the Merge; raises MergeRefused, having changed nothing."""
    model = type(survivor)
    survivor = model._base_manager.select_for_update().get(pk=survivor.pk)
    merged = list(model._base_manager.select_for_update().filter(pk__in=[r.pk for r in merged]))
    values = {name: model._base_manager.get(pk=record.pk) for name, record in values.items()}
    problems = merge_problems(survivor, merged, values)
    if problems:
        raise MergeRefused(problems)
    ids = [record.pk for record in merged]
    fields = CHOSEN_FIELDS[model]
    snapshot = {
        "records": _serialised(merged),
        "survivor_before": _field_values(survivor, fields),
        "moved": [],
        "removed_names": [],
        "added_names": [],
        "addresses_before": [],
        "addresses_added": [],
    }
    merge = Merge.objects.create(
        kind=KINDS[model],
        survivor_id=survivor.pk,
        survivor_name=str(survivor)[:300],
        merged_names=" · ".join(str(record) for record in merged)[:1000],
        user=user if getattr(user, "is_authenticated", False) else None,
    )
    reason = _("Merged %(merged)s into it (merge %(merge)s)") % {
        "merged": merge.merged_names,
        "merge": merge.pk,
    }
    with recorded_as(user, reason), deferred_public_flags():
        old_names = _field_values(survivor, ["name_zh", "name_en"])
        for name in fields:
            source = values.get(name, survivor)
            setattr(survivor, survivor._meta.get_field(name).attname, _field_values(source, [name])[name])
        _move_other_names(survivor, merged, snapshot)
        _move_related_rows(survivor, ids, snapshot)
        survivor.save()
        snapshot["survivor_after"] = _field_values(survivor, fields)
        _add_names(survivor, merged, old_names, snapshot)
        _point_addresses(merge, survivor, merged, snapshot)
        for record in _children_first(merged):
            record.delete()
        refresh_public_flags(**_flag_scope(survivor, merged, snapshot))
    merge.snapshot = snapshot
    merge.save(update_fields=["snapshot"])
    model.objects.filter(pk=survivor.pk).rebuild_search_documents()
    publication_changed()
    return merge


def _move_other_names(survivor, merged, snapshot):
    """The merged records' other names to the survivor, each name once: a name the survivor
    already has is deleted from the merged record (kept in the snapshot)."""
    names = other_name_model(type(survivor))
    field = names.record_field
    kept = set(names._base_manager.filter(**{field: survivor}).values_list("name", flat=True))
    duplicates = []
    for row in names._base_manager.filter(**{f"{field}__in": merged}).order_by("pk"):
        if row.name in kept:
            duplicates.append(row)
        kept.add(row.name)
    snapshot["removed_names"] = _serialised(duplicates)
    for row in duplicates:
        row.delete()


def _move_related_rows(survivor, ids, snapshot):
    """Every row with a foreign key or a generic relation to a merged record, to the survivor."""
    model = type(survivor)
    for related, field in foreign_keys_to(model):
        rows = related._base_manager.filter(**{f"{field.name}__in": ids})
        if related is model:
            rows = rows.exclude(pk__in=[*ids, survivor.pk])  # units of the merged, not themselves
        moved = {}
        for pk, owner in rows.values_list("pk", field.attname):
            moved.setdefault(str(owner), []).append(pk)
        if not moved:
            continue
        pks = [pk for group in moved.values() for pk in group]
        related._base_manager.filter(pk__in=pks).update(**{field.attname: survivor.pk})
        if is_tracked(related):
            record_bulk(related, pks, CHANGED)
        snapshot["moved"].append({"model": label(related), "field": field.attname, "rows": moved})
    content_type = ContentType.objects.get_for_model(model)
    for related, generic in generic_relations():
        rows = related._base_manager.filter(
            **{generic.ct_field: content_type, f"{generic.fk_field}__in": ids}
        )
        moved = {}
        for pk, owner in rows.values_list("pk", generic.fk_field):
            moved.setdefault(str(owner), []).append(pk)
        if not moved:
            continue
        pks = [pk for group in moved.values() for pk in group]
        related._base_manager.filter(pk__in=pks).update(**{generic.fk_field: survivor.pk})
        if is_tracked(related):
            record_bulk(related, pks, CHANGED)
        snapshot["moved"].append({"model": label(related), "field": generic.fk_field, "rows": moved})


def _add_names(survivor, merged, old_names, snapshot):
    """The merged records' names, and the survivor's own names it no longer bears, as other
    names of the survivor (each once)."""
    names = other_name_model(type(survivor))
    field = names.record_field
    taken = set(names._base_manager.filter(**{field: survivor}).values_list("name", flat=True))
    taken |= {survivor.name_zh, survivor.name_en}
    wanted = [(record, attname) for record in merged for attname in ("name_zh", "name_en")]
    wanted = [(old_names, attname) for attname in ("name_zh", "name_en")] + wanted
    for source, attname in wanted:
        name = source[attname] if isinstance(source, dict) else getattr(source, attname)
        if not name or name in taken:
            continue
        taken.add(name)
        slug = survivor.slug if isinstance(source, dict) else source.slug
        row = names._base_manager.create(
            **{field: survivor},
            name=name,
            language=NAME_LANGUAGES[attname],
            kind=NameKind.ALTERNATE,
            note=_("name of a merged record (%(slug)s)") % {"slug": slug}
            if not isinstance(source, dict)
            else _("name before a merge"),
        )
        snapshot["added_names"].append(row.pk)


def _point_addresses(merge, survivor, merged, snapshot):
    """The merged slugs, and the addresses that led to a merged record, now lead to the survivor."""
    kind = KINDS[type(survivor)]
    ids = [record.pk for record in merged]
    slugs = [record.slug for record in merged]
    earlier = list(MergedAddress.objects.filter(Q(survivor_id__in=ids) | Q(slug__in=slugs), kind=kind))
    snapshot["addresses_before"] = [
        {"pk": address.pk, "survivor_id": address.survivor_id, "merge": address.merge_id}
        for address in earlier
    ]
    MergedAddress.objects.filter(pk__in=[address.pk for address in earlier]).update(survivor_id=survivor.pk)
    # An old address with a merged record's slug (a slug used again after an earlier merge)
    # is now this merge's.
    MergedAddress.objects.filter(kind=kind, slug__in=slugs).update(merge=merge)
    known = {address.slug for address in earlier}
    new = [
        MergedAddress(kind=kind, slug=record.slug, survivor_id=survivor.pk, merge=merge)
        for record in merged
        if record.slug not in known
    ]
    snapshot["addresses_added"] = [address.pk for address in MergedAddress.objects.bulk_create(new)]


def _children_first(records):
    """`records` ordered so that none comes after its parent among them (a unit is deleted
    before the organisation it belongs to, which PROTECT requires)."""
    by_pk = {record.pk: record for record in records}

    def depth(record):
        parents, parent_id = 0, getattr(record, "parent_id", None)
        while parent_id in by_pk and parents < len(by_pk):
            parents, parent_id = parents + 1, by_pk[parent_id].parent_id
        return parents

    return sorted(records, key=depth, reverse=True)


def _flag_scope(survivor, merged, snapshot):
    """The records whose public flags a merge or its undo can change."""
    ids = [survivor.pk, *(record.pk for record in merged)]
    if type(survivor) is Person:
        return {"people": ids}
    parents = [row["fields"].get("parent") for row in snapshot["records"]]
    parents += [snapshot["survivor_before"].get("parent"), survivor.parent_id]
    return {"organizations": [pk for pk in [*ids, *parents] if pk]}


# -- undo --------------------------------------------------------------------------------------------


def survivor_of(merge):
    return MODELS[merge.kind]._base_manager.filter(pk=merge.survivor_id).first()


def undo_problems(merge):
    """What stops undoing `merge` cleanly, as messages (none: it can be undone)."""
    model = MODELS[merge.kind]
    snapshot = merge.snapshot
    if merge.undone_at is not None:
        return [_("This merge has already been undone.")]
    survivor = survivor_of(merge)
    if survivor is None:
        return [
            _("The record kept, “%(name)s”, no longer exists (merged again or deleted): undo that first.")
            % {"name": merge.survivor_name}
        ]
    problems = []
    for row in snapshot["records"]:
        slug = row["fields"]["slug"]
        if (
            model._base_manager.filter(pk=row["pk"]).exists()
            or model._base_manager.filter(slug=slug).exists()
        ):
            problems.append(_("Another record now has the address “%(slug)s”.") % {"slug": slug})
        parent = row["fields"].get("parent")
        restored = {record["pk"] for record in snapshot["records"]}
        if parent and parent not in restored and not model._base_manager.filter(pk=parent).exists():
            problems.append(_("The parent organisation of “%(slug)s” no longer exists.") % {"slug": slug})
    for name in CHOSEN_FIELDS[model]:
        attname = model._meta.get_field(name).attname
        if getattr(survivor, attname) != snapshot["survivor_after"][name]:
            problems.append(
                _("“%(field)s” of the record kept has been changed since the merge.")
                % {"field": model._meta.get_field(name).verbose_name}
            )
    for moved in snapshot["moved"]:
        related = _model(moved["model"])
        pks = [pk for group in moved["rows"].values() for pk in group]
        still = related._base_manager.filter(pk__in=pks, **{moved["field"]: survivor.pk}).count()
        if still != len(pks):
            problems.append(
                _("Some %(rows)s moved by the merge have since been deleted or moved again.")
                % {"rows": related._meta.verbose_name_plural}
            )
    return problems


def _model(label_lower):
    from django.apps import apps

    return apps.get_model(label_lower)


@transaction.atomic
def undo_merge(merge, user):
    """Put back what `merge` changed: the merged records with their ids and slugs, exactly the
    rows it moved, the survivor's values before, without the names it added and the addresses
    it made. Raises MergeRefused, having changed nothing, when that cannot be done cleanly."""
    merge = Merge.objects.select_for_update().get(pk=merge.pk)
    problems = undo_problems(merge)
    if problems:
        raise MergeRefused(problems)
    model = MODELS[merge.kind]
    snapshot = merge.snapshot
    survivor = model._base_manager.get(pk=merge.survivor_id)
    reason = _("Undid merge %(merge)s (%(merged)s)") % {"merge": merge.pk, "merged": merge.merged_names}
    with recorded_as(user, reason), deferred_public_flags():
        restored = _restore(snapshot["records"], parents_first=True)
        for moved in snapshot["moved"]:
            related = _model(moved["model"])
            for owner, pks in moved["rows"].items():
                related._base_manager.filter(pk__in=pks).update(**{moved["field"]: int(owner)})
                if is_tracked(related):
                    record_bulk(related, pks, CHANGED)
        _restore(snapshot["removed_names"])
        for row in other_name_model(model)._base_manager.filter(pk__in=snapshot["added_names"]):
            row.delete()
        for name, value in snapshot["survivor_before"].items():
            setattr(survivor, model._meta.get_field(name).attname, value)
        survivor.save()
        MergedAddress.objects.filter(pk__in=snapshot["addresses_added"]).delete()
        for address in snapshot["addresses_before"]:
            MergedAddress.objects.filter(pk=address["pk"]).update(
                survivor_id=address["survivor_id"], merge_id=address["merge"]
            )
        refresh_public_flags(**_flag_scope(survivor, restored, snapshot))
    merge.undone_at = timezone.now()
    merge.undone_by = user if getattr(user, "is_authenticated", False) else None
    merge.save(update_fields=["undone_at", "undone_by"])
    model.objects.filter(pk__in=[survivor.pk, *(r.pk for r in restored)]).rebuild_search_documents()
    publication_changed()
    return restored


def _restore(rows, parents_first=False):
    """Insert the serialised `rows` again with their ids, through save() (so their history,
    flags and search documents follow), keeping when they were first created."""
    objects = [item.object for item in serializers.deserialize("json", json.dumps(rows))]
    if parents_first:  # the merge deleted units before their parents
        objects = list(reversed(_children_first(objects)))
    for obj in objects:
        obj.save(force_insert=True)
        created = getattr(obj, "created_at", None)
        if created is not None:
            # auto_now_add stamps the insert; the record keeps its first date.
            original = next(row for row in rows if row["pk"] == obj.pk)["fields"]["created_at"]
            type(obj)._base_manager.filter(pk=obj.pk).update(created_at=original)
    return objects


# -- old addresses -----------------------------------------------------------------------------------


def merged_into(model, slug):
    """The record a merged record's `slug` now leads to, or None (never merged, or the
    survivor is gone). One look-up: a later merge of the survivor repointed the address."""
    address = MergedAddress.objects.filter(kind=KINDS[model], slug=slug).first()
    if address is None:
        return None
    return model._default_manager.filter(pk=address.survivor_id).first()
