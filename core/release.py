"""Which build of the archive's code is serving: part of every cached page's key and ETag, so
pages rendered by the code before a deploy are never served by the code after it (the
publication version only changes with the data).

RELEASE from the environment names it (a deploy sets it, say, to the commit it ships); without
it, the build is named by a digest of what shapes a page: the code, templates, translations,
static files and pinned requirements. Every server with the same checkout computes the same
name, so servers of one deploy share their cached pages.
"""

import functools
import hashlib

from django.conf import settings

# What a public page is made from; tests, development tools and local data are left out.
SOURCE_FOLDERS = [
    *("ogparchive", "core", "people", "events", "reports", "archive"),
    *("templates", "static", "locale"),
]
SOURCE_SUFFIXES = {".py", ".html", ".txt", ".mo", ".css", ".js", ".svg", ".json"}


@functools.cache
def release():
    if settings.RELEASE:
        return settings.RELEASE
    digest = hashlib.sha256()
    base = settings.BASE_DIR
    sources = [base / "requirements.txt"]
    for folder in SOURCE_FOLDERS:
        sources += (path for path in (base / folder).rglob("*") if path.suffix in SOURCE_SUFFIXES)
    for path in sorted(path for path in sources if path.is_file()):
        digest.update(str(path.relative_to(base)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
