from django.urls import path

from . import views

app_name = "events"

# The event page itself (events:event-detail) is archive.urls.event_patterns: it shows the
# delegations and source notes of the reports.

urlpatterns = [
    path("events/", views.EventListView.as_view(), name="event-list"),
    path("events/<slug:slug>/calendar.ics", views.SummitCalendarView.as_view(), name="summit-calendar"),
    path("sessions/", views.SessionListView.as_view(), name="session-list"),
]
