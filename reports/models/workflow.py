"""The publication workflow's log."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .reports import PublicationStatus, Report


class StatusChange(models.Model):
    """One step of a report through the publication workflow (reports.services.move_report):
    from which status to which, who, when and why. Written by the workflow only."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("report")
    )
    from_status = models.CharField(_("from"), max_length=20, choices=PublicationStatus.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=PublicationStatus.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    changed_at = models.DateTimeField(_("when"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["-changed_at", "-pk"]

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"
