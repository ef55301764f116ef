"""Keyset ("seek") pagination for the public lists.

A page is asked for by the position of a row, not by a page number: ?after=<cursor> is the
page that follows a row, ?before=<cursor> the page before one. The database seeks straight to
that row through the ordering's index, so the thousandth page costs what the first does (an
OFFSET would read and throw away every row before it). The result count is capped for the
same reason: counting a million rows to print one number is not worth a second.

The ordering is the queryset's own (after the visitor's ?sort=), made total by the primary key,
with NULLs last in both databases (PostgreSQL and SQLite disagree by default).
"""

import base64
import binascii
import dataclasses
import datetime
import json
import math

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import connections, models
from django.db.models import F, Q
from django.db.models.expressions import OrderBy

from .search import term_index_first

COUNT_CAP = 1000


@dataclasses.dataclass(frozen=True)
class SortKey:
    field: str
    descending: bool
    nullable: bool = False

    def order_by(self, backwards=False):
        descending = self.descending != backwards
        if not self.nullable:
            # A plain ORDER BY, which an index on the column serves in either direction.
            return OrderBy(F(self.field), descending=descending)
        # NULLs after the values going forwards, so before them going backwards.
        if backwards:
            return OrderBy(F(self.field), descending=descending, nulls_first=True)
        return OrderBy(F(self.field), descending=descending, nulls_last=True)


def sort_keys(queryset):
    """The queryset's ordering as SortKeys, ending with the primary key."""
    keys = []
    for item in queryset.query.order_by or queryset.model._meta.ordering:
        if isinstance(item, OrderBy) and isinstance(item.expression, F):
            keys.append(SortKey(item.expression.name, item.descending))
        elif isinstance(item, str) and item != "?":
            keys.append(SortKey(item.lstrip("-"), item.startswith("-")))
    keys = [
        SortKey(key.field, key.descending, _nullable(queryset.model, key.field))
        for key in keys
        if key.field not in ("pk", "id")
    ]
    return [*keys, SortKey("pk", False)]


def _nullable(model, name):
    try:
        return model._meta.get_field(name).null
    except FieldDoesNotExist:
        return True


def _value_q(key, value, backwards):
    """Rows strictly beyond `value` in this key's direction of travel."""
    field = key.field
    if not key.nullable:
        return Q(**{f"{field}__{'lt' if key.descending != backwards else 'gt'}": value})
    if value is None:
        # NULLs come last going forwards: nothing is beyond them; going back, every value is.
        return Q(pk__in=[]) if not backwards else Q(**{f"{field}__isnull": False})
    lookup = "lt" if key.descending != backwards else "gt"
    beyond = Q(**{f"{field}__{lookup}": value})
    return beyond | Q(**{f"{field}__isnull": True}) if not backwards else beyond


def _equal_q(key, value):
    return Q(**{f"{key.field}__isnull": True}) if value is None else Q(**{key.field: value})


def seek(queryset, keys, values, backwards=False):
    """The rows after (or before) the row whose sort values are `values`."""
    condition = Q(pk__in=[])
    for index, key in enumerate(keys):
        step = _value_q(key, values[index], backwards)
        for earlier, earlier_value in zip(keys[:index], values[:index], strict=True):
            step &= _equal_q(earlier, earlier_value)
        condition |= step
    return queryset.filter(condition)


def _take(queryset, keys, position, backwards, limit):
    """Up to `limit` rows of the ordered `queryset` beyond `position` (from the start without one).

    Neither database turns the OR of seek()'s condition into a range on the ordering's index,
    so the rows are also bounded on the first sort key, which they can: at or beyond its value.
    When that key holds NULLs (last going forwards, first going back), the values and the NULLs
    are read as two runs of the index, one after the other, each bounded on its own."""
    first = keys[0]
    values, nulls = queryset, None
    if first.nullable:
        values, nulls = (queryset.filter(**{f"{first.field}__isnull": flag}) for flag in (False, True))
    runs = [run for run in ([nulls, values] if backwards else [values, nulls]) if run is not None]
    rows = []
    for run in runs:
        if position is not None:
            value = position[0]
            if value is None and not backwards and run is values:
                continue  # going forwards from a NULL: no value lies beyond
            if value is not None and run is values:
                lookup = "lte" if first.descending != backwards else "gte"
                run = run.filter(**{f"{first.field}__{lookup}": value})
            run = seek(run, keys, position, backwards)
        rows += list(run[: limit - len(rows)])
        if len(rows) >= limit:
            break
    return rows


def encode_cursor(row, keys):
    values = [_plain(getattr(row, "pk" if key.field == "pk" else key.field)) for key in keys]
    return base64.urlsafe_b64encode(json.dumps(values, ensure_ascii=False).encode()).decode().rstrip("=")


