from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from archive import urls as archive_urls
from archive import views
from events import urls as events_urls
from reports import urls as reports_urls

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz/", views.health_check, name="health-check"),
    path(settings.ADMIN_PATH, admin.site.urls),
    *archive_urls.sitemap_patterns,
]

# Public pages carry their language in the path (/zh-hant/… by default, /en/…), so every page
# in either language is a permalink. The people and organisation pages, an event's page and the
# feeds of reports span the apps: they are the top app's (archive.urls), in the namespaces
# `people`, `events` and `reports`.
urlpatterns += i18n_patterns(
    path("", views.HomeView.as_view(), name="home"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("", include((reports_urls.urlpatterns + archive_urls.report_patterns, reports_urls.app_name))),
    path("", include((archive_urls.people_patterns, "people"))),
    path("", include((events_urls.urlpatterns + archive_urls.event_patterns, events_urls.app_name))),
)
