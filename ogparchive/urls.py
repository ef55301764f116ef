from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from archive import views

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz/", views.health_check, name="health-check"),
    path(settings.ADMIN_PATH, admin.site.urls),
]

# Public pages carry their language in the path (/zh-hant/… by default, /en/…), so every page
# in either language is a permalink.
urlpatterns += i18n_patterns(
    path("", views.HomeView.as_view(), name="home"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("", include("reports.urls")),
    path("", include("people.urls")),
    path("", include("events.urls")),
)
