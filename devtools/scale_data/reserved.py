"""The names a generated record must not take: those of the demo data set and of every real
record."""

import yaml

from archive.demo_data import FIXTURES_DIR
from core.text import name_key
from people.models import Organization, OrganizationName, Person, PersonName

from .generated import PREFIX


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def reserved_name_keys(fixtures=FIXTURES_DIR):
    """Matching keys that generated names must avoid: every name in the demo data set's files
    and of every person and organisation already in the database that was not generated. The
    demo loader and staff match people and organisations by these keys; a generated namesake
    would make a real name ambiguous, or link a real roster row to a generated record."""
    texts = []
    for path in sorted(fixtures.rglob("*.csv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            for cell in line.split(","):
                for part in cell.split("|"):
                    texts += [part, part.partition(":")[2]]
    for path in sorted(fixtures.rglob("*.yaml")):
        texts += _strings(yaml.safe_load(path.read_text(encoding="utf-8")))
    keys = {name_key(text.strip().strip('"')) for text in texts if len(text) < 300}
    real_people = Person.objects.exclude(slug__startswith=PREFIX)
    real_organizations = Organization.objects.exclude(slug__startswith=PREFIX)
    for queryset, fields in [
        (real_people, ["name_zh_key", "name_en_key"]),
        (PersonName.objects.filter(person__in=real_people), ["key"]),
        (real_organizations, ["name_zh_key", "name_en_key"]),
        (OrganizationName.objects.filter(organization__in=real_organizations), ["key"]),
    ]:
        for field in fields:
            keys.update(queryset.values_list(field, flat=True).distinct())
    keys.discard("")
    return keys
