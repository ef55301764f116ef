"""The archive's pages in the apps' namespaces: the project's URLconf (ogparchive.urls) routes
`people_patterns` as the namespace `people` and adds `report_patterns` to the namespace
`reports` and `event_patterns` to the namespace `events`, so every page keeps its URL and its
name. `sitemap_patterns` are the sitemap and robots.txt, which are in no language."""

from django.urls import path

from . import event_views, people_views
from .feeds import AgencyFeedPage, FeedPage, ReportFeed, SummitReportFeed
from .sitemaps import RobotsPage, SitemapIndexPage, SitemapSectionPage

report_patterns = [
    path("reports/feed.atom", FeedPage.as_view(feed=ReportFeed), name="report-feed"),
]

people_patterns = [
    path("people/", people_views.PersonListView.as_view(), name="person-list"),
    path("people/<slug:slug>/", people_views.PersonDetailView.as_view(), name="person-detail"),
    path("organisations/", people_views.OrganizationListView.as_view(), name="organization-list"),
    path(
        "organisations/<slug:slug>/",
        people_views.OrganizationDetailView.as_view(),
        name="organization-detail",
    ),
    path("organisations/<slug:slug>/feed.atom", AgencyFeedPage.as_view(), name="organization-feed"),
]

event_patterns = [
    path("events/<slug:slug>/", event_views.EventDetailView.as_view(), name="event-detail"),
    path("events/<slug:slug>/feed.atom", FeedPage.as_view(feed=SummitReportFeed), name="summit-feed"),
]

sitemap_patterns = [
    path("robots.txt", RobotsPage.as_view(), name="robots"),
    path("sitemap.xml", SitemapIndexPage.as_view(), name="sitemap"),
    path("sitemap-<slug:section>.xml", SitemapSectionPage.as_view(), name="sitemap-section"),
]
