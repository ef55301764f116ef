from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PublicationVersion(models.Model):
    """The one row holding the publication version: a number that grows after every committed
    write that can change what the public sees (see core.publication_version)."""

    ROW = 1

    id = models.PositiveSmallIntegerField(primary_key=True, default=ROW)
    number = models.PositiveBigIntegerField(_("number"), default=0)
    # When the number last grew, in whole seconds and later for each number than for the one
    # before: the public pages' Last-Modified, which HTTP gives to the second, so a conditional
    # request made after one change never matches the next.
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        # The table the project package's app created before the base layer became an app
        # of its own (core/migrations/0001).
        db_table = "ogparchive_publicationversion"
        verbose_name = _("publication version")
        verbose_name_plural = _("publication version")
        constraints = [models.CheckConstraint(condition=Q(id=1), name="publication_version_one_row")]

    def __str__(self):
        return str(self.number)
