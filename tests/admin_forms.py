"""The report's admin change form as a browser posts it, for the tests that save a report."""

REPORT_INLINES = (
    "authors",
    "sections",
    "recommendations",
    "follow_up_items",
    "files",
    "reports-sourcenote-content_type-object_id",
    "status_changes",
)


def report_form(report, **changes):
    """The change form of `report`: its fields as stored, no inline rows, then `changes`."""
    data = {
        "title": report.title,
        "title_en": report.title_en,
        "slug": report.slug,
        "delegation": report.delegation_id or "",
        "agency": report.agency_id,
        "category": report.category,
        "category_detail": report.category_detail,
        "report_date": report.report_date.isoformat(),
        "report_date_precision": report.report_date_precision,
        "pages": report.pages or "",
        "pages_note": report.pages_note,
        "classification": report.classification,
        "abstract": report.abstract,
        "cost": report.cost or "",
        "sponsor": report.sponsor,
        "system_id": report.system_id,
        "portal_url": report.portal_url,
        "access_level": report.access_level,
    }
    for prefix in REPORT_INLINES:
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    return {**data, **changes}
