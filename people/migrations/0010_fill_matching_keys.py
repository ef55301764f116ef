"""The matching keys of every person and organisation, and their search documents with the
romanisations of Chinese names and accents folded (core.names, core.search): made from the
names stored, as the models' save() makes them from now on."""

from django.db import migrations

from core.names import latin_words, organisation_keys, person_keys, romanised_words
from core.search import index_terms

BATCH = 2000


def names_of(record):
    return [record.name_zh, record.name_en, *(other.name for other in record.other_names.all())]


def person_document(names):
    return index_terms(
        *names,
        *(" ".join(romanised_words(name)) for name in names),
        *(" ".join(latin_words(name)) for name in names),
    )


def organisation_document(names):
    return index_terms(*names, *(" ".join(latin_words(name)) for name in names))


def fill(model, key_model, owner, keys_of, document_of):
    records, keys = [], []
    for record in model.objects.prefetch_related("other_names").order_by("pk").iterator(BATCH):
        names = names_of(record)
        record.search_document = document_of(names)
        records.append(record)
        keys.extend(key_model(**{owner: record.pk, "key": key}) for key in keys_of(names))
        if len(records) >= BATCH:
            model.objects.bulk_update(records, ["search_document"])
            key_model.objects.bulk_create(keys, batch_size=1000, ignore_conflicts=True)
            records, keys = [], []
    model.objects.bulk_update(records, ["search_document"])
    key_model.objects.bulk_create(keys, batch_size=1000, ignore_conflicts=True)


def forwards(apps, schema_editor):
    fill(
        apps.get_model("people", "Person"),
        apps.get_model("people", "PersonKey"),
        "person_id",
        person_keys,
        person_document,
    )
    fill(
        apps.get_model("people", "Organization"),
        apps.get_model("people", "OrganizationKey"),
        "organization_id",
        organisation_keys,
        organisation_document,
    )


class Migration(migrations.Migration):
    dependencies = [("people", "0009_matching_keys")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True)]