def decode_cursor(cursor, model, keys, using="default"):
    """The sort values a cursor carries, or None when it is not one of ours: not base64 of a
    JSON list with one value per key, or a value its field could not hold in the database
    `using` (checked here, so that no crafted cursor reaches a query)."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())
    except (ValueError, TypeError, RecursionError, binascii.Error, UnicodeError):
        return None
    return _position(values, model, keys, using)


def _position(values, model, keys, using):
    """The decoded JSON `values` of a cursor as sort values, or None (see decode_cursor)."""
    try:
        if not isinstance(values, list) or len(values) != len(keys):
            return None
        if any(value is None and not key.nullable for key, value in zip(keys, values, strict=True)):
            return None
        return [_python(model, key.field, value, using) for key, value in zip(keys, values, strict=True)]
    except (ValueError, TypeError, OverflowError, UnicodeError, ValidationError, FieldDoesNotExist):
        return None


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def _python(model, name, value, using="default"):
    """A cursor's value as its field's Python value; ValueError, ValidationError or
    OverflowError when the field's column could not hold it."""
    if value is None:
        return None
    field = model._meta.pk if name == "pk" else model._meta.get_field(name)
    field = field.target_field if field.is_relation else field
    if type(value) not in _json_type(field):  # exactly: JSON's true is no integer here
        raise ValueError("not the type encode_cursor writes for this field")
    value = field.to_python(value)
    _check_range(field, value, connections[using])
    return value


def _json_type(field):
    """The JSON types encode_cursor writes for `field`'s values: dates, times and text as
    strings."""
    if isinstance(field, models.BooleanField):
        return (bool,)
    if isinstance(field, models.IntegerField):  # the auto fields too
        return (int,)
    if isinstance(field, (models.FloatField, models.DecimalField)):
        return (int, float)
    return (str,)


def _check_range(field, value, connection):
    """ValueError (or OverflowError) unless the database can compare `field`'s column with
    `value`: an integer within the column type's range (SQLite refuses anything past 64 bits,
    PostgreSQL past the column's type), a finite number, text within max_length and without
    NUL characters (PostgreSQL refuses them), a time with its time zone that stays within the
    calendar in UTC; then the field's own validators."""
    if isinstance(value, int) and not isinstance(value, bool):
        internal_type = field.get_internal_type()
        if internal_type not in connection.ops.integer_field_ranges:
            internal_type = "BigIntegerField"  # the widest column either database has
        low, high = connection.ops.integer_field_range(internal_type)
        if not low <= value <= high:
            raise ValueError("out of the column's range")
    elif isinstance(value, float) and not math.isfinite(value):
        raise ValueError("not a finite number")
    elif isinstance(value, str):
        if "\x00" in value:
            raise ValueError("a NUL character")
        value.encode()  # UnicodeEncodeError for a lone surrogate, which no database stores
        if field.max_length is not None and len(value) > field.max_length:
            raise ValueError("longer than the column")
    elif isinstance(value, datetime.datetime):
        if value.utcoffset() is None:
            raise ValueError("a time without its time zone")
        value.astimezone(datetime.UTC)  # OverflowError outside the years 1 to 9999
    field.run_validators(value)


@dataclasses.dataclass
class KeysetPage:
    object_list: list
    count: int
    count_is_capped: bool
    next_cursor: str | None
    previous_cursor: str | None
    is_first: bool
    # A cursor was given that is not one of this list's, and the first page is shown instead.
    cursor_ignored: bool = False

    @property
    def has_next(self):
        return self.next_cursor is not None

    @property
    def has_previous(self):
        return self.previous_cursor is not None

    def has_other_pages(self):
        return self.has_next or self.has_previous


def paginate(queryset, per_page, after=None, before=None):
    """One page of `queryset` after or before a cursor (the first page without one)."""
    keys = sort_keys(queryset)
    forwards = queryset.order_by(*(key.order_by() for key in keys))
    # Only the primary keys: annotations the page shows (flags, counts) cost nothing here.
    with term_index_first(queryset):
        capped = queryset.order_by().values("pk")[: COUNT_CAP + 1].count()
    count, count_is_capped = min(capped, COUNT_CAP), capped > COUNT_CAP

    position = decode_cursor(before, queryset.model, keys, queryset.db) if before else None
    if position is not None:
        backwards = queryset.order_by(*(key.order_by(backwards=True) for key in keys))
        rows = _take(backwards, keys, position, True, per_page + 1)
        more_before = len(rows) > per_page
        rows = rows[:per_page][::-1]
        return KeysetPage(
            rows,
            count,
            count_is_capped,
            next_cursor=encode_cursor(rows[-1], keys) if rows else None,
            previous_cursor=encode_cursor(rows[0], keys) if rows and more_before else None,
            is_first=not more_before,
        )

    position = decode_cursor(after, queryset.model, keys, queryset.db) if after else None
    rows = _take(forwards, keys, position, False, per_page + 1)
    more_after = len(rows) > per_page
    rows = rows[:per_page]
    return KeysetPage(
        rows,
        count,
        count_is_capped,
        next_cursor=encode_cursor(rows[-1], keys) if rows and more_after else None,
        previous_cursor=encode_cursor(rows[0], keys) if rows and position is not None else None,
        is_first=position is None,
        cursor_ignored=bool(after or before) and position is None,
    )


