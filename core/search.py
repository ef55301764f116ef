"""Bilingual search: the text each searchable record stores, and how a query matches it.

Chinese has no spaces between words and most words are two characters (國會, 臺灣, 開放), so
a record's text is stored as its overlapping character bigrams, and its single characters:
開放國會 → 開放 放國 國會 開 放 國 會. A query is cut into bigrams (a one-character query stays
one character) and every one of them must be present, so 國會 finds 開放國會 while 國際會
(國際 際會) does not match text that only has 國會, and 陳 finds 陳志明. Latin text (names,
English titles) is stored as lowercased words. Everything is normalised the same way on both sides
(NFKC, case-folded, 台 as 臺).

The stored document is " term term … term ": one space before and after every term, so that
" 國會 " matches the whole bigram and " parl" the start of a word. On SQLite a query is one
`LIKE` per term. On PostgreSQL the same terms are looked up in a GIN index over a generated
column, `search_terms` = to_tsvector('simple', search_document): the space-separated terms,
unchanged (migrations search_terms). Every term is an exact key of the index (a word of
PREFIX_MIN_LENGTH or more letters a prefix key, `parl:*`), so the database reads exactly the
matching rows, and its statistics say how many there will be, so it walks the list's order
index instead when a term is common. The pg_trgm index this replaced had to re-read every
candidate row's whole document, which took seconds for common bigrams at 100,000 reports.

Known limits of bigrams without a dictionary: a query's bigrams need not be adjacent in the
text (開放國會 also matches a text holding 開放, 放國 and 國會 apart), and a bigram can span a
word boundary (聯合國會員 holds 國會).
"""

import contextlib
import re
import unicodedata

from django.db import connection, connections, transaction
from django.db.models import BooleanField, Expression, F, Q

from .publication_version import publication_changed
from .text import fold_accents, to_traditional

# Variant characters folded to the form Taiwan's standard (教育部標準字) uses, on both the
# stored and the queried side. Only pairs that are the same character written two ways and
# never two different words: 台/臺 above all; the others are the Japanese or simplified
# codepoints of a few characters that Taiwanese names and texts use, which PDF extraction and
# input methods produce. Pairs that are different words in some use are left alone:
# 着/著, 于/於, 余/餘, 周/週, 后/後, 里/裡, 面/麵, 干/乾/幹, 只/隻.
VARIANTS = str.maketrans(
    {
        "台": "臺",
        "吴": "吳",  # U+5434 (simplified) for U+5433
        "黄": "黃",  # U+9EC4 (Japanese, simplified) for U+9EC3
        "彦": "彥",  # U+5F66 (Japanese, simplified) for U+5F65
        "内": "內",  # U+5185 (Japanese, simplified) for U+5167
        "户": "戶",  # U+6237 (simplified) for U+6236
        "戸": "戶",  # U+6238 (Japanese) for U+6236
        "温": "溫",  # U+6E29 (Japanese, simplified) for U+6EAB
        "説": "說",  # U+8AAC (Japanese) for U+8AAA
        "爲": "為",  # the older form of 為
        "眞": "真",  # the older form of 真
        "衆": "眾",  # the older form of 眾
        "裏": "裡",  # one character, two shapes (裡面/裏面)
        "峯": "峰",
        "綫": "線",
    }
)

# Characters indexed as bigrams: Han (with 〇), kana and Hangul, none of which puts spaces
# between words.
_CJK = "\u3007\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f"
_TERM = re.compile(rf"(?P<cjk>[{_CJK}]+)|(?P<word>[^\W_{_CJK}]+)")

# A stored document stops growing at this many characters (the terms are deduplicated, so
# this is a bound on a report's vocabulary, not on its length).
MAX_DOCUMENT_LENGTH = 100_000

# Query words at least this long match the start of a stored word (parliament finds
# parliamentary, Shien finds Shien-Quey's "shien"); shorter ones match whole words only, so a
# two-letter word such as "ai" does not match every word beginning with it.
PREFIX_MIN_LENGTH = 3


def normalise(text):
    """Text as it is indexed and queried: NFKC (full-width forms to plain ones, compatibility
    ideographs to unified ones), Latin letters without accents (Óscar as oscar), case-folded,
    and the variant characters of VARIANTS folded."""
    return fold_accents(unicodedata.normalize("NFKC", text or "")).casefold().translate(VARIANTS)


def _is_cjk(term):
    return _TERM.fullmatch(term[0]).lastgroup == "cjk"


