"""Writes on reports that touch more than one field or model.

The publication workflow is written here once: which steps exist, from which status, and the
permission each needs (TRANSITIONS); who may edit a report in each status (can_edit_report); and
the one write that moves a report (move_report), which stamps the report and logs the step.

    draft ──submit──▶ in review ──publish──▶ published ──withdraw (reason)──▶ withdrawn
      ▲                  │                      ▲                                  │
      ├────return────────┘                      └──────────publish again───────────┤
      └────────────────────────────return (for rework)─────────────────────────────┘

Editors (編輯) submit drafts; reviewers (審核, with reports.publish_report) also publish, return,
withdraw and publish again. Only drafts are open to editors: a report in review, published or
withdrawn, and its parts (authors, sections, recommendations, follow-up items, files), change
only with the publish permission, so no published text changes without a reviewer.

Withdrawing is not un-publishing: the report keeps its own status, its address answers 410 Gone
with the date and the reason (reports.views), and the reason is required (the withdrawal's
StatusChange note). To the public it is otherwise a draft: `published()` and the public flags
(reports.publication) count published reports only, so what was public only through it leaves
every list, search, count, download and feed. A reviewer may publish it again as it was, or
return it to draft for rework (then its address is a 404, like any draft's). To remove a report
entirely, a reviewer deletes it in the admin: its address is a 404.

Every step keeps who, when and why (StatusChange); corrections to the report's fields keep
theirs in its history (simple_history).
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
    # Whether the step needs a reason (the StatusChange note): one shown to the public.
    needs_reason: bool = False

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
            (PublicationStatus.IN_REVIEW, PublicationStatus.WITHDRAWN),
            PublicationStatus.DRAFT,
            PUBLISH_PERMISSION,
            _("“%(report)s” was returned to draft."),
        ),
        Transition(
            "withdraw",
            _("Withdraw"),
            (PublicationStatus.PUBLISHED,),
            PublicationStatus.WITHDRAWN,
            PUBLISH_PERMISSION,
            _("“%(report)s” was withdrawn: its page says so, with the reason; nothing else of it is public."),
            needs_reason=True,
        ),
        Transition(
            "republish",
            _("Publish again"),
            (PublicationStatus.WITHDRAWN,),
            PublicationStatus.PUBLISHED,
            PUBLISH_PERMISSION,
            _("“%(report)s” was published again."),
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
    left_draft = [status for status in PublicationStatus.values if status != PublicationStatus.DRAFT]
    return Delegation.objects.exclude(reports__status__in=left_draft)


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
    report, read under its row lock, is where the step starts, and that a step which needs a
    reason has one (TransitionRefused); then save
    the new status with who and when, and log the step. Returns the StatusChange."""
    if not transition.allowed(user):
        raise PermissionDenied
    if transition.needs_reason and not note.strip():
        raise TransitionRefused(
            _("“%(report)s” was not moved: give the reason in the note; it is shown on the report’s page.")
            % {"report": report}
        )
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
