"""Source and correction notes, attached to any record."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from events.models import Event, SessionRole
from people.models import Organization, Person

from .delegations import Delegation, DelegationMember
from .reports import PublicationStatus, Report


class NoteKind(models.TextChoices):
    SOURCE = "source", _("source")
    CORRECTION = "correction", _("correction")


class SourceNoteQuerySet(models.QuerySet):
    def public(self):
        """Notes published material shows: on a public record, citing no unpublished report."""
        public_records = [
            Person.objects.public(),
            Organization.objects.public(),
            Event.objects.public(),
            SessionRole.objects.public(),
            Delegation.objects.public(),
            DelegationMember.objects.public(),
            Report.objects.published(),
        ]
        on_public_record = Q()
        for records in public_records:
            content_type = ContentType.objects.get_for_model(records.model)
            on_public_record |= Q(content_type=content_type, object_id__in=records.values("pk"))
        return self.filter(on_public_record).filter(
            Q(report__isnull=True) | Q(report__status=PublicationStatus.PUBLISHED)
        )

    def for_record(self, record, publishing=None):
        """The notes of one record that the public may read: none citing an unpublished report.
        `publishing`: a report shown as it will be once published (a staff preview), whose
        notes citing it count as public."""
        cited = Q(report__isnull=True) | Q(report__status=PublicationStatus.PUBLISHED)
        if publishing is not None:
            cited |= Q(report=publishing)
        return (
            self.filter(
                content_type=ContentType.objects.get_for_model(record),
                object_id=record.pk,
            )
            .filter(cited)
            .select_related("report")
        )


class SourceNote(models.Model):
    """Where a record comes from (which report, which page) or what a source printed wrongly
    and what the archive holds instead. Attaches to any record."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, verbose_name=_("record type"))
    object_id = models.PositiveBigIntegerField(_("record id"))
    record = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(_("kind"), max_length=20, choices=NoteKind.choices, default=NoteKind.SOURCE)
    report = models.ForeignKey(
        Report,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="source_notes",
        verbose_name=_("source report"),
    )
    location = models.CharField(
        _("where in the source"), max_length=200, blank=True, help_text=_("page or section")
    )
    source_text = models.TextField(_("as the source prints it"), blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = SourceNoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("source or correction note")
        verbose_name_plural = _("sources and correction notes")
        ordering = ["content_type", "object_id", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="source_note_record")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.note[:60] or self.source_text[:60]}"
