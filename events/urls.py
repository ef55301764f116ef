from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("events/", views.EventListView.as_view(), name="event-list"),
    path("events/<slug:slug>/", views.EventDetailView.as_view(), name="event-detail"),
    path("events/<slug:slug>/calendar.ics", views.SummitCalendarView.as_view(), name="summit-calendar"),
    path("sessions/", views.SessionListView.as_view(), name="session-list"),
]