def _terms(text, characters):
    """The terms of normalised text: each CJK run as its overlapping bigrams (a lone character
    as itself) and, with `characters`, as its single characters too; each other run of letters
    and digits as one word; one-letter words dropped."""
    for match in _TERM.finditer(text):
        if match.lastgroup == "cjk":
            run = match.group()
            yield from (run[i : i + 2] for i in range(len(run) - 1))
            if characters or len(run) == 1:
                yield from run
        elif len(match.group()) > 1:
            yield match.group()


def index_terms(*texts):
    """The search document of a record made of `texts`: " term term … " with every distinct
    term once, in order of first appearance, at most MAX_DOCUMENT_LENGTH characters; "" when
    the texts hold no term."""
    terms = dict.fromkeys(term for text in texts for term in _terms(normalise(text), characters=True))
    kept, length = [], 1
    for term in terms:
        length += len(term) + 1
        if length > MAX_DOCUMENT_LENGTH:
            break
        kept.append(term)
    return f" {' '.join(kept)} " if kept else ""


def query_terms(query):
    """The terms a query requires, each once, in order: Chinese as bigrams, other words
    whole; one-letter words and punctuation (quotes, hyphens) are dropped."""
    return list(dict.fromkeys(_terms(normalise(query), characters=False)))


def search_filter(field_name, query, terms_column=None):
    """A Q that holds when the search document in `field_name` has every term of `query`, or,
    for a query in Simplified Chinese, every term of its Traditional form (国会 finds 國會;
    the archive's texts are Traditional, and the query is read both ways because a character
    such as 于 is a Traditional name as well as the Simplified 於).

    A Chinese term or a short word must be a whole stored term (" 國會 "); a word of
    PREFIX_MIN_LENGTH or more letters the start of one (" parliament" finds "parliamentary").
    A query with no terms matches nothing. On PostgreSQL the document's terms column is
    `terms_column` (TERMS_COLUMN, the search document's, unless another is named).
    """
    condition = _all_terms(field_name, query_terms(query), terms_column)
    traditional = query_terms(to_traditional(query))
    if traditional != query_terms(query):
        condition |= _all_terms(field_name, traditional, terms_column)
    return condition


def _all_terms(field_name, terms, terms_column):
    if not terms:
        return Q(pk__in=[])
    wholes = [_is_cjk(term) or len(term) < PREFIX_MIN_LENGTH for term in terms]
    if connection.vendor == "postgresql":
        return Q(HasTerms(field_name, terms, wholes, terms_column or TERMS_COLUMN))
    condition = Q()
    for term, whole in zip(terms, wholes, strict=True):
        condition &= Q(**{f"{field_name}__contains": f" {term} " if whole else f" {term}"})
    return condition


class HasTerms(Expression):
    """PostgreSQL: the search document holds every term (whole, or as a word's start), asked
    of the record's terms column and its GIN index (the search_terms migrations).
    Each term is quoted as a tsquery lexeme, so no character of a query is read as an operator."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, field_name, terms, wholes, terms_column=None):
        super().__init__()
        self.document = F(field_name)
        self.terms, self.wholes = terms, wholes
        self.terms_column = terms_column or TERMS_COLUMN

    def get_source_expressions(self):
        return [self.document]

    def set_source_expressions(self, expressions):
        (self.document,) = expressions

    def as_sql(self, compiler, connection):
        document, params = compiler.compile(self.document)
        # The terms column sits beside the document in the same table (same alias).
        table = document.rsplit(".", 1)[0]
        lexemes = (
            "'" + term.replace("\\", "\\\\").replace("'", "''") + "'" + ("" if whole else ":*")
            for term, whole in zip(self.terms, self.wholes, strict=True)
        )
        return f"{table}.{self.terms_column} @@ to_tsquery('simple'::regconfig, %s)", (
            *params,
            " & ".join(lexemes),
        )


def searches_terms(queryset):
    """Whether `queryset` is filtered by a search (a HasTerms condition)."""
    # The condition sits in the WHERE tree as `HasTerms = true`, a lookup around it.
    return any(
        isinstance(node, HasTerms) for leaf in queryset.query.where.leaves() for node in leaf.flatten()
    )


@contextlib.contextmanager
def term_index_first(queryset):
    """Within the block, PostgreSQL finds the matches of `queryset`'s search through the term
    index instead of checking the table's rows one by one; nothing changes for a queryset
    without a search or on another database.

    Its planner prices checking a row's terms as cheap, but a report's terms (some 11 kB at
    100,000 reports) are stored out of line, and each check reads and unpacks them: counting
    the first 1,000 matches of "open parliament" row by row took 960 ms, through the index
    48 ms. The setting is the transaction's own and is put back as the block ends, also
    inside a longer transaction."""
    db = connections[queryset.db]
    if db.vendor != "postgresql" or not searches_terms(queryset):
        yield
        return
    with transaction.atomic(using=queryset.db), db.cursor() as cursor:
        cursor.execute("SELECT current_setting('enable_seqscan'), set_config('enable_seqscan', 'off', true)")
        previous = cursor.fetchone()[0]
        try:
            yield
        finally:
            cursor.execute("SELECT set_config('enable_seqscan', %s, true)", [previous])


# PostgreSQL only, so not a model field: the document's terms as a tsvector, which the database
# computes on every write (a generated column). Matching reads it instead of parsing the
# document again for each row it checks.
TERMS_COLUMN = '"search_terms"'


def deleted_with(origin, model):
    """Whether a deletion started at `origin` (an instance or a queryset, as post_delete gives
    it) deletes rows of `model` too: their search documents need no refresh then."""
    return isinstance(origin, model) or getattr(origin, "model", None) is model


def rebuild_documents(queryset, batch_size=2000):
    """Recompute the search document of every record of `queryset` (whose model has
    build_search_document()) and save those that changed, `batch_size` at a time. Returns
    (records read, records changed). The one function here that touches the database: the four
    querysets' rebuild_search_documents() share it."""
    read = changed = 0
    batch, fields = [], set()
    for record in queryset.order_by("pk").iterator(chunk_size=batch_size):
        read += 1
        changed_fields = apply_search_fields(record)
        if changed_fields:
            fields |= changed_fields
            batch.append(record)
        if len(batch) >= batch_size:
            queryset.model._base_manager.bulk_update(batch, sorted(fields))
            changed += len(batch)
            batch, fields = [], set()
    if batch:
        queryset.model._base_manager.bulk_update(batch, sorted(fields))
        changed += len(batch)
    if changed:  # what search finds has changed (bulk_update sends no signal)
        publication_changed()
    return read, changed


