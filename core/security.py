"""Staff logins under django-axes: where a login comes from, and what a locked-out user sees."""

from django.conf import settings
from django.contrib import admin
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _


def client_address(request):
    """The address a request came from.

    Without a proxy it is the connection's. Behind PROXY_COUNT reverse proxies, each of which
    appends the address it received the request from to X-Forwarded-For, the client is the
    PROXY_COUNT-th entry from the right: entries further left were written by the client and
    can be forged. A header shorter than that means a request that bypassed the proxies: its
    connection address is all that can be trusted.
    """
    if settings.PROXY_COUNT:
        forwarded = [
            address.strip()
            for address in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if address.strip()
        ]
        if len(forwarded) >= settings.PROXY_COUNT:
            return forwarded[-settings.PROXY_COUNT]
    return request.META.get("REMOTE_ADDR")


def lockout_response(request, original_response=None, credentials=None):
    """The page a user locked out by too many failed logins gets (429), in the admin's look."""
    context = {
        **admin.site.each_context(request),
        "title": _("Too many failed logins"),
        "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return render(request, "admin/lockout.html", context, status=429)