# Tiers: a list read as several querysets one after another (the search's best matches first,
# archive.search). Each tier is a query of its own in the list's order, read with a limit from
# where the page starts; the cursor carries the tier with the position in it, so a deep page
# seeks as any list page does, and nothing ranks every match.


def encode_tier_cursor(tier, row, keys):
    values = [tier, *(_plain(getattr(row, "pk" if key.field == "pk" else key.field)) for key in keys)]
    return base64.urlsafe_b64encode(json.dumps(values, ensure_ascii=False).encode()).decode().rstrip("=")


def decode_tier_cursor(cursor, tiers, keys):
    """(tier, sort values) of a cursor encode_tier_cursor wrote for these `tiers`, or None when
    it is not one: the tier must be one of the list's, the values as decode_cursor checks them."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())
    except (ValueError, TypeError, RecursionError, binascii.Error, UnicodeError):
        return None
    if not isinstance(values, list) or not values:
        return None
    tier = values[0]
    if type(tier) is not int or not 0 <= tier < len(tiers):
        return None
    position = _position(values[1:], tiers[tier].model, keys, tiers[tier].db)
    return None if position is None else (tier, position)


def first_of_tiers(tiers, limit):
    """Up to `limit` rows of the tiers, the first tier's first; one query a tier at most, none
    for the tiers after the limit is reached."""
    return [row for _tier, row in _take_tiers(tiers, sort_keys(tiers[0]), None, False, limit)]


def _take_tiers(tiers, keys, start, backwards, limit):
    """(tier, row) pairs beyond `start` ((tier, position), or None for the list's start or,
    going backwards, its end), up to `limit`, crossing into the following (or preceding)
    tiers from their start (or end) as a tier runs out."""
    order = [key.order_by(backwards=backwards) for key in keys]
    indexes = range(len(tiers) - 1, -1, -1) if backwards else range(len(tiers))
    if start is not None:
        indexes = [index for index in indexes if (index <= start[0] if backwards else index >= start[0])]
    taken = []
    for index in indexes:
        position = start[1] if start is not None and index == start[0] else None
        rows = _take(tiers[index].order_by(*order), keys, position, backwards, limit - len(taken))
        taken += [(index, row) for row in rows]
        if len(taken) >= limit:
            break
    return taken


def count_tiers(tiers):
    """The rows of the tiers (which share none), counted up to COUNT_CAP: each tier counted up
    to what is left of the cap, through the term index where it searches."""
    total = 0
    # The last tier holds the broadest search, if any tier does.
    with term_index_first(tiers[-1]):
        for tier in tiers:
            total += tier.order_by().values("pk")[: COUNT_CAP + 1 - total].count()
            if total > COUNT_CAP:
                break
    return min(total, COUNT_CAP), total > COUNT_CAP


def paginate_tiers(tiers, per_page, after=None, before=None):
    """One page of the querysets `tiers` read one after another (the first tier's rows first,
    each tier in the order the queryset gives, all of one model and ordering), after or before
    a cursor that carries the tier (the first page without one). A cursor that is not one of
    this list's gives the first page."""
    keys = sort_keys(tiers[0])
    count, count_is_capped = count_tiers(tiers)

    start = decode_tier_cursor(before, tiers, keys) if before else None
    if start is not None:
        taken = _take_tiers(tiers, keys, start, True, per_page + 1)
        more_before = len(taken) > per_page
        taken = taken[:per_page][::-1]
        return KeysetPage(
            [row for _tier, row in taken],
            count,
            count_is_capped,
            next_cursor=encode_tier_cursor(*taken[-1], keys) if taken else None,
            previous_cursor=encode_tier_cursor(*taken[0], keys) if taken and more_before else None,
            is_first=not more_before,
        )

    start = decode_tier_cursor(after, tiers, keys) if after else None
    taken = _take_tiers(tiers, keys, start, False, per_page + 1)
    more_after = len(taken) > per_page
    taken = taken[:per_page]
    return KeysetPage(
        [row for _tier, row in taken],
        count,
        count_is_capped,
        next_cursor=encode_tier_cursor(*taken[-1], keys) if taken and more_after else None,
        previous_cursor=encode_tier_cursor(*taken[0], keys) if taken and start is not None else None,
        is_first=start is None,
        cursor_ignored=bool(after or before) and start is None,
    )
