"""What a programme prints for each of its sessions, written out in Python: a summit's
programme prints hundreds of sessions on one page, and Django's date filters inside a
`{% timezone %}` block took a third of such a page's time (the Paris 2016 summit: 293
sessions)."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def session_time(session):
    """The session's start and known end as <time> elements, in its own time zone (what
    `{% timezone session.zone %}` with `|date:'c'` and `|time:'H:i'` gave), else the time as
    the source prints it."""
    if not session.starts_at:
        return session.time_as_printed
    zone = session.zone
    start = session.starts_at.astimezone(zone)
    printed = format_html('<time datetime="{}">{}</time>', start.isoformat(), start.strftime("%H:%M"))
    end = session.known_end
    if end:
        end = end.astimezone(zone)
        printed += format_html('–<time datetime="{}">{}</time>', end.isoformat(), end.strftime("%H:%M"))
    return printed
