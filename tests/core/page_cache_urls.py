"""A URLconf for the page cache tests only: public pages (core.page_cache.PublicPage) that hold
something of one visitor's, beside the site's own URLs."""

from django.contrib import messages
from django.http import HttpResponse
from django.template import engines
from django.urls import path
from django.views import View

from core.page_cache import PublicPage
from ogparchive.urls import urlpatterns as site_urlpatterns

FORM = engines["django"].from_string('<form method="post">{% csrf_token %}<button>OK</button></form>')


class PlainPage(PublicPage, View):
    def get(self, request):
        return HttpResponse("the same for everyone")


class CsrfForm(PublicPage, View):
    def get(self, request):
        return HttpResponse(FORM.render({}, request))


class AddsMessage(PublicPage, View):
    def get(self, request):
        messages.info(request, "saved")
        return HttpResponse("a message waits")


class SetsCookie(PublicPage, View):
    def get(self, request):
        response = HttpResponse("a cookie of yours")
        response.set_cookie("seen", "yes")
        return response


class WritesSession(PublicPage, View):
    def get(self, request):
        request.session["seen"] = True
        return HttpResponse("remembered")


urlpatterns = [
    path("plain/", PlainPage.as_view()),
    path("csrf-form/", CsrfForm.as_view()),
    path("adds-message/", AddsMessage.as_view()),
    path("sets-cookie/", SetsCookie.as_view()),
    path("writes-session/", WritesSession.as_view()),
    *site_urlpatterns,
]
