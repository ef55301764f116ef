import ast
import gettext
import re
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.utils import translation

from reports.models import Delegation, DelegationMember

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "zh_Hant" / "LC_MESSAGES" / "django.po"


def test_labels_are_in_traditional_chinese_first_and_english_second():
    with translation.override("zh-hant"):
        chinese = (str(Delegation._meta.verbose_name), str(DelegationMember._meta.verbose_name_plural))
    with translation.override("en"):
        english = (str(Delegation._meta.verbose_name), str(DelegationMember._meta.verbose_name_plural))

    assert chinese == ("代表團", "團員名單")
    assert english == ("delegation", "roster")


def test_every_string_of_the_catalogue_has_a_chinese_translation():
    entries = CATALOGUE.read_text(encoding="utf-8").split("\n\n")[1:]
    untranslated = [entry for entry in entries if entry.rstrip().endswith('msgstr ""')]

    assert untranslated == []


def _po_entries(path):
    """(msgctxt, msgid, msgstr) of a catalogue, continuation lines joined; msgctxt is None without one."""
    entries, current, field = [], {}, None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith(("msgctxt ", "msgid ", "msgstr ")):
            field, _, value = line.partition(" ")
            if field == "msgctxt" or (field == "msgid" and "msgid" in current):
                current = {}  # a new entry (a plural entry before it never reaches "msgstr ")
            current[field] = ast.literal_eval(value)
            if field == "msgstr":
                entries.append(current)
                current = {}
        elif line.startswith('"') and field:
            target = entries[-1] if field == "msgstr" else current
            target[field] += ast.literal_eval(line)
    return [(entry.get("msgctxt"), entry["msgid"], entry["msgstr"]) for entry in entries if entry["msgid"]]


def test_compiled_catalogue_matches_its_source():
    with CATALOGUE.with_suffix(".mo").open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)

    def compiled(context, msgid):
        return catalogue.pgettext(context, msgid) if context else catalogue.gettext(msgid)

    stale = [msgid for context, msgid, msgstr in _po_entries(CATALOGUE) if compiled(context, msgid) != msgstr]

    assert stale == []


def test_every_field_label_of_the_archive_is_translated():
    untranslated = []
    for app in ("people", "events", "reports"):
        for model in apps.get_app_config(app).get_models():
            if hasattr(model, "instance_type"):
                # A historical model (core.history): its history_* fields are
                # simple-history's, shown in no form; its own name is checked.
                labels = [model._meta.verbose_name, model._meta.verbose_name_plural]
            else:
                labels = [model._meta.verbose_name, model._meta.verbose_name_plural] + [
                    field.verbose_name
                    for field in model._meta.get_fields()
                    if hasattr(field, "verbose_name") and field.editable and not field.auto_created
                ]
            for label in labels:
                with translation.override("zh-hant"):
                    chinese = str(label)
                with translation.override("en"):
                    english = str(label)
                if chinese == english and not re.search(r"[\u4e00-\u9fff]", chinese):
                    untranslated.append(f"{model._meta.label}: {english}")

    assert untranslated == []
