"""What spans the apps: the log of spreadsheet imports (written by archive.receivers when the
import framework, core.import_admin, says an import finished)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from events.models import Event
from reports.models import Delegation


class ImportKind(models.TextChoices):
    ROSTER = "roster", _("roster")
    PROGRAMME = "programme", _("programme")


class ImportOutcome(models.TextChoices):
    IMPORTED = "imported", _("imported")
    REFUSED = "refused", _("refused: nothing written")


class ImportSource(models.TextChoices):
    ADMIN = "admin", _("admin")
    COMMAND = "command", _("command line")


class ImportRecord(models.Model):
    """One import of a spreadsheet (a roster into a delegation, a programme into a summit): who,
    when, which file (name and SHA-256), and what it did. Written by the importers only; read-only
    in the admin. The permissions to import live on what they guard: reports.import_roster on
    delegations, events.import_programme on events."""

    kind = models.CharField(_("kind"), max_length=20, choices=ImportKind.choices)
    outcome = models.CharField(_("outcome"), max_length=20, choices=ImportOutcome.choices)
    source = models.CharField(_("source"), max_length=20, choices=ImportSource.choices)
    delegation = models.ForeignKey(
        Delegation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="import_records",
        verbose_name=_("delegation"),
    )
    event = models.ForeignKey(
        Event,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="import_records",
        verbose_name=_("summit"),
    )
    target = models.CharField(_("imported into"), max_length=500, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    # Who ran a command-line import: its --user (above) is optional, the shell account is not.
    system_account = models.CharField(
        _("system account"),
        max_length=150,
        blank=True,
        help_text=_("The operating-system account that ran a command-line import."),
    )
    file_name = models.CharField(_("file name"), max_length=255)
    file_sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    file_size = models.PositiveIntegerField(_("file size (bytes)"))
    file_format = models.CharField(_("file format"), max_length=10)
    encoding = models.CharField(_("encoding"), max_length=20, blank=True)
    rows = models.PositiveIntegerField(_("rows in the file"), default=0)
    rows_new = models.PositiveIntegerField(_("new rows"), default=0)
    rows_updated = models.PositiveIntegerField(_("updated rows"), default=0)
    rows_unchanged = models.PositiveIntegerField(_("unchanged rows"), default=0)
    rows_deleted = models.PositiveIntegerField(_("deleted rows"), default=0)
    rows_with_errors = models.PositiveIntegerField(_("rows with errors"), default=0)
    created_records = models.JSONField(_("records created"), default=dict, blank=True)
    messages = models.TextField(_("messages"), blank=True)
    created_at = models.DateTimeField(_("imported at"), auto_now_add=True)

    class Meta:
        verbose_name = _("import record")
        verbose_name_plural = _("import records")
        ordering = ["-created_at", "-pk"]
        # The table it had in reports, where it was made (migration archive 0001).
        db_table = "reports_importrecord"

    def __str__(self):
        when = f" · {self.created_at:%Y-%m-%d %H:%M}" if self.created_at else ""
        return f"{self.get_kind_display()} · {self.file_name}{when}"


class MergeKind(models.TextChoices):
    PERSON = "person", _("person")
    ORGANIZATION = "organization", _("organisation")


class Merge(models.Model):
    """One reviewed merge of people or of organisations (archive.merging): who, when, the
    survivor, and a snapshot of everything the merge changed (the merged records as they were,
    the rows moved to the survivor, the survivor's values before), from which it is undone."""

    kind = models.CharField(_("kind"), max_length=20, choices=MergeKind.choices)
    # The survivor by id, not by foreign key: one column for either kind, and the record of the
    # merge outlives the survivor (its later merge into a third, or its deletion).
    survivor_id = models.PositiveBigIntegerField(_("survivor id"))
    survivor_name = models.CharField(_("survivor"), max_length=300)
    merged_names = models.CharField(_("merged records"), max_length=1000)
    snapshot = models.JSONField(_("snapshot"), default=dict, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("merged by"),
    )
    created_at = models.DateTimeField(_("merged at"), auto_now_add=True)
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("undone by"),
    )

    class Meta:
        verbose_name = _("merge")
        verbose_name_plural = _("merges")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["kind", "survivor_id"], name="merge_survivor")]
        # Merging rewrites what published material shows: a reviewer's decision (migration 0003).
        permissions = [("merge_records", _("Can merge people and organisations"))]

    def __str__(self):
        return f"{self.merged_names} → {self.survivor_name}"


class MergedAddress(models.Model):
    """The slug of a merged record, answered with a permanent redirect to its survivor's page
    (archive.people_views). A later merge of the survivor points these at the new survivor, so
    a chain of merges takes one redirect."""

    kind = models.CharField(_("kind"), max_length=20, choices=MergeKind.choices)
    # Found by (kind, slug): the unique constraint's index serves it.
    slug = models.SlugField(_("slug"), max_length=100, db_index=False)
    survivor_id = models.PositiveBigIntegerField(_("survivor id"))
    merge = models.ForeignKey(
        Merge, on_delete=models.CASCADE, related_name="addresses", verbose_name=_("merge")
    )

    class Meta:
        verbose_name = _("address of a merged record")
        verbose_name_plural = _("addresses of merged records")
        constraints = [models.UniqueConstraint(fields=["kind", "slug"], name="merged_address_unique")]

    def __str__(self):
        return self.slug


class DuplicateKind(models.TextChoices):
    PERSON = "person", _("people")
    ORGANIZATION = "organization", _("organisations")


class PossibleDuplicate(models.Model):
    """Two records (people or organisations) whose names are probably one's, found by
    archive.duplicates from the matching keys they share, with why and how strongly. Made by
    the command find_possible_duplicates and kept current for the records an import or a save
    touched; the reviewers' list reads it."""

    kind = models.CharField(_("kind"), max_length=20, choices=DuplicateKind.choices)
    # The ids of the two records, the smaller first: a pair of people or of organisations, so
    # plain ids rather than two pairs of foreign keys (a deleted record's pairs go with it,
    # archive.receivers).
    first = models.BigIntegerField(_("first record"))
    second = models.BigIntegerField(_("second record"))
    reasons = models.JSONField(_("reasons"), default=list)
    score = models.PositiveIntegerField(_("score"), default=0)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")
        ordering = ["kind", "-score", "first", "second"]
        indexes = [
            # The reviewers' list: one kind, strongest evidence first.
            models.Index(fields=["kind", "-score", "first", "second"], name="possible_duplicate_rank"),
            models.Index(fields=["kind", "second"], name="possible_duplicate_second"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["kind", "first", "second"], name="possible_duplicate_unique"),
            models.CheckConstraint(condition=Q(first__lt=F("second")), name="possible_duplicate_ordered"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.first} · {self.second}"


class NotDuplicate(models.Model):
    """A reviewer's word that two records are not the same: the pair is never listed again."""

    kind = models.CharField(_("kind"), max_length=20, choices=DuplicateKind.choices)
    # The smaller id first, as in PossibleDuplicate, so one row answers for both orders.
    first = models.BigIntegerField(_("first record"))
    second = models.BigIntegerField(_("second record"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), auto_now_add=True)

    class Meta:
        verbose_name = _("pair that is not a duplicate")
        verbose_name_plural = _("pairs that are not duplicates")
        ordering = ["-decided_at"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "first", "second"], name="not_duplicate_unique"),
            models.CheckConstraint(condition=Q(first__lt=F("second")), name="not_duplicate_ordered"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.first} ≠ {self.second}"
