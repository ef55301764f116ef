"""An event's page with what the reports say of the event. Routed in the namespace `events`
(archive.urls.event_patterns)."""

from core.listing import Shortlist
from events import views as event_views
from reports.models import Delegation, SourceNote


class EventDetailView(event_views.EventDetailView):
    """An event's page (events.views.EventDetailView) with the delegations with a published
    report that attended it, and its source notes."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.object
        # In the generated archive a summit has hundreds of delegations; the reports list,
        # filtered by the event, has them all.
        context["delegations"] = Shortlist.of(
            Delegation.objects.public()
            .filter(event_links__event=event)
            .order_by("departure_date")
            .only("slug", "title", "departure_date")
        )
        context["notes"] = SourceNote.objects.for_record(event)
        return context
