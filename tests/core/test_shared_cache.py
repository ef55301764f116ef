"""The cache several app servers share: with CACHE_URL naming a Redis server, what one process
writes (the progress of a report being read, a figure computed under the publication version)
another process reads; with the embedded default each process has its own. .ci/run runs these
tests once more against a real redis-server."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache

pytestmark = pytest.mark.cache

MANAGE = Path(__file__).resolve().parents[2] / "manage.py"


def read_in_another_process(key):
    """The value another Django process, configured from the same environment, reads at `key`."""
    code = f"from django.core.cache import cache; print(repr(cache.get({key!r})))"
    done = subprocess.run(
        [sys.executable, str(MANAGE), "shell", "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "ogparchive.settings"},
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


def test_another_process_reads_what_this_one_cached_exactly_when_the_cache_is_shared():
    key, value = f"shared-{secrets.token_hex(4)}", secrets.token_hex(8)
    cache.set(key, value, 60)
    shared = settings.CACHES["default"]["BACKEND"].endswith("RedisCache")
    assert shared == bool(os.environ.get("CACHE_URL"))
    assert read_in_another_process(key) == (repr(value) if shared else "None")


def test_a_cache_url_that_is_not_redis_is_refused_with_a_message():
    done = subprocess.run(
        [sys.executable, str(MANAGE), "check"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "CACHE_URL": "memcached://127.0.0.1:11211"},
    )
    assert done.returncode != 0
    assert "CACHE_URL must be a redis://, rediss:// or unix:// address, or unset." in done.stderr
