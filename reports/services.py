"""Writes on reports that touch more than one field or model."""

from django.utils import timezone

from .models import PublicationStatus


def record_status_change(report, previous_status, user):
    """Stamp who moved a report to its current status and when; the first publication also
    sets `published_at`. Call before saving the report."""
    if report.status == previous_status:
        return
    now = timezone.now()
    report.status_changed_at = now
    report.status_changed_by = user
    if report.status == PublicationStatus.PUBLISHED and report.published_at is None:
        report.published_at = now
