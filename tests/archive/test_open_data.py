"""The sessions download as an independent client reads it: every CSV row the same width,
times with their offset, and the stated length where the source prints no end."""

import csv
import datetime
import io
import json

import pytest
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db

PITCH = "ogp-2016-paris-pitch-e-participation-socially-disadvantaged"
PITCH_BEFORE = "ogp-2016-paris-thu-pitch-1300-irm-civic"


def download(client, form, **filters):
    with translation.override("en"):
        url = reverse("events:session-list")
    response = client.get(url, {"download": form, "format": "pitch", "day": "2016-12-08", **filters})
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_sessions_csv_download_gives_a_stated_duration_and_ends_where_printed(demo, client):
    rows = list(csv.DictReader(io.StringIO(download(client, "csv").decode("utf-8-sig"))))
    by_slug = {row["slug"]: row for row in rows}

    assert {len(row) for row in rows} == {len(rows[0])}
    assert (by_slug[PITCH]["starts at (local time)"], by_slug[PITCH]["ends at (local time)"]) == (
        "2016-12-08T13:15:00+01:00",
        "",
    )
    assert by_slug[PITCH]["duration (minutes)"] == "15"
    assert (by_slug[PITCH_BEFORE]["ends at (local time)"], by_slug[PITCH_BEFORE]["duration (minutes)"]) == (
        "2016-12-08T13:15:00+01:00",
        "",
    )


def test_sessions_json_download_gives_the_duration_as_a_number(demo, client):
    rows = {row["id"]: row for row in json.loads(download(client, "json"))}

    assert rows[PITCH]["duration_minutes"] == 15
    assert rows[PITCH_BEFORE]["duration_minutes"] is None
    start = datetime.datetime.fromisoformat(rows[PITCH]["starts_at"])
    paris_winter = datetime.timezone(datetime.timedelta(hours=1))
    assert start + datetime.timedelta(minutes=rows[PITCH]["duration_minutes"]) == datetime.datetime(
        2016, 12, 8, 13, 30, tzinfo=paris_winter
    )
