from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    """Tools for developing the archive, not part of it: the synthetic archive generator
    (generate_demo_data), the page and import benchmarks and the load test. No models, no
    URLs: installed only so that manage.py finds its commands."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "devtools"
