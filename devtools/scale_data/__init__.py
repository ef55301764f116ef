"""A large archive shaped like the real one, for benchmarks and load tests (generate_demo_data).

What is made, for N reports: about 3×N people (names from Taiwanese surnames and given-name
characters, half with a romanised or English name, some with other names), up to 2,000
organisations (Taiwanese agencies with their units and sections, local governments,
universities, civil society, foreign ministries and international bodies), up to 50 summits and
conferences in cities worldwide with rooms, tracks and together 2×N sessions and about 6×N
session roles, and N delegations with about 10×N roster rows and one report each (header fields,
keywords, abstract, sections, recommendations, follow-up items, authors).

Everything generated is recognisable: people, organisations, events, delegations and reports
have slugs starting with "gen-", and every other generated row hangs off one of those. Real
records (the demo data, anything staff entered) are never touched, and no generated name shares
a matching key with a real record or with a name in fixtures/, so loading the demo data later
links nothing to generated records.

The same seed gives the same archive: each part draws from its own random.Random seeded from
the seed and the part's name, and nothing depends on the database (ids, today's date). Rows are
written with bulk_create, a chunk of reports at a time, so memory stays bounded. bulk_create
skips save(): the fields save() derives (name keys, cleaned names, an event's summit and time
zone, the search document of records whose document needs no related rows) are filled here the
way save() fills them; rebuild_search_index, run by the command afterwards, does the rest.

One job per file: words.py reads the vocabularies (the files in vocabularies/); size.py says how
much to make; generator.py runs the parts, organizations.py, people.py, programme.py and
delegations.py; draws.py holds the weighted draws they share and writing.py the writing of rows
(bulk_create, or COPY on PostgreSQL); generated.py says what is generated and clears it;
reserved.py lists the names a generated record must not take.
"""

from .generated import PREFIX, clear_generated_data, generated_counts
from .generator import ScaleDataGenerator
from .size import Size
from .words import keyword_vocabulary

__all__ = [
    "PREFIX",
    "ScaleDataGenerator",
    "Size",
    "clear_generated_data",
    "generated_counts",
    "keyword_vocabulary",
]
