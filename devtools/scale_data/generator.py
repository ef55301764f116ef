"""The generator: the whole archive, part by part (organisations, people, summits and their
programmes, delegations and their reports), each part drawing from its own random generator.
See __init__.py for what is made.

Each part is a mixin in a file of its own; generate() runs them in order, and each reads what
the parts before it set on the generator (self.orgs, the people's lists, self.summits)."""

import random

from django.db import connection

from core.text import name_key
from events.models import Language
from reports.models import Keyword

from .delegations import DelegationsMixin
from .organizations import OrganizationsMixin
from .people import PeopleMixin
from .programme import ProgrammeMixin
from .reserved import reserved_name_keys
from .size import Size
from .words import COUNTRIES, OTHER_COUNTRIES, keyword_vocabulary
from .writing import Stats, WritingMixin


class ScaleDataGenerator(OrganizationsMixin, PeopleMixin, ProgrammeMixin, DelegationsMixin, WritingMixin):
    def __init__(self, reports, seed=1, batch_size=5000, log=None):
        self.size = Size.for_reports(reports)
        self.seed = seed
        self.batch_size = batch_size
        self.log = log or (lambda message: None)
        self.stats = Stats()
        # A chunk of reports is generated and written at a time (about 10 roster rows each).
        self.chunk = max(100, batch_size // 2)

    def rng(self, part):
        """The random generator of one part of the archive: parts do not shift one another."""
        return random.Random(f"ogparchive-scale/{self.seed}/{part}")

    def fresh(self, rng, make, attempts=50):
        """A value of make(rng) whose name keys are not reserved."""
        for _ in range(attempts):
            value = make(rng)
            if not any(name_key(name) in self.reserved for name in value[:2] if name):
                return value
        raise RuntimeError("could not find a name that no real record has")

    def generate(self):
        """Write the archive. The caller holds the transaction."""
        if not connection.features.can_return_rows_from_bulk_insert:
            raise RuntimeError("generate_demo_data needs a database that returns ids from bulk inserts")
        self.reserved = reserved_name_keys()
        self.language_ids = dict(Language.objects.values_list("code", "pk"))
        self.countries = {}
        for line in COUNTRIES.strip().splitlines():
            code, en, zh, capital_en, capital_zh, zone = line.split("|")
            self.countries[code] = (en, zh, capital_en, capital_zh, zone)
        self.make_keywords()
        self.make_organizations()
        self.make_people()
        self.make_summits()
        self.make_reports()
        return self.stats

    def country_names(self, code):
        """(English, Chinese) name of a country."""
        if code in self.countries:
            return self.countries[code][:2]
        return OTHER_COUNTRIES[code]

    def make_keywords(self):
        words = keyword_vocabulary()
        existing = set(Keyword.objects.filter(name__in=words).values_list("name", flat=True))
        self.insert(Keyword, [Keyword(name=word) for word in words if word not in existing])
        self.keyword_id = dict(Keyword.objects.filter(name__in=words).values_list("name", "pk"))
        self.keyword_ids = [self.keyword_id[word] for word in words]
