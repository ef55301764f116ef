"""The stored public flags, as writers below reports reach them.

Which people, organisations, events and delegations the public sees is stored as flags that
reports keeps true (reports.publication): its receivers refresh them on every save and delete
(reports.receivers), and a writer that skips save() (bulk_create, COPY, update()) refreshes the
records it touched itself, in its own transaction, its writes wrapped in a deferral so that the
signals its deletes still send refresh once at the end rather than row by row.

The programme import (events.programme_io) is such a writer, but events sits below reports in
the layers (.importlinter) and may not import it. So reports hands its two functions over to
this module when it is ready (reports.receivers.connect), and such a writer calls them here:

    with public_flags.deferred():
        ...  # bulk writes
    public_flags.refresh(events=[...], people=[...], organizations=[...])

Writers in reports itself (the roster import, the demo loader) call reports directly.
"""

_provided = None


def provide(deferred, refresh):
    """Reports' functions: `deferred()`, a context manager that gathers the refreshes of the
    writes inside it and runs them once at its end, and `refresh(**records)`, which recomputes
    the flags of the given records ({"people": ids, "organizations": ids, …}) and of everything
    that depends on them."""
    global _provided
    _provided = (deferred, refresh)


def _functions():
    if _provided is None:
        # Not silently nothing: the flags would go stale and public pages show the wrong records.
        raise RuntimeError("No public flags to keep: reports has not provided them (is it installed?)")
    return _provided


def deferred():
    return _functions()[0]()


def refresh(**records):
    _functions()[1](**records)