def refold_document(document):
    """A stored search document with its terms normalised as index_terms() normalises them now:
    for the migrations that follow a change of normalise() (accents folded), without reading the
    records' texts again. Terms are already cut and deduplicated; a term normalise() changes is
    replaced, and a duplicate it makes dropped."""
    terms = dict.fromkeys(normalise(term) for term in document.split())
    return f" {' '.join(terms)} " if terms else ""


def refold_documents(model, batch_size=2000):
    """Refold (refold_document) the stored search document of every row of `model` (a
    migration's historical model) that holds a letter outside ASCII."""
    batch = []
    records = model.objects.exclude(search_document="").only("pk", "search_document")
    for record in records.iterator(batch_size):
        if record.search_document.isascii():
            continue
        folded = refold_document(record.search_document)
        if folded != record.search_document:
            record.search_document = folded
            batch.append(record)
        if len(batch) >= batch_size:
            model.objects.bulk_update(batch, ["search_document"])
            batch = []
    if batch:
        model.objects.bulk_update(batch, ["search_document"])


# Relevance (the public search's tiers: archive.search). Besides the search document, a report
# and an event keep a document of their titles alone and each title's exact key, so "the title
# is the query" and "a title matches" are index lookups of their own, read a page at a time,
# instead of a score computed over every match.

# PostgreSQL only, like TERMS_COLUMN: the title document's terms, generated from it, with a GIN
# index (the migrations title_search of reports and events).
TITLE_TERMS_COLUMN = '"title_terms"'


def exact_key(text):
    """The key two writings of one title share: normalised as search terms are (so case, width
    and the folded variants do not count), its runs of Chinese characters and of letters and
    digits kept whole and joined by one space, punctuation and spacing dropped: "Open
    Parliament: a Roadmap" and "open parliament — a roadmap" share "open parliament a roadmap"."""
    return " ".join(match.group() for match in _TERM.finditer(normalise(text)))


def key_filter(field_names, query):
    """A Q that holds when any of the key fields `field_names` is `query`'s exact_key(); none for
    a query without letters."""
    key = exact_key(query)
    if not key:
        return Q(pk__in=[])
    condition = Q()
    for name in field_names:
        condition |= Q(**{name: key})
    return condition


def apply_search_fields(record):
    """Set `record`'s derived search columns as its model computes them now, and return the
    names of those that changed: the search document, and for a model with
    build_search_fields() (a dict of column to value) all that it keeps."""
    build = getattr(record, "build_search_fields", None)
    values = build() if build is not None else {"search_document": record.build_search_document()}
    changed = set()
    for name, value in values.items():
        if getattr(record, name) != value:
            setattr(record, name, value)
            changed.add(name)
    return changed
