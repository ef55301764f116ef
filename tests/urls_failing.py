"""A URLconf for the error page tests only: the site's URLs plus a view that fails."""

from django.urls import path

from ogparchive.urls import urlpatterns as site_urlpatterns

SECRET_IN_EXCEPTION = "草稿標題 draft title from a failing query"


def failing_view(request):
    raise RuntimeError(SECRET_IN_EXCEPTION)


urlpatterns = [path("failing/", failing_view), *site_urlpatterns]
