from django.db import migrations

# The languages the summits' programmes print (sessions, interpretation), ISO 639-1.
LANGUAGES = [
    ("en", "英文", "English"),
    ("fr", "法文", "French"),
    ("es", "西班牙文", "Spanish"),
    ("et", "愛沙尼亞文", "Estonian"),
    ("zh", "中文", "Chinese"),
]


def add_languages(apps, schema_editor):
    Language = apps.get_model("events", "Language")
    for code, name_zh, name_en in LANGUAGES:
        Language.objects.update_or_create(code=code, defaults={"name_zh": name_zh, "name_en": name_en})


class Migration(migrations.Migration):
    dependencies = [("events", "0002_room_name_optional")]

    operations = [migrations.RunPython(add_languages, migrations.RunPython.noop)]
