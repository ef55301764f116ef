"""django-import-export's own words on our import and preview pages (the page title and
breadcrumb, the list of columns, the buttons, the line above the preview), named here so that
makemessages puts them in our catalogue: the package has no Traditional Chinese catalogue, and
a LOCALE_PATHS catalogue comes before an app's own. Nothing imports this module; the msgids
must stay exactly as django-import-export writes them (the trailing space included)."""

from django.utils.translation import gettext_noop

IMPORT_EXPORT_STRINGS = (
    # import_export/admin.py: the page's title; admin/import_export/import.html: its breadcrumb.
    gettext_noop("Import"),
    # admin/import_export/resource_fields_list.html
    gettext_noop("This importer will import the following fields: "),
    # admin/import_export/import.html: the upload form's button, then the preview's form.
    gettext_noop("Submit"),
    gettext_noop(
        "Below is a preview of data to be imported. If you are satisfied with the results, "
        "click 'Confirm import'"
    ),
    gettext_noop("Confirm import"),
)
