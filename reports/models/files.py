"""A report's files: its PDF and attachments."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..pdf import PdfFileField, delete_when_committed, read_pdf, safe_download_name, stored_file_name
from .reports import Report, ReportPartQuerySet


class ReportFileKind(models.TextChoices):
    REPORT = "report", _("report")
    ATTACHMENT = "attachment", _("attachment")


class ReportFile(models.Model):
    """A report's PDF or an attachment. Stored under a random name (reports.pdf); the public
    reads it through the report-file view while the report is published, never from MEDIA."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="files", verbose_name=_("report")
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=ReportFileKind.choices, default=ReportFileKind.REPORT
    )
    title = models.CharField(_("title"), max_length=300, blank=True)
    file = PdfFileField(_("file"), upload_to=stored_file_name, max_length=255, help_text=_("A PDF document."))
    original_name = models.CharField(_("original file name"), max_length=255, blank=True, editable=False)
    size = models.PositiveBigIntegerField(_("size (bytes)"), null=True, blank=True, editable=False)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True, editable=False)
    extracted_text = models.TextField(_("extracted text"), blank=True, editable=False)

    objects = ReportPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("file")
        verbose_name_plural = _("files")
        ordering = ["report_id", "kind", "pk"]

    def __str__(self):
        return self.title or self.original_name or self.file.name

    def save(self, *args, **kwargs):
        upload = self.file if self.file and not self.file._committed else None
        replaced = None
        if upload is not None:
            # The form field has read the PDF already (reports.pdf.PdfFormField); other writers
            # (the shell, loaders) have it read here.
            facts = getattr(upload.file, "pdf", None) or read_pdf(upload)
            self.original_name = safe_download_name(upload.name or "")
            self.size, self.sha256, self.extracted_text = facts.size, facts.sha256, facts.text
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {
                    *kwargs["update_fields"],
                    *("file", "original_name", "size", "sha256", "extracted_text"),
                }
            if self.pk:
                replaced = ReportFile.objects.filter(pk=self.pk).values_list("file", flat=True).first()
        super().save(*args, **kwargs)
        if replaced and replaced != self.file.name:
            delete_when_committed(ReportFile, "file", replaced)

    def get_absolute_url(self):
        return reverse("reports:report-file", kwargs={"slug": self.report.slug, "pk": self.pk})

    @property
    def download_name(self):
        return self.original_name or safe_download_name(self.file.name)
