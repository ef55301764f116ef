"""The archive's pages in the apps' namespaces: the project's URLconf (ogparchive.urls) routes
`people_patterns` as the namespace `people` and adds `event_patterns` to the namespace
`events`, so every page keeps its URL and its name."""

from django.urls import path

from . import event_views, people_views

people_patterns = [
    path("people/", people_views.PersonListView.as_view(), name="person-list"),
    path("people/<slug:slug>/", people_views.PersonDetailView.as_view(), name="person-detail"),
    path("organisations/", people_views.OrganizationListView.as_view(), name="organization-list"),
    path(
        "organisations/<slug:slug>/",
        people_views.OrganizationDetailView.as_view(),
        name="organization-detail",
    ),
]

event_patterns = [
    path("events/<slug:slug>/", event_views.EventDetailView.as_view(), name="event-detail"),
]
