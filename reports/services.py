"""Writes on reports that touch more than one field or model.

The publication workflow is written here once: which steps exist, from which status, and the
permission each needs (TRANSITIONS); who may edit a report in each status (can_edit_report); and
the one write that moves a report (move_report), which stamps the report and logs the step.

    draft ──submit──▶ in review ──publish──▶ published
      ▲                  │                      │
      └────return────────┘                      │
      └────────────────withdraw─────────────────┘

Editors (編輯) submit drafts; reviewers (審核, with reports.publish_report) also publish, return
and withdraw. Only drafts are open to editors: a report in review or published, and its parts
(authors, sections, recommendations, follow-up items, files), change only with the publish
permission, so no published text changes without a reviewer.
"""

import dataclasses

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import Delegation, PublicationStatus, Report, StatusChange

PUBLISH_PERMISSION = "reports.publish_report"
EDIT_PERMISSION = "reports.change_report"


@dataclasses.dataclass(frozen=True)
class Transition:
    name: str
    label: Promise
    sources: tuple
    target: str
    permission: str
    done: Promise  # the message once made

    def allowed(self, user):
        return user.has_perm(self.permission)


TRANSITIONS = {
    transition.name: transition
    for transition in (
        Transition(
            "submit",
            _("Submit for review"),
            (PublicationStatus.DRAFT,),
            PublicationStatus.IN_REVIEW,
            EDIT_PERMISSION,
            _("“%(report)s” was submitted for review."),
        ),
        Transition(
            "publish",
            _("Publish"),
            (PublicationStatus.IN_REVIEW,),
            PublicationStatus.PUBLISHED,
            PUBLISH_PERMISSION,
            _("“%(report)s” was published."),
        ),
        Transition(
            "return",
            _("Return to draft"),
            (PublicationStatus.IN_REVIEW,),
            PublicationStatus.DRAFT,
            PUBLISH_PERMISSION,
            _("“%(report)s” was returned to draft."),
        ),
        Transition(
            "withdraw",
            _("Withdraw to draft"),
            (PublicationStatus.PUBLISHED,),
            PublicationStatus.DRAFT,
            PUBLISH_PERMISSION,
            _("“%(report)s” was withdrawn: it is a draft and no longer public."),
        ),
    )
}


class TransitionRefused(Exception):
    """The step does not start from the report's status (someone else moved it first)."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def transitions_for(user, report):
    """The steps `user` may take with `report` now, in TRANSITIONS' order."""
    return [t for t in TRANSITIONS.values() if report.status in t.sources and t.allowed(user)]


def can_edit_report(user, report):
    """Whether `user` may change `report` and its parts: drafts with the change permission,
    any status with the publish permission too."""
    if not user.has_perm(EDIT_PERMISSION):
        return False
    return report.status == PublicationStatus.DRAFT or user.has_perm(PUBLISH_PERMISSION)


def can_edit_delegation(user, delegation):
    """Whether `user` may change `delegation` and what it holds (roster, destinations, events
    attended): while none of its reports has left draft, or with the publish permission. The
    roster is part of a published report's page, so it changes with a reviewer too."""
    return (
        user.has_perm(PUBLISH_PERMISSION)
        or not delegation.reports.exclude(status=PublicationStatus.DRAFT).exists()
    )


def delegations_open_to(user):
    """The delegations `user` may change (can_edit_delegation), as a queryset."""
    if user.has_perm(PUBLISH_PERMISSION):
        return Delegation.objects.all()
    return Delegation.objects.exclude(
        reports__status__in=[PublicationStatus.IN_REVIEW, PublicationStatus.PUBLISHED]
    )


def reports_open_to(user):
    """The reports `user` may change (can_edit_report, given the change permission)."""
    if user.has_perm(PUBLISH_PERMISSION):
        return Report.objects.all()
    return Report.objects.filter(status=PublicationStatus.DRAFT)


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


def move_report(report, transition, user, note=""):
    """Take one step of the workflow: check the permission (PermissionDenied) and that the
    report, read under its row lock, is where the step starts (TransitionRefused); then save
    the new status with who and when, and log the step. Returns the StatusChange."""
    if not transition.allowed(user):
        raise PermissionDenied
    with transaction.atomic():
        current = Report.objects.select_for_update().get(pk=report.pk)
        if current.status not in transition.sources:
            raise TransitionRefused(
                _("“%(report)s” is %(status)s now: it cannot be moved that way.")
                % {"report": current, "status": current.get_status_display()}
            )
        previous = current.status
        current.status = transition.target
        record_status_change(current, previous, user)
        current.save(update_fields=["status", "status_changed_at", "status_changed_by", "published_at"])
        change = StatusChange.objects.create(
            report=current,
            from_status=previous,
            to_status=current.status,
            user=user if user.is_authenticated else None,
            changed_at=current.status_changed_at,
            note=note.strip(),
        )
    for field in ("status", "status_changed_at", "status_changed_by", "published_at"):
        setattr(report, field, getattr(current, field))
    return change
